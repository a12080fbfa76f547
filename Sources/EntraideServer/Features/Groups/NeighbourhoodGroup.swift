import Vapor
import Fluent
import EntraideCore

/// A neighbourhood group: people of one zone who post, comment and organise together. Its
/// centre is stored blurred, like any point a member gives.
final class NeighbourhoodGroup: Model, @unchecked Sendable {
    static let schema = "neighbourhood_groups"

    @ID(key: .id) var id: UUID?
    @Parent(key: "created_by") var creator: User
    @Field(key: "name") var name: String
    @OptionalField(key: "description") var details: String?
    @OptionalField(key: "welcome_message") var welcomeMessage: String?
    @OptionalField(key: "charter") var charter: String?
    @OptionalField(key: "city") var city: String?
    @OptionalField(key: "postal_code") var postalCode: String?
    @Field(key: "lat") var lat: Double
    @Field(key: "lon") var lon: Double
    @Field(key: "visibility") var visibility: String
    @Field(key: "women_only") var womenOnly: Bool
    @Field(key: "moderation") var moderation: String
    /// Why screening holds it (reason codes), and the fingerprint of the text a moderator approved.
    @OptionalField(key: "held_reasons") var heldReasons: String?
    @OptionalField(key: "reviewed_hash") var reviewedHash: String?
    @Field(key: "member_count") var memberCount: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $creator, $name, $details, $welcomeMessage, $charter, $city, $postalCode, $lat, $lon,
            $visibility, $womenOnly, $moderation, $heldReasons, $reviewedHash, $memberCount, $createdAt,
            $updatedAt
        ]
    }

    init() {}

    var isPrivate: Bool { visibility == GroupVisibility.private.rawValue }
    var isVisible: Bool { moderation == ModerationState.visible.rawValue }
    var point: GeoPoint { GeoPoint(lat: lat, lon: lon) }
}

final class GroupPost: Model, @unchecked Sendable {
    static let schema = "group_posts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: NeighbourhoodGroup
    @Parent(key: "author_id") var author: User
    @Field(key: "body") var body: String
    /// The choices of a simple poll, when the post asks a question.
    @OptionalField(key: "poll_options") var pollOptions: [String]?
    @Field(key: "moderation") var moderation: String
    /// Why screening holds it (reason codes), and the fingerprint of the text a moderator approved.
    @OptionalField(key: "held_reasons") var heldReasons: String?
    @OptionalField(key: "reviewed_hash") var reviewedHash: String?
    @Field(key: "comment_count") var commentCount: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $group, $author, $body, $pollOptions, $moderation, $heldReasons, $reviewedHash,
            $commentCount, $createdAt, $updatedAt
        ]
    }

    init() {}
}

/// One level of comments under a post: a comment has no replies of its own.
final class PostComment: Model, @unchecked Sendable {
    static let schema = "post_comments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "post_id") var post: GroupPost
    @Parent(key: "author_id") var author: User
    @Field(key: "body") var body: String
    @Field(key: "moderation") var moderation: String
    /// Why screening holds it (reason codes), and the fingerprint of the text a moderator approved.
    @OptionalField(key: "held_reasons") var heldReasons: String?
    @OptionalField(key: "reviewed_hash") var reviewedHash: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $post, $author, $body, $moderation, $heldReasons, $reviewedHash, $createdAt
        ]
    }

    init() {}
}

final class PostReaction: Model, @unchecked Sendable {
    static let schema = "post_reactions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "post_id") var post: GroupPost
    @Parent(key: "user_id") var user: User
    @Field(key: "kind") var kind: String

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] { [$id, $post, $user, $kind] }

    init() {}
}

final class PollVote: Model, @unchecked Sendable {
    static let schema = "poll_votes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "post_id") var post: GroupPost
    @Parent(key: "user_id") var user: User
    @Field(key: "option") var option: Int
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] { [$id, $post, $user, $option, $updatedAt] }

    init() {}
}

struct CreateNeighbourhoodGroups: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(NeighbourhoodGroup.schema)
            .id()
            .field("created_by", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("description", .string)
            .field("welcome_message", .string)
            .field("charter", .string)
            .field("city", .string)
            .field("postal_code", .string)
            .field("lat", .double, .required)
            .field("lon", .double, .required)
            .field("visibility", .string, .required)
            .field("women_only", .bool, .required)
            .field("moderation", .string, .required)
            .field("member_count", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.sql.raw("CREATE INDEX groups_place_idx ON neighbourhood_groups (lat, lon)").run()
        try await database.schema(GroupPost.schema)
            .id()
            .field("group_id", .uuid, .required, .references(NeighbourhoodGroup.schema, .id, onDelete: .cascade))
            .field("author_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("body", .string, .required)
            .field("poll_options", .array(of: .string))
            .field("moderation", .string, .required)
            .field("comment_count", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.sql.raw("CREATE INDEX group_posts_group_idx ON group_posts (group_id, created_at)").run()
        try await database.schema(PostComment.schema)
            .id()
            .field("post_id", .uuid, .required, .references(GroupPost.schema, .id, onDelete: .cascade))
            .field("author_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("body", .string, .required)
            .field("moderation", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.sql.raw("CREATE INDEX post_comments_post_idx ON post_comments (post_id, created_at)").run()
        try await database.schema(PostReaction.schema)
            .id()
            .field("post_id", .uuid, .required, .references(GroupPost.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .unique(on: "post_id", "user_id", "kind")
            .create()
        try await database.schema(PollVote.schema)
            .id()
            .field("post_id", .uuid, .required, .references(GroupPost.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("option", .int, .required)
            .field("updated_at", .datetime)
            .unique(on: "post_id", "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [PollVote.schema, PostReaction.schema, PostComment.schema, GroupPost.schema, NeighbourhoodGroup.schema] {
            try await database.schema(schema).delete()
        }
    }
}

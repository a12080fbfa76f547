import Vapor
import Fluent

/// A member's photo, as the server re-encoded it: a small JPEG (at most 320 px a side and
/// 100 KB) with no metadata, so no camera position or date ever leaves with it.
final class MemberPhoto: Model, @unchecked Sendable {
    static let schema = "member_photos"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "jpeg") var jpeg: Data
    @Field(key: "width") var width: Int
    @Field(key: "height") var height: Int
    @Field(key: "digest") var digest: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] { [$id, $user, $jpeg, $width, $height, $digest, $createdAt] }

    init() {}
}

struct AddMemberPhotos: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MemberPhoto.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("jpeg", .data, .required)
            .field("width", .int, .required)
            .field("height", .int, .required)
            .field("digest", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "user_id")
            .create()
        // SQLite adds one column per statement.
        try await database.schema(User.schema).field("photo_digest", .string).update()
        try await database.schema(User.schema).field("low_data", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("low_data").update()
        try await database.schema(User.schema).deleteField("photo_digest").update()
        try await database.schema(MemberPhoto.schema).delete()
    }
}

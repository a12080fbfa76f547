import Vapor
import Fluent

/// A private conversation. Its participants are memberships; `membersKey` (a digest of the
/// sorted participant ids) is unique, so two members share one 1:1 conversation and a
/// given set of members one group conversation, however many times it is opened.
final class Conversation: Model, @unchecked Sendable {
    static let schema = "conversations"

    enum Kind: String, Codable { case direct, group }

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "members_key") var membersKey: String
    @OptionalField(key: "title") var title: String?
    @OptionalField(key: "last_message_at") var lastMessageAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $kind, $membersKey, $title, $lastMessageAt, $createdAt, $updatedAt
        ]
    }

    init() {}
}

final class Message: Model, @unchecked Sendable {
    static let schema = "messages"

    @ID(key: .id) var id: UUID?
    @Parent(key: "conversation_id") var conversation: Conversation
    @Parent(key: "author_id") var author: User
    @Field(key: "body") var body: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] { [$id, $conversation, $author, $body, $createdAt] }

    init() {}
}

struct CreateConversations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Conversation.schema)
            .id()
            .field("kind", .string, .required)
            .field("members_key", .string, .required)
            .field("title", .string)
            .field("last_message_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "members_key")
            .create()
        try await database.schema(Message.schema)
            .id()
            .field("conversation_id", .uuid, .required, .references(Conversation.schema, .id, onDelete: .cascade))
            .field("author_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX messages_conversation_idx ON messages (conversation_id, created_at, id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Message.schema).delete()
        try await database.schema(Conversation.schema).delete()
    }
}

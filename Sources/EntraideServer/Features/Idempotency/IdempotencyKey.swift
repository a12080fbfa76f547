import Vapor
import Fluent

/// A write already done for a member under a client-chosen key, with the answer it got, so
/// a retried request (an offline client replaying its queue) gets the same answer and
/// creates nothing new.
final class IdempotencyKey: Model, @unchecked Sendable {
    static let schema = "idempotency_keys"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "key") var key: String
    @Field(key: "method") var method: String
    @Field(key: "path") var path: String
    /// SHA-256 of the request body: the same key with another body is a client mistake.
    @Field(key: "request_hash") var requestHash: String
    /// Empty while the first request is still running.
    @OptionalField(key: "status") var status: Int?
    @OptionalField(key: "content_type") var contentType: String?
    @OptionalField(key: "body") var body: Data?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $user, $key, $method, $path, $requestHash, $status, $contentType, $body, $createdAt
        ]
    }

    init() {}
}

struct CreateIdempotencyKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(IdempotencyKey.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("key", .string, .required)
            .field("method", .string, .required)
            .field("path", .string, .required)
            .field("request_hash", .string, .required)
            .field("status", .int)
            .field("content_type", .string)
            .field("body", .data)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id", "key")
            .create()
        try await database.sql.raw("CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IdempotencyKey.schema).delete()
    }
}

import Vapor
import Fluent

/// One SMS in the outbox: every text the platform sends is written here first, whatever the
/// gateway, so operators can see what was sent, when, and whether it went out.
final class SMSMessage: Model, @unchecked Sendable {
    static let schema = "sms_messages"

    enum Status: String, Codable {
        case queued, sent, failed
        /// Kept in the outbox only: the `log` driver sends nothing.
        case logged
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "to_phone") var toPhone: String
    @Field(key: "body") var body: String
    @Field(key: "purpose") var purpose: String
    @Field(key: "driver") var driver: String
    @Field(key: "status") var status: String
    @OptionalParent(key: "user_id") var user: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(toPhone: String, body: String, purpose: String, driver: String, userID: UUID?) {
        self.toPhone = toPhone
        self.body = body
        self.purpose = purpose
        self.driver = driver
        self.status = Status.queued.rawValue
        self.$user.id = userID
    }
}

struct CreateSMSMessages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SMSMessage.schema)
            .id()
            .field("to_phone", .string, .required)
            .field("body", .string, .required)
            .field("purpose", .string, .required)
            .field("driver", .string, .required)
            .field("status", .string, .required)
            .field("user_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("created_at", .datetime)
            .create()
        try await database.sql.create(index: "sms_messages_created_at_idx")
            .on(SMSMessage.schema).column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SMSMessage.schema).delete()
    }
}

import Vapor
import Fluent

/// One SMS in the outbox: every text the platform sends is written here first, whatever the
/// gateway, so operators can see what was sent, when, through whom, and whether it arrived.
final class SMSMessage: Model, @unchecked Sendable {
    static let schema = "sms_messages"

    enum Status: String, Codable, CaseIterable {
        /// Waiting for its (next) attempt at `nextAttemptAt`.
        case queued
        /// Claimed by a sender; a row stuck here after a crash is queued again.
        case sending
        /// A provider took it; `delivered` when its receipt says the phone got it.
        case sent, delivered
        /// Every attempt failed, or the provider said the number cannot receive it.
        case failed
        /// Kept in the outbox only: the `log` driver sends nothing.
        case logged
        /// Not sent: the number said STOP.
        case stopped
        /// Not sent: the number already had its SMS for the day.
        case capped
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "to_phone") var toPhone: String
    @Field(key: "body") var body: String
    @Field(key: "purpose") var purpose: String
    /// The driver that took (or last tried) it.
    @Field(key: "driver") var driver: String
    @Field(key: "status") var status: String
    @OptionalParent(key: "user_id") var user: User?
    @Field(key: "attempts") var attempts: Int
    @OptionalField(key: "next_attempt_at") var nextAttemptAt: Date?
    @OptionalField(key: "provider_message_id") var providerMessageID: String?
    @Field(key: "segments") var segments: Int
    @Field(key: "encoding") var encoding: String
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "sent_at") var sentAt: Date?
    @OptionalField(key: "delivered_at") var deliveredAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $toPhone, $body, $purpose, $driver, $status, $user, $attempts, $nextAttemptAt,
            $providerMessageID, $segments, $encoding, $lastError, $sentAt, $deliveredAt, $createdAt
        ]
    }

    init() {
        attempts = 0
        segments = 1
        encoding = "gsm7"
    }

    init(toPhone: String, body: String, purpose: String, driver: String, userID: UUID?) {
        self.toPhone = toPhone
        self.body = body
        self.purpose = purpose
        self.driver = driver
        self.status = Status.queued.rawValue
        self.$user.id = userID
        self.attempts = 0
        self.segments = 1
        self.encoding = "gsm7"
    }

    var statusValue: Status? { Status(rawValue: status) }
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

import Vapor
import Fluent

/// Something a member should know about. The text is not stored: the kind and its values
/// are, and the text is written in the reader's language when it is read.
final class MemberNotification: Model, @unchecked Sendable {
    static let schema = "notifications"

    enum Kind: String, Codable, CaseIterable, Sendable {
        case message
        case newMember = "new_member"
        case joinRequest = "join_request"
        case joinAccepted = "join_accepted"
        case eventReminder = "event_reminder"
        case eventCancelled = "event_cancelled"
        /// A moderator's decision about the member (the text says which, and why).
        case moderation

        /// News that members who live by SMS receive by SMS too (`SMSNotices`).
        var reachesSMS: Bool { self == .message || self == .eventReminder || self == .eventCancelled }

        /// The kinds a member may turn off: a moderator's decision always reaches them.
        static var choosable: [Kind] { allCases.filter { $0 != .moderation } }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "kind") var kind: String
    @Field(key: "subject_type") var subjectType: String
    @Field(key: "subject_id") var subjectID: UUID
    /// The values of the text (a display name, a title), as JSON.
    @Field(key: "arguments") var arguments: String
    /// Set for notifications that must exist once (an event's reminder).
    @OptionalField(key: "dedupe_key") var dedupeKey: String?
    @OptionalField(key: "read_at") var readAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $user, $kind, $subjectType, $subjectID, $arguments, $dedupeKey, $readAt, $createdAt
        ]
    }

    init() {}
}

final class NotificationPreference: Model, @unchecked Sendable {
    static let schema = "notification_preferences"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "kind") var kind: String
    @Field(key: "enabled") var enabled: Bool

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] { [$id, $user, $kind, $enabled] }

    init() {}
}

struct CreateNotifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MemberNotification.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("subject_type", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("arguments", .string, .required)
            .field("dedupe_key", .string)
            .field("read_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id", "dedupe_key")
            .create()
        try await database.sql.raw("CREATE INDEX notifications_user_idx ON notifications (user_id, created_at)").run()
        try await database.schema(NotificationPreference.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("enabled", .bool, .required)
            .unique(on: "user_id", "kind")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NotificationPreference.schema).delete()
        try await database.schema(MemberNotification.schema).delete()
    }
}

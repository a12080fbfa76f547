import Vapor
import Fluent

/// The short code that ends a conversation's SMS for one member (`R K7P <text>` answers it).
/// Codes are per member, so they can stay short: three characters, no 0/O or 1/I/L.
final class SMSReplyCode: Model, @unchecked Sendable {
    static let schema = "sms_reply_codes"

    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "conversation_id") var conversation: Conversation
    @Field(key: "code") var code: String
    /// Messages of this conversation up to this instant were sent to the member by SMS.
    @OptionalField(key: "notified_until") var notifiedUntil: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] { [$id, $user, $conversation, $code, $notifiedUntil, $createdAt] }

    init() {}
}

/// The events last listed to a member by `SORTIES`, so `SORTIE 2` means the second one.
final class SMSEventChoice: Model, @unchecked Sendable {
    static let schema = "sms_event_choices"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "position") var position: Int
    @Parent(key: "event_id") var event: Outing
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] { [$id, $user, $position, $event, $createdAt] }

    init() {}
}

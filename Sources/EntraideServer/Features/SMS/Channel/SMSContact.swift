import Vapor
import Fluent

/// What the platform knows of one phone number on the SMS channel, with or without an
/// account: its language, whether it said STOP, how its member wants to hear from us, who
/// registered it and with what consent, and where its conversation with us stands.
final class SMSContact: Model, @unchecked Sendable {
    static let schema = "sms_contacts"

    /// How new messages and event news reach the member by SMS.
    enum Mode: String, Codable, CaseIterable, Sendable {
        /// SMS is how they use Entraide: news arrive as they come, batched, capped per day.
        case instant
        /// They use the app, and asked for one SMS a day once they have not opened it for `digestAfterDays`.
        case digest
        case off
    }

    /// What the platform asked and waits for (a reply without a keyword answers it).
    enum Awaiting: String, Codable, Sendable {
        case firstName = "first_name"
        case postalCode = "postal_code"
        case numberCode = "number_code"
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "phone") var phone: String
    @OptionalParent(key: "user_id") var user: User?
    @OptionalField(key: "language") var language: String?
    @Field(key: "mode") var mode: String
    @Field(key: "digest_after_days") var digestAfterDays: Int
    @OptionalField(key: "stopped_at") var stoppedAt: Date?
    /// When and how the person agreed to be on Entraide: `sms` (they texted BONJOUR) or `web`
    /// (an association member registered them, with `referent` as the one who asked).
    @OptionalField(key: "consent_at") var consentAt: Date?
    @OptionalField(key: "consent_channel") var consentChannel: String?
    @OptionalParent(key: "referent_id") var referent: User?
    @OptionalField(key: "awaiting") var awaiting: String?
    /// A batch of news is due then (set when something new arrives, cleared when sent).
    @OptionalField(key: "notices_due_at") var noticesDueAt: Date?
    /// Event news (reminders, cancellations) written after this were not sent yet.
    @OptionalField(key: "notices_since") var noticesSince: Date?
    @OptionalField(key: "last_digest_at") var lastDigestAt: Date?
    /// `NOUVEAU <old number>` from this number: the member it would move here, waiting for
    /// the code sent to the old number or for the referent.
    @OptionalParent(key: "moving_user_id") var movingUser: User?
    @OptionalField(key: "moving_from") var movingFrom: String?
    @OptionalField(key: "moving_at") var movingAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $phone, $user, $language, $mode, $digestAfterDays, $stoppedAt, $consentAt, $consentChannel,
            $referent, $awaiting, $noticesDueAt, $noticesSince, $lastDigestAt, $movingUser, $movingFrom,
            $movingAt, $createdAt, $updatedAt
        ]
    }

    init() {
        mode = Mode.off.rawValue
        digestAfterDays = 3
    }

    init(phone: String, userID: UUID?, language: String?, mode: Mode) {
        self.phone = phone
        self.$user.id = userID
        self.language = language
        self.mode = mode.rawValue
        self.digestAfterDays = 3
    }

    var modeValue: Mode { Mode(rawValue: mode) ?? .off }
    var isStopped: Bool { stoppedAt != nil }
}

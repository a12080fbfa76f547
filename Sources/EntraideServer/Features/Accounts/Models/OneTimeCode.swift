import Vapor
import Fluent

/// A 6-digit code sent by SMS, stored as an HMAC so the table never holds a usable code.
final class OneTimeCode: Model, @unchecked Sendable {
    static let schema = "one_time_codes"

    enum Purpose: String, Codable {
        case login
        case phoneChange = "phone_change"
        /// `NOUVEAU <old number>` by SMS: the code goes to the old number.
        case numberMove = "number_move"
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "phone") var phone: String
    @Field(key: "purpose") var purpose: String
    @OptionalParent(key: "user_id") var user: User?
    @Field(key: "code_hash") var codeHash: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $phone, $purpose, $user, $codeHash, $attempts, $expiresAt, $usedAt, $createdAt
        ]
    }

    init() {}

    init(phone: String, purpose: Purpose, userID: UUID?, codeHash: String, expiresAt: Date) {
        self.phone = phone
        self.purpose = purpose.rawValue
        self.$user.id = userID
        self.codeHash = codeHash
        self.attempts = 0
        self.expiresAt = expiresAt
    }
}

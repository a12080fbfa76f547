import Vapor
import Fluent

/// One signed-in device: an API bearer token or a web session cookie. Only the SHA-256 of
/// the secret is stored, so a leaked table opens no account; deleting the row revokes it.
final class MemberSession: Model, @unchecked Sendable {
    static let schema = "member_sessions"

    enum Kind: String, Codable { case api, web }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "kind") var kind: String
    @OptionalField(key: "user_agent") var userAgent: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "last_used_at") var lastUsedAt: Date

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] { [$id, $user, $tokenHash, $kind, $userAgent, $createdAt, $lastUsedAt] }

    init() {}

    init(userID: UUID, tokenHash: String, kind: Kind, userAgent: String?) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.kind = kind.rawValue
        self.userAgent = userAgent.map { String($0.prefix(200)) }
        self.lastUsedAt = Date()
    }
}

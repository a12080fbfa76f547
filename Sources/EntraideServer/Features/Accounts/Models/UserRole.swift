import Vapor
import Fluent
import EntraideCore

/// A staff role granted to a member by an admin, and who granted it.
final class UserRole: Model, @unchecked Sendable {
    static let schema = "user_roles"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "role") var role: String
    @OptionalField(key: "granted_by") var grantedBy: String?
    @Timestamp(key: "granted_at", on: .create) var grantedAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] { [$id, $user, $role, $grantedBy, $grantedAt] }

    init() {}

    init(userID: UUID, role: StaffRole, grantedBy: String?) {
        self.$user.id = userID
        self.role = role.rawValue
        self.grantedBy = grantedBy
    }
}

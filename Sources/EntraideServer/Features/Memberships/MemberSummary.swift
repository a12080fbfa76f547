import Vapor
import EntraideCore

/// Another member as every community list shows them: "Marie D.", never the family name.
struct MemberSummary: Content, Equatable {
    let id: UUID
    let displayName: String

    init(_ user: User) throws {
        try self.init(id: user.requireID(), firstName: user.firstName, lastName: user.lastName, active: user.isActive)
    }

    /// From columns read directly (hot lists), without building a `User`.
    init(id: UUID, firstName: String, lastName: String?, active: Bool) {
        self.id = id
        displayName = active ? DisplayName.of(firstName: firstName, lastName: lastName) : "—"
    }
}

/// A point given by a client.
struct PointInput: Content {
    let lat: Double?
    let lon: Double?
}

import Vapor
import EntraideCore

/// Another member as every community list shows them: "Marie D.", never the family name.
struct MemberSummary: Content, Equatable {
    let id: UUID
    let displayName: String

    init(_ user: User) throws {
        id = try user.requireID()
        displayName = user.isActive ? user.displayName : "—"
    }
}

/// A point given by a client.
struct PointInput: Content {
    let lat: Double?
    let lon: Double?
}

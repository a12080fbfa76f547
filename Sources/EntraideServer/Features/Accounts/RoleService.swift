import Vapor
import Fluent
import EntraideCore

enum RoleService {
    static func grant(_ role: StaffRole, to user: User, by grantor: String, on database: any Database) async throws {
        let userID = try user.requireID()
        if try await UserRole.query(on: database).filter(\.$user.$id == userID).filter(\.$role == role.rawValue).first() == nil {
            try await UserRole(userID: userID, role: role, grantedBy: grantor).create(on: database)
        }
    }

    static func revoke(_ role: StaffRole, from user: User, on database: any Database) async throws {
        try await UserRole.query(on: database).filter(\.$user.$id == user.requireID()).filter(\.$role == role.rawValue).delete()
    }

    static func has(_ user: User, anyOf roles: Set<StaffRole>, on database: any Database) async throws -> Bool {
        try await UserRole.query(on: database)
            .filter(\.$user.$id == user.requireID())
            .filter(\.$role ~~ roles.map(\.rawValue))
            .first() != nil
    }

    /// Finds a member by id, e-mail or phone number, as operators type them on the command line.
    static func findMember(_ reference: String, defaultCountry: String, on database: any Database) async throws -> User? {
        if let id = UUID(uuidString: reference) { return try await User.find(id, on: database) }
        if reference.contains("@") { return try await User.query(on: database).filter(\.$email == reference.lowercased()).first() }
        if let phone = PhoneNumber(reference, defaultCountry: defaultCountry) {
            return try await User.query(on: database).filter(\.$phone == phone.e164).first()
        }
        return nil
    }
}

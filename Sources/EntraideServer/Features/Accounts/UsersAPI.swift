import Vapor
import Fluent
import EntraideCore

/// `/api/v1/users/{id}` (public profiles, for members) and the staff re-attachment of a
/// member's phone number.
struct UsersAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("users", ":userID", use: Self.profile)
        routes.post("staff", "users", ":userID", "phone", use: Self.staffChangePhone)
    }

    static func profile(_ req: Request) async throws -> PublicProfileDTO {
        _ = try req.requireMember()
        return try PublicProfileDTO(try await activeUser(req))
    }

    static func staffChangePhone(_ req: Request) async throws -> HTTPStatus {
        let staff = try req.requireMember()
        guard try await RoleService.has(staff, anyOf: StaffRole.canChangeMembersPhone, on: req.db) else { throw AppError.forbidden }
        let user = try await activeUser(req)
        let input = try req.content.decode(StaffPhoneChangeRequest.self)
        try await PhoneChangeService.changeByStaff(user: user, phone: input.phone, reason: input.reason, staff: staff,
                                                   staffLabel: "\(staff.displayName) (\(try staff.requireID()))",
                                                   defaultCountry: req.config.defaultCountry, on: req.db)
        return .noContent
    }

    static func activeUser(_ req: Request) async throws -> User {
        guard let id = req.parameters.get("userID", as: UUID.self),
              let user = try await User.find(id, on: req.db), user.isActive
        else { throw AppError.notFound("user.not_found") }
        return user
    }
}

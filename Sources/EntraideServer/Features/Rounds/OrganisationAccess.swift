import Vapor
import Fluent
import EntraideCore

/// A member acting inside one association: the association and their role in it. Only a
/// member of the association can have one, so every service that takes it can only touch
/// that association's rows.
struct OrganisationContext: Sendable {
    let organisation: Organisation
    let organisationID: UUID
    let user: User
    let userID: UUID
    let role: OrganisationRole

    /// Someone who is not a member learns nothing, not even that the association exists.
    static func load(_ organisationID: UUID?, for user: User, on database: any Database) async throws -> OrganisationContext {
        guard let organisationID else { throw AppError.notFound("organisation.not_found") }
        let userID = try user.requireID()
        guard let membership = try await OrganisationMember.query(on: database)
            .filter(\.$organisation.$id == organisationID).filter(\.$user.$id == userID).first(),
              let organisation = try await Organisation.find(organisationID, on: database)
        else { throw AppError.notFound("organisation.not_found") }
        return OrganisationContext(organisation: organisation, organisationID: organisationID, user: user, userID: userID, role: membership.roleValue)
    }

    func require(_ allowed: (OrganisationRole) -> Bool) throws {
        guard allowed(role) else { throw AppError(.forbidden, "organisation.role_required") }
    }
}

extension Request {
    /// The association named by `:organisationID`, for the signed-in member who belongs to it.
    func organisation() async throws -> OrganisationContext {
        try await OrganisationContext.load(parameters.get("organisationID", as: UUID.self), for: requireMember(), on: db)
    }
}

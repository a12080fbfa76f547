import Vapor
import Fluent
import EntraideCore

/// Associations, their members and their sectors.
enum OrganisationService {
    /// Platform admins, and members who signed up as an organisation, may open an association;
    /// they become its first admin.
    static func create(_ input: OrganisationInput, by user: User, isPlatformAdmin: Bool, on database: any Database) async throws -> (Organisation, OrganisationRole) {
        guard isPlatformAdmin || user.goal == Goal.organisation.rawValue else { throw AppError(.forbidden, "organisation.create_forbidden") }
        let name = try RoundRules.organisationName(input.name)
        let organisation = Organisation(name: name)
        try await database.atomically { db in
            try await organisation.create(on: db)
            try await OrganisationMember(organisationID: organisation.requireID(), userID: user.requireID(), role: .admin, addedBy: user.requireID()).create(on: db)
        }
        return (organisation, .admin)
    }

    static func mine(_ user: User, on database: any Database) async throws -> [OrganisationDTO] {
        let memberships = try await OrganisationMember.query(on: database).filter(\.$user.$id == user.requireID()).with(\.$organisation).all()
        return try memberships.map { membership in
            OrganisationDTO(id: try membership.organisation.requireID(), name: membership.organisation.name,
                            role: membership.role, createdAt: membership.organisation.createdAt)
        }.sorted { $0.name.localizedCompare($1.name) == .orderedAscending }
    }

    static func rename(_ context: OrganisationContext, _ input: OrganisationInput, on database: any Database) async throws {
        try context.require(\.managesMembers)
        context.organisation.name = try RoundRules.organisationName(input.name)
        try await context.organisation.save(on: database)
    }

    // MARK: Members

    static func members(_ context: OrganisationContext, on database: any Database) async throws -> [OrganisationMemberDTO] {
        let rows = try await OrganisationMember.query(on: database).filter(\.$organisation.$id == context.organisationID).with(\.$user).all()
        return try rows.map { row in
            OrganisationMemberDTO(userID: try row.user.requireID(), displayName: try MemberSummary(row.user).displayName,
                                  role: row.role, addedAt: row.createdAt)
        }.sorted { $0.displayName.localizedCompare($1.displayName) == .orderedAscending }
    }

    /// Adds a member found by id, e-mail or phone. Staff add volunteers; admins any role.
    static func add(_ input: MemberInput, to context: OrganisationContext, defaultCountry: String, on database: any Database) async throws -> OrganisationMemberDTO {
        let role = try CommunityRules.choice(input.role ?? OrganisationRole.volunteer.rawValue, as: OrganisationRole.self, field: "role")
        guard context.role.mayGrant(role) else { throw AppError(.forbidden, "organisation.role_required") }
        let user: User?
        if let id = input.userID {
            user = try await User.find(id, on: database)
        } else if let email = input.email?.nilIfBlank {
            let address = try ProfileRules.email(email)
            user = try await User.query(on: database).filter(\.$email == address).first()
        } else if let phone = input.phone?.nilIfBlank {
            let number = try ProfileRules.phone(phone, defaultCountry: defaultCountry)
            user = try await User.query(on: database).filter(\.$phone == number.e164).first()
        } else {
            throw AppError(.unprocessableEntity, "validation.required", field: "email")
        }
        guard let user, user.isActive else { throw AppError(.notFound, "organisation.member_unknown") }
        let userID = try user.requireID()
        if try await OrganisationMember.query(on: database).filter(\.$organisation.$id == context.organisationID).filter(\.$user.$id == userID).first() != nil {
            throw AppError(.conflict, "organisation.already_member")
        }
        let row = OrganisationMember(organisationID: context.organisationID, userID: userID, role: role, addedBy: context.userID)
        do {
            try await row.create(on: database)
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            throw AppError(.conflict, "organisation.already_member")
        }
        return OrganisationMemberDTO(userID: userID, displayName: try MemberSummary(user).displayName, role: role.rawValue, addedAt: row.createdAt)
    }

    static func changeRole(of userID: UUID?, _ input: MemberRoleInput, in context: OrganisationContext, on database: any Database) async throws -> OrganisationMemberDTO {
        try context.require(\.managesMembers)
        let role = try CommunityRules.choice(input.role, as: OrganisationRole.self, field: "role")
        let row = try await membership(of: userID, in: context, on: database)
        if row.roleValue == .admin, role != .admin { try await keepOneAdmin(context, on: database) }
        row.role = role.rawValue
        try await row.save(on: database)
        let user = try await row.$user.get(on: database)
        return OrganisationMemberDTO(userID: try user.requireID(), displayName: try MemberSummary(user).displayName, role: row.role, addedAt: row.createdAt)
    }

    /// Admins remove anyone; every member may leave. The last admin stays.
    static func remove(_ userID: UUID?, from context: OrganisationContext, on database: any Database) async throws {
        guard context.role.managesMembers || userID == context.userID else { throw AppError(.forbidden, "organisation.role_required") }
        let row = try await membership(of: userID, in: context, on: database)
        if row.roleValue == .admin { try await keepOneAdmin(context, on: database) }
        try await row.delete(on: database)
    }

    private static func membership(of userID: UUID?, in context: OrganisationContext, on database: any Database) async throws -> OrganisationMember {
        guard let userID, let row = try await OrganisationMember.query(on: database)
            .filter(\.$organisation.$id == context.organisationID).filter(\.$user.$id == userID).first()
        else { throw AppError.notFound("organisation.member_not_found") }
        return row
    }

    private static func keepOneAdmin(_ context: OrganisationContext, on database: any Database) async throws {
        let admins = try await OrganisationMember.query(on: database).filter(\.$organisation.$id == context.organisationID)
            .filter(\.$role == OrganisationRole.admin.rawValue).count()
        guard admins > 1 else { throw AppError(.conflict, "organisation.last_admin") }
    }

    // MARK: Sectors

    static func sectors(_ context: OrganisationContext, on database: any Database) async throws -> [SectorDTO] {
        try await RoundSector.query(on: database).filter(\.$organisation.$id == context.organisationID).sort(\.$name).all().map(SectorDTO.init)
    }

    static func addSector(_ input: SectorInput, to context: OrganisationContext, on database: any Database) async throws -> SectorDTO {
        try context.require(\.plansRounds)
        let name = try RoundRules.sectorName(input.name)
        if try await RoundSector.query(on: database).filter(\.$organisation.$id == context.organisationID).filter(\.$name == name).first() != nil {
            throw AppError(.conflict, "rounds.sector_exists", field: "name")
        }
        let sector = RoundSector(organisationID: context.organisationID, name: name)
        try await sector.create(on: database)
        return try SectorDTO(sector)
    }

    /// A sector of this association; any other id is "not found".
    static func sector(_ id: UUID?, in context: OrganisationContext, field: String = "sectorID", on database: any Database) async throws -> RoundSector {
        guard let id else { throw AppError(.unprocessableEntity, "validation.required", field: field) }
        guard let sector = try await RoundSector.find(id, on: database), sector.$organisation.id == context.organisationID else {
            throw AppError(.unprocessableEntity, "rounds.sector_unknown", field: field)
        }
        return sector
    }
}

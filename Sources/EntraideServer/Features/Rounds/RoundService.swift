import Vapor
import Fluent
import SQLKit
import EntraideCore

/// Rounds: planning, the team, starting and ending, and the path recorded meanwhile.
enum RoundService {
    static func create(_ input: RoundInput, in context: OrganisationContext, on database: any Database) async throws -> OutreachRound {
        try context.require(\.plansRounds)
        let round = OutreachRound()
        round.$organisation.id = context.organisationID
        round.$createdBy.id = context.userID
        round.status = RoundStatus.planned.rawValue
        try await apply(input, to: round, in: context, creating: true, on: database)
        let team = try await teamIDs(input.team ?? [], in: context, on: database)
        try await database.atomically { db in
            try await round.create(on: db)
            for userID in team { try await RoundTeamMember(roundID: round.requireID(), userID: userID).create(on: db) }
        }
        return round
    }

    static func update(_ round: OutreachRound, with input: RoundInput, in context: OrganisationContext, on database: any Database) async throws {
        try context.require(\.plansRounds)
        guard round.statusValue == .planned else { throw AppError(.conflict, "rounds.not_planned") }
        try await apply(input, to: round, in: context, creating: false, on: database)
        guard let members = input.team else { return try await round.save(on: database) }
        let roundID = try round.requireID()
        let ids = try await teamIDs(members, in: context, on: database)
        try await database.atomically { db in
            try await round.save(on: db)
            try await RoundTeamMember.query(on: db).filter(\.$round.$id == roundID).delete()
            for userID in ids { try await RoundTeamMember(roundID: roundID, userID: userID).create(on: db) }
        }
    }

    private static func apply(_ input: RoundInput, to round: OutreachRound, in context: OrganisationContext, creating: Bool, on database: any Database) async throws {
        if creating || input.kind != nil { round.kind = try CommunityRules.choice(input.kind, as: RoundKind.self, field: "kind").rawValue }
        if creating || input.transport != nil {
            round.transport = try CommunityRules.choice(input.transport, as: RoundTransport.self, field: "transport").rawValue
        }
        if creating || input.startsAt != nil {
            guard let startsAt = input.startsAt else { throw AppError(.unprocessableEntity, "validation.required", field: "startsAt") }
            round.startsAt = startsAt
        }
        if creating || input.sectorID != nil {
            round.$sector.id = try await OrganisationService.sector(input.sectorID, in: context, on: database).requireID()
        }
        if input.plannedRoute != nil {
            round.plannedRoute = try CommunityRules.optionalText(input.plannedRoute, field: "plannedRoute", max: RoundRules.plannedRouteMaxLength)
        }
    }

    /// The team: members of this association only, the planner included.
    private static func teamIDs(_ given: [UUID], in context: OrganisationContext, on database: any Database) async throws -> [UUID] {
        var ids = [context.userID]
        for id in given where !ids.contains(id) { ids.append(id) }
        guard ids.count <= RoundRules.maxTeamSize else {
            throw AppError(.unprocessableEntity, "validation.too_many", field: "team", arguments: ["max": "\(RoundRules.maxTeamSize)"])
        }
        let members = try await OrganisationMember.query(on: database).filter(\.$organisation.$id == context.organisationID)
            .filter(\.$user.$id ~~ ids).all().map { $0.$user.id }
        guard Set(members) == Set(ids) else { throw AppError(.unprocessableEntity, "rounds.team_not_members", field: "team") }
        return ids
    }

    /// A round of this association; any other id, another association's included, is "not found".
    static func find(_ id: UUID?, in context: OrganisationContext, on database: any Database) async throws -> OutreachRound {
        guard let id, let round = try await OutreachRound.query(on: database).filter(\.$id == id)
            .filter(\.$organisation.$id == context.organisationID).first()
        else { throw AppError.notFound("rounds.not_found") }
        return round
    }

    static func team(of roundIDs: [UUID], on database: any Database) async throws -> [UUID: [User]] {
        guard !roundIDs.isEmpty else { return [:] }
        let rows = try await RoundTeamMember.query(on: database).filter(\.$round.$id ~~ roundIDs).with(\.$user).all()
        return Dictionary(grouping: rows, by: { $0.$round.id }).mapValues { $0.map(\.user) }
    }

    static func isOnTeam(_ round: OutreachRound, _ userID: UUID, on database: any Database) async throws -> Bool {
        try await RoundTeamMember.query(on: database).filter(\.$round.$id == round.requireID()).filter(\.$user.$id == userID).first() != nil
    }

    /// Staff, or the team, run a round.
    static func requireRunner(_ round: OutreachRound, _ context: OrganisationContext, on database: any Database) async throws {
        if context.role.plansRounds { return }
        guard try await isOnTeam(round, context.userID, on: database) else { throw AppError(.forbidden, "rounds.not_on_team") }
    }

    static func list(_ context: OrganisationContext, status: RoundStatus?, list: ListQuery, on database: any Database) async throws -> (rows: [OutreachRound], next: String?) {
        var query = OutreachRound.query(on: database).filter(\.$organisation.$id == context.organisationID)
        if let status { query = query.filter(\.$status == status.rawValue) }
        let rows = try await query.page(list, date: \.$createdAt, updated: \.$updatedAt, id: \.$id).all()
        return list.finish(rows, date: \.createdAt, id: \.id)
    }

    static func start(_ round: OutreachRound, in context: OrganisationContext, on database: any Database) async throws {
        try await requireRunner(round, context, on: database)
        guard round.statusValue.canMove(to: .ongoing) else { throw AppError(.conflict, "rounds.cannot_start") }
        round.status = RoundStatus.ongoing.rawValue
        round.startedAt = Date()
        try await round.save(on: database)
    }

    /// Ends the round: the path's length is kept, its points are deleted in the same
    /// transaction, so where the team went (and so where people sleep) is never kept.
    static func finish(_ round: OutreachRound, in context: OrganisationContext, on database: any Database) async throws {
        try await requireRunner(round, context, on: database)
        guard round.statusValue.canMove(to: .done) else { throw AppError(.conflict, "rounds.not_ongoing") }
        let roundID = try round.requireID()
        try await database.atomically { db in
            let points = try await RoundPathPoint.query(on: db).filter(\.$round.$id == roundID).sort(\.$recordedAt).all()
            round.distanceMetres = RoundRules.length(of: points.map(\.point))
            round.status = RoundStatus.done.rawValue
            round.endedAt = Date()
            try await round.save(on: db)
            try await RoundPathPoint.query(on: db).filter(\.$round.$id == roundID).delete()
        }
    }

    static func record(_ input: PathPointsInput, on round: OutreachRound, in context: OrganisationContext, on database: any Database) async throws -> Int {
        try await requireRunner(round, context, on: database)
        guard round.statusValue == .ongoing else { throw AppError(.conflict, "rounds.not_ongoing") }
        let given = input.points ?? []
        guard !given.isEmpty else { throw AppError(.unprocessableEntity, "validation.required", field: "points") }
        guard given.count <= RoundRules.maxPathPointsPerRequest else {
            throw AppError(.unprocessableEntity, "validation.too_many", field: "points", arguments: ["max": "\(RoundRules.maxPathPointsPerRequest)"])
        }
        let roundID = try round.requireID()
        let now = Date()
        let points = try given.enumerated().map { index, point in
            let (at, date) = try RoundRules.pathPoint(lat: point.lat, lon: point.lon, at: point.at, now: now, field: "points[\(index)]")
            return RoundPathPoint(roundID: roundID, point: at, at: date)
        }
        try await points.create(on: database)
        return points.count
    }

    /// The path so far, while the round is ongoing; afterwards there is none.
    static func path(of round: OutreachRound, in context: OrganisationContext, on database: any Database) async throws -> RoundPathDTO {
        try await requireRunner(round, context, on: database)
        let points = try await RoundPathPoint.query(on: database).filter(\.$round.$id == round.requireID()).sort(\.$recordedAt).all()
        return RoundPathDTO(roundID: try round.requireID(), status: round.status,
                            points: points.map { PathPointDTO(lat: $0.lat, lon: $0.lon, at: $0.recordedAt) })
    }

    static func dtos(_ rounds: [OutreachRound], on database: any Database) async throws -> [RoundDTO] {
        let ids = try rounds.map { try $0.requireID() }
        let teams = try await team(of: ids, on: database)
        // Read by id rather than through the relation: a round just created has none loaded.
        let sectors = try await RoundSector.query(on: database).filter(\.$id ~~ Set(rounds.map { $0.$sector.id })).all()
        let sectorsByID = Dictionary(uniqueKeysWithValues: try sectors.map { (try $0.requireID(), $0) })
        var counts: [UUID: Int] = [:]
        if !ids.isEmpty {
            let rows = try await database.sql.raw("""
                SELECT round_id, COUNT(*) AS n FROM encounters WHERE round_id IN (\(binds: ids)) GROUP BY round_id
                """).all()
            for row in rows { counts[try row.decode(column: "round_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self) }
        }
        return try rounds.map { round in
            let id = try round.requireID()
            guard let sector = sectorsByID[round.$sector.id] else { throw Abort(.internalServerError) }
            return RoundDTO(id: id, organisationID: round.$organisation.id, kind: round.kind, startsAt: round.startsAt,
                            transport: round.transport, sector: try SectorDTO(sector), plannedRoute: round.plannedRoute,
                            status: round.status, startedAt: round.startedAt, endedAt: round.endedAt, distanceMetres: round.distanceMetres,
                            team: try (teams[id] ?? []).map(MemberSummary.init).sorted { $0.displayName < $1.displayName },
                            encounterCount: counts[id] ?? 0, reported: round.reportedAt != nil,
                            createdAt: round.createdAt, updatedAt: round.updatedAt)
        }
    }
}

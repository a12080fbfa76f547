import Vapor

/// `/api/v1/events…`: events ("sorties"), their occurrences and participation.
struct OutingsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let events = routes.grouped("events")
        events.post(use: Self.create)
        events.get(use: Self.list)
        events.get(":eventID", use: Self.show)
        events.patch(":eventID", use: Self.update)
        events.post(":eventID", "cancel", use: Self.cancel)
        events.post(":eventID", "participation", use: Self.participate)
        events.delete(":eventID", "participation", use: Self.withdraw)
    }

    static func create(_ req: Request) async throws -> Response {
        let user = try req.requireMember()
        let input = try req.content.decode(OutingInput.self)
        try await req.rateLimit(.publishPerMember, key: user.requireID().uuidString)
        let outing = try await OutingService.create(input, by: user, on: req.db)
        return try await dto(outing, for: user, req).encodeResponse(status: .created, for: req)
    }

    static func list(_ req: Request) async throws -> Page<OutingDTO> {
        let user = try req.requireMember()
        var filters = OutingService.Filters()
        filters.mine = req.query[Bool.self, at: "mine"] ?? false
        filters.includePast = req.query[Bool.self, at: "past"] ?? false
        let page = try await OutingService.list(filters, try ListQuery(req), viewer: user, on: req.db)
        let mine = try await MembershipService.memberOf(.event, page.rows.compactMap(\.id), userID: user.requireID(), on: req.db)
        let items = try page.rows.map { outing in
            try OutingDTO(outing, viewerID: user.requireID(), participating: mine[outing.id!] != nil && outing.$organiser.id != user.id, participants: [])
        }
        return Page(items: items, nextCursor: page.next)
    }

    static func show(_ req: Request) async throws -> OutingDTO {
        let user = try req.requireMember()
        let outing = try await OutingService.visible(req.parameters.get("eventID", as: UUID.self), to: user, on: req.db)
        return try await dto(outing, for: user, req)
    }

    static func update(_ req: Request) async throws -> OutingDTO {
        let user = try req.requireMember()
        let outing = try await OutingService.visible(req.parameters.get("eventID", as: UUID.self), to: user, on: req.db)
        try await OutingService.update(outing, with: try req.content.decode(OutingInput.self), by: user, on: req.db)
        return try await dto(outing, for: user, req)
    }

    static func cancel(_ req: Request) async throws -> OutingDTO {
        let user = try req.requireMember()
        let outing = try await OutingService.visible(req.parameters.get("eventID", as: UUID.self), to: user, on: req.db)
        let input = (try? req.content.decode(OutingCancelInput.self)) ?? OutingCancelInput()
        try await OutingService.cancel(outing, series: input.series ?? false, by: user, on: req.db, live: req.live)
        return try await dto(outing, for: user, req)
    }

    static func participate(_ req: Request) async throws -> Response {
        let user = try req.requireMember()
        let outing = try await OutingService.visible(req.parameters.get("eventID", as: UUID.self), to: user, on: req.db)
        guard outing.$organiser.id != user.id else { throw AppError(.unprocessableEntity, "event.organiser_participates") }
        try await OutingService.participate(outing, user: user, on: req.db)
        let result = ParticipationDTO(participating: true, participantCount: outing.participantCount, full: outing.isFull)
        return try await result.encodeResponse(status: .created, for: req)
    }

    static func withdraw(_ req: Request) async throws -> ParticipationDTO {
        let user = try req.requireMember()
        let outing = try await OutingService.visible(req.parameters.get("eventID", as: UUID.self), to: user, on: req.db)
        try await OutingService.withdraw(outing, user: user, on: req.db)
        return ParticipationDTO(participating: false, participantCount: outing.participantCount, full: outing.isFull)
    }

    static func dto(_ outing: Outing, for user: User, _ req: Request) async throws -> OutingDTO {
        let participants = try await OutingService.participants(of: outing, on: req.db)
        return try OutingDTO(outing, viewerID: user.requireID(), participating: participants.contains { $0.id == user.id }, participants: participants)
            .explained(by: req)
    }
}

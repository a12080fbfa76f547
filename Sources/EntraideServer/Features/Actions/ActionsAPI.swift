import Vapor
import EntraideCore

/// `/api/v1/actions…`: help requests and offers.
struct ActionsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let actions = routes.grouped("actions")
        actions.post(use: Self.create)
        actions.get(use: Self.list)
        actions.get(":actionID", use: Self.show)
        actions.patch(":actionID", use: Self.update)
        actions.post(":actionID", "close", use: Self.close)
        actions.post(":actionID", "membership", use: Self.join)
        actions.delete(":actionID", "membership", use: Self.leave)
    }

    static func create(_ req: Request) async throws -> Response {
        let user = try req.requireMember()
        let input = try req.content.decode(ActionInput.self)
        try await req.rateLimit(.publishPerMember, key: user.requireID().uuidString)
        let action = try await ActionService.create(input, by: user, on: req.db)
        return try await ActionDTO(action, viewerID: user.requireID(), helping: false).explained(by: req).encodeResponse(status: .created, for: req)
    }

    static func list(_ req: Request) async throws -> Page<ActionDTO> {
        let user = try req.requireMember()
        var filters = ActionService.Filters()
        if let kind = req.query[String.self, at: "kind"] { filters.kind = try CommunityRules.choice(kind, as: ActionKind.self, field: "kind") }
        if let category = req.query[String.self, at: "category"] {
            filters.category = try CommunityRules.choice(category, as: ActionCategory.self, field: "category")
        }
        if let status = req.query[String.self, at: "status"] { filters.status = try CommunityRules.choice(status, as: ActionStatus.self, field: "status") }
        filters.mine = req.query[Bool.self, at: "mine"] ?? false
        let page = try await ActionService.list(filters, try ListQuery(req), viewer: user, on: req.db)
        let helping = try await MembershipService.memberOf(.action, page.rows.compactMap(\.id), userID: user.requireID(), on: req.db)
        let items = try page.rows.map { try ActionDTO($0, viewerID: user.requireID(), helping: helping[$0.id!] != nil && $0.$author.id != user.id) }
        return Page(items: items, nextCursor: page.next)
    }

    static func show(_ req: Request) async throws -> ActionDTO {
        let user = try req.requireMember()
        let action = try await ActionService.visible(req.parameters.get("actionID", as: UUID.self), to: user, on: req.db)
        return try await dto(action, for: user, req)
    }

    static func update(_ req: Request) async throws -> ActionDTO {
        let user = try req.requireMember()
        let action = try await ActionService.visible(req.parameters.get("actionID", as: UUID.self), to: user, on: req.db)
        try await ActionService.update(action, with: try req.content.decode(ActionInput.self), by: user, on: req.db)
        return try await dto(action, for: user, req)
    }

    static func close(_ req: Request) async throws -> ActionDTO {
        let user = try req.requireMember()
        let action = try await ActionService.visible(req.parameters.get("actionID", as: UUID.self), to: user, on: req.db)
        try await ActionService.close(action, with: try req.content.decode(ActionCloseInput.self), by: user, on: req.db)
        return try await dto(action, for: user, req)
    }

    static func join(_ req: Request) async throws -> Response {
        let user = try req.requireMember()
        let action = try await ActionService.visible(req.parameters.get("actionID", as: UUID.self), to: user, on: req.db)
        let conversation = try await ActionService.join(action, by: user, on: req.db, live: req.live)
        let result = ActionJoinDTO(action: try await dto(action, for: user, req), conversationID: try conversation.requireID())
        return try await result.encodeResponse(status: .created, for: req)
    }

    static func leave(_ req: Request) async throws -> HTTPStatus {
        let user = try req.requireMember()
        let action = try await ActionService.visible(req.parameters.get("actionID", as: UUID.self), to: user, on: req.db)
        try await ActionService.leave(action, by: user, on: req.db)
        return .noContent
    }

    static func dto(_ action: HelpAction, for user: User, _ req: Request) async throws -> ActionDTO {
        let helping = action.$author.id != user.id
            ? try await MembershipService.isAccepted(.action, action.requireID(), userID: user.requireID(), on: req.db) : false
        return try ActionDTO(action, viewerID: user.requireID(), helping: helping).explained(by: req)
    }
}

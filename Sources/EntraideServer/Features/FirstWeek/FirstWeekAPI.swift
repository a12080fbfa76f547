import Vapor
import EntraideCore

/// `/api/v1/me/first-week`: the guided first week for apps, as the home page shows it.
struct FirstWeekAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let firstWeek = routes.grouped("me", "first-week")
        firstWeek.get(use: Self.show)
        firstWeek.post("dismiss", use: Self.dismiss)
    }

    static func show(_ req: Request) async throws -> FirstWeekDTO {
        try FirstWeekDTO(try await FirstWeekOverview.of(req.requireMember(), on: req.db))
    }

    /// Puts the checklist away; the next useful step still comes with `GET`.
    static func dismiss(_ req: Request) async throws -> HTTPStatus {
        try await FirstWeekService.dismiss(req.requireMember(), on: req.db)
        return .noContent
    }
}

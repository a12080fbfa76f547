import Vapor
import EntraideCore

/// `GET /api/v1/feed?lat=&lon=&radiusKm=&cursor=`: what is happening nearby.
struct FeedAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("feed", use: Self.feed)
    }

    static func feed(_ req: Request) async throws -> Page<FeedItemDTO> {
        let user = try req.requireMember()
        let search = try search(from: req)
        return try await FeedService.page(search, viewer: user, on: req.db, hints: req.application.feedHints, cache: req.application.feedCache)
    }

    /// Reads the point, radius and cursor; a cursor from another search is refused.
    static func search(from req: Request) throws -> FeedService.Search {
        let center = try CommunityRules.point(lat: req.query[Double.self, at: "lat"], lon: req.query[Double.self, at: "lon"])
        let radius = try CommunityRules.radiusKm(req.query[Double.self, at: "radiusKm"])
        let cursor = try req.query[String.self, at: "cursor"].map(FeedCursor.decode)
        if let cursor, cursor.lat != center.lat || cursor.lon != center.lon || cursor.radiusKm != radius { throw PageCursor.invalid }
        return FeedService.Search(center: center, radiusKm: radius, cursor: cursor)
    }
}

import Vapor
import EntraideCore

/// `GET /api/v1/feed?lat=&lon=&radiusKm=&cursor=`: what is happening nearby.
struct FeedAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("feed", use: Self.feed)
    }

    /// `Page<FeedItemDTO>` in JSON (`FeedResult.json`).
    static func feed(_ req: Request) async throws -> Response {
        let user = try req.requireMember()
        let search = try search(from: req)
        let page = try await FeedService.page(search, viewer: user, on: req.db, hints: req.application.feedHints, cache: req.application.feedCache)
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(buffer: try page.json()))
    }

    /// The query's fields as text, read in one pass (each `req.query[_, at:]` parses the
    /// whole query again); a field that is not a number counts as missing.
    private struct Query: Decodable {
        let lat: String?
        let lon: String?
        let radiusKm: String?
        let cursor: String?
    }

    /// Reads the point, radius and cursor; a cursor from another search is refused.
    static func search(from req: Request) throws -> FeedService.Search {
        let query = (try? req.query.decode(Query.self)) ?? Query(lat: nil, lon: nil, radiusKm: nil, cursor: nil)
        let center = try CommunityRules.point(lat: query.lat.flatMap(Double.init), lon: query.lon.flatMap(Double.init))
        let radius = try CommunityRules.radiusKm(query.radiusKm.flatMap(Double.init))
        let cursor = try query.cursor.map(FeedCursor.decode)
        if let cursor, cursor.lat != center.lat || cursor.lon != center.lon || cursor.radiusKm != radius { throw PageCursor.invalid }
        return FeedService.Search(center: center, radiusKm: radius, cursor: cursor)
    }
}

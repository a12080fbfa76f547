import Vapor
import Fluent
import EntraideCore

/// `/api/v1/places…`: the services directory. Reading needs no account (people without one
/// need it most); suggesting needs a member; reviewing suggestions needs staff.
struct PlacesAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let places = routes.grouped("places")
        places.get(use: Self.list)
        places.get("categories", use: Self.categories)
        places.get("suggestions", use: Self.suggestions)
        places.post("suggestions", use: Self.suggest)
        places.get("suggestions", ":suggestionID", use: Self.suggestion)
        places.post("suggestions", ":suggestionID", "decision", use: Self.decide)
        places.get(":placeID", use: Self.show)
    }

    private struct ListParameters: Decodable {
        let lat: String?
        let lon: String?
        let radiusKm: String?
        let category: String?
        let openNow: String?
        let q: String?
        let cursor: String?
        let limit: String?
    }

    /// Reads and checks the search's parameters (shared with the web list).
    static func query(lat: String?, lon: String?, radiusKm: String?, category: String?, openNow: String?, q: String?,
                      cursor: String?, limit: String?) throws -> PlaceSearch.Query {
        do {
            return try readQuery(lat: lat, lon: lon, radiusKm: radiusKm, category: category, openNow: openNow, q: q, cursor: cursor, limit: limit)
        } catch let violation as RuleViolation {
            // A query parameter that breaks a rule is a bad request, not a form to correct.
            throw AppError(.badRequest, violation.code, field: violation.field, arguments: violation.arguments)
        }
    }

    private static func readQuery(lat: String?, lon: String?, radiusKm: String?, category: String?, openNow: String?, q: String?,
                                  cursor: String?, limit: String?) throws -> PlaceSearch.Query {
        var query = PlaceSearch.Query()
        if lat != nil || lon != nil {
            guard let lat = lat.flatMap(Double.init), let lon = lon.flatMap(Double.init) else {
                throw AppError(.badRequest, "validation.location_invalid", field: "lat")
            }
            query.center = try CommunityRules.point(lat: lat, lon: lon, field: "lat")
        }
        if let radiusKm, !radiusKm.isEmpty {
            guard let value = Double(radiusKm) else { throw AppError(.badRequest, "validation.radius_invalid", field: "radiusKm", arguments: ["max": "\(Int(PlaceRules.maximumRadiusKm))"]) }
            query.radiusKm = try PlaceRules.radiusKm(value)
        }
        if let category, !category.isEmpty {
            guard let codes = PlaceCategory.filter(category) else {
                throw AppError(.badRequest, "places.category_unknown", field: "category", arguments: ["value": category])
            }
            query.categories = codes
        }
        switch openNow?.lowercased() {
        case nil, "", "false", "0": query.openNow = false
        case "true", "1", "on": query.openNow = true
        default: throw AppError(.badRequest, "validation.type_invalid", field: "openNow")
        }
        if let q {
            guard q.count <= PlaceRules.queryMaxLength else {
                throw AppError(.badRequest, "validation.too_long", field: "q", arguments: ["max": "\(PlaceRules.queryMaxLength)"])
            }
            query.words = SearchText.words(q)
        }
        if let limit, !limit.isEmpty {
            guard let value = Int(limit), (1...50).contains(value) else {
                throw AppError(.badRequest, "paging.invalid_limit", field: "limit", arguments: ["max": "50"])
            }
            query.limit = value
        }
        if let cursor, !cursor.isEmpty {
            let decoded = try PlaceCursor(cursor)
            switch (decoded, query.center) {
            case (.distance, .some), (.name, .none): query.cursor = decoded
            default: throw PageCursor.invalid
            }
        }
        return query
    }

    /// `GET /api/v1/places?lat=&lon=&radiusKm=&category=&openNow=&q=&limit=&cursor=`: nearest
    /// first around the point, or by name without one.
    static func list(_ req: Request) async throws -> Page<PlaceSummaryDTO> {
        let p = (try? req.query.decode(ListParameters.self))
            ?? ListParameters(lat: nil, lon: nil, radiusKm: nil, category: nil, openNow: nil, q: nil, cursor: nil, limit: nil)
        let query = try query(lat: p.lat, lon: p.lon, radiusKm: p.radiusKm, category: p.category, openNow: p.openNow, q: p.q, cursor: p.cursor, limit: p.limit)
        let result = try await PlaceSearch.search(query, on: req.db)
        try await FirstWeekService.servicesFound(by: req.auth.get(User.self), on: req.db)
        return Page(items: result.hits.map(PlaceSummaryDTO.init), nextCursor: result.next?.encoded)
    }

    static func categories(_ req: Request) async throws -> [CategoryFamilyDTO] {
        CategoryFamilyDTO.all(req)
    }

    static func show(_ req: Request) async throws -> PlaceDTO {
        let (place, stops) = try await PlaceService.find(req.parameters.get("placeID", as: UUID.self), on: req.db)
        return try PlaceDTO(place, stops: stops)
    }

    // MARK: Suggestions

    static func suggest(_ req: Request) async throws -> Response {
        let user = try req.requireMember()
        let input = try req.content.decode(PlaceSuggestionInput.self)
        try await req.rateLimit(.publishPerMember, key: user.requireID().uuidString)
        let suggestion = try await PlaceSuggestionService.create(input, by: user, on: req.db)
        let found = try await PlaceSuggestionService.find(suggestion.id, on: req.db)
        return try await PlaceSuggestionService.dto(found).encodeResponse(status: .created, for: req)
    }

    /// Staff see the queue (`status`, pending by default); `mine=true` lists one's own.
    static func suggestions(_ req: Request) async throws -> Page<PlaceSuggestionDTO> {
        let user = try req.requireMember()
        let mine = req.query[String.self, at: "mine"] == "true"
        if !mine { guard try await PlaceSuggestionService.isReviewer(user, on: req.db) else { throw AppError.forbidden } }
        let status: PlaceSuggestion.Status?
        if let raw = req.query[String.self, at: "status"], !raw.isEmpty {
            guard let value = PlaceSuggestion.Status(rawValue: raw) else {
                throw AppError(.badRequest, "validation.choice_invalid", field: "status", arguments: ["value": raw])
            }
            status = value
        } else {
            status = mine ? nil : .pending
        }
        let list = try ListQuery(req)
        let (rows, next) = try await PlaceSuggestionService.list(status: status, author: mine ? try user.requireID() : nil, limit: list.limit,
                                                                 cursor: list.cursor, on: req.db)
        return Page(items: try rows.map(PlaceSuggestionService.dto), nextCursor: next)
    }

    static func suggestion(_ req: Request) async throws -> PlaceSuggestionDTO {
        let user = try req.requireMember()
        let suggestion = try await PlaceSuggestionService.find(req.parameters.get("suggestionID", as: UUID.self), on: req.db)
        if suggestion.$author.id != user.id {
            guard try await PlaceSuggestionService.isReviewer(user, on: req.db) else { throw AppError.notFound("places.suggestion_not_found") }
        }
        return try PlaceSuggestionService.dto(suggestion)
    }

    static func decide(_ req: Request) async throws -> PlaceSuggestionDTO {
        let user = try req.requireMember()
        guard try await PlaceSuggestionService.isReviewer(user, on: req.db) else { throw AppError.forbidden }
        let suggestion = try await PlaceSuggestionService.find(req.parameters.get("suggestionID", as: UUID.self), on: req.db)
        _ = try await PlaceSuggestionService.decide(suggestion, try req.content.decode(PlaceSuggestionDecisionInput.self), by: user, on: req.db)
        return try PlaceSuggestionService.dto(try await PlaceSuggestionService.find(suggestion.id, on: req.db))
    }
}

enum PlaceService {
    /// A place and its stops; a retired place is still found by its link (marked retired).
    static func find(_ id: UUID?, on database: any Database) async throws -> (Place, [PlaceStop]) {
        guard let id, let place = try await Place.find(id, on: database) else { throw AppError.notFound("places.not_found") }
        let stops = try await PlaceStop.query(on: database).filter(\.$place.$id == id).sort(\.$position).all()
        return (place, stops)
    }
}

import Vapor
import EntraideCore

/// "Near me": open actions and upcoming events around a point the member types (a page
/// without script cannot locate anyone), nearest and newest first, a page at a time. Each
/// item says how far it is and where, as "City (postal code)", never at which point.
struct FeedPage: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("feed", use: Self.feed)
    }

    struct Context: Encodable {
        let page: PageContext
        let form: FormState
        /// False until a point is given: the page is then only the form.
        let searched: Bool
        let items: [Item]
        let hasItems: Bool
        let more: String?
    }

    struct Item: Encodable {
        let link: String
        let title: String
        let isEvent: Bool
        let kind: String?
        let category: String?
        let when: String?
        let online: Bool
        let full: Bool
        let place: String?
        let distance: String?
    }

    static func feed(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let values = ["lat": req.query[String.self, at: "lat"] ?? "", "lon": req.query[String.self, at: "lon"] ?? "",
                      "radiusKm": req.query[String.self, at: "radiusKm"] ?? "\(Int(CommunityRules.feedDefaultRadiusKm))"]
        guard CommunityForm.given(values["lat"]) != nil || CommunityForm.given(values["lon"]) != nil else {
            let context = Context(page: PageContext(req, titleKey: "page.feed.title"), form: FormState(values: values), searched: false,
                                  items: [], hasItems: false, more: nil)
            return try await req.view.render("community/feed", context).encodeResponse(for: req)
        }
        do {
            let search = try search(values, cursor: req.query[String.self, at: "cursor"])
            let found = try await FeedService.page(search, viewer: user, on: req.db, hints: req.application.feedHints, cache: req.application.feedCache).page()
            let items = found.items.map { item(for: $0, req) }
            let here = "/feed?lat=\(search.center.lat)&lon=\(search.center.lon)&radiusKm=\(search.radiusKm)"
            let context = Context(page: PageContext(req, titleKey: "page.feed.title"), form: FormState(values: values), searched: true,
                                  items: items, hasItems: !items.isEmpty, more: found.nextCursor.map { here + "&cursor=" + $0 })
            return try await req.view.render("community/feed", context).encodeResponse(for: req)
        } catch {
            let context = Context(page: PageContext(req, titleKey: "page.feed.title"),
                                  form: FormState.failed(error, values: values, req).placed(on: ["location", "radiusKm"]),
                                  searched: false, items: [], hasItems: false, more: nil)
            return try await AccountPages.renderFailed("community/feed", context, error, req)
        }
    }

    /// The typed point and radius; a cursor is only good for the search it came from.
    static func search(_ values: [String: String], cursor: String?) throws -> FeedService.Search {
        let point = try CommunityForm.point(lat: values["lat"], lon: values["lon"])
        let center = try CommunityRules.point(lat: point?.lat, lon: point?.lon)
        let radius = try CommunityRules.radiusKm(try CommunityForm.number(values["radiusKm"], field: "radiusKm"))
        let cursor = try cursor.map(FeedCursor.decode)
        if let cursor, cursor.lat != center.lat || cursor.lon != center.lon || cursor.radiusKm != radius { throw PageCursor.invalid }
        return FeedService.Search(center: center, radiusKm: radius, cursor: cursor)
    }

    static func item(for item: FeedItemDTO, _ req: Request) -> Item {
        let language = req.language
        let distance = item.distanceKm.map { km in
            req.t("page.feed.distance", ["km": km.formatted(.number.precision(.fractionLength(1)).locale(Locale(identifier: language.rawValue)))])
        }
        guard let event = item.event else {
            return Item(link: "/actions/\(item.id)", title: item.title, isEvent: false, kind: item.action?.kind, category: item.action?.category,
                        when: nil, online: false, full: false, place: item.place, distance: distance)
        }
        let zone = TimeZone(identifier: event.timeZone) ?? PageClock.platformZone
        let place = [event.placeName, item.place].compactMap { $0 }.joined(separator: ", ")
        return Item(link: "/events/\(item.id)", title: item.title, isEvent: true, kind: nil, category: nil,
                    when: PageClock.dayAndTime(event.startsAt, language, zone: zone), online: event.online, full: event.full,
                    place: place.isEmpty ? nil : place, distance: distance)
    }
}

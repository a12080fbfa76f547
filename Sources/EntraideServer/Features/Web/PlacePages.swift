import Vapor
import Fluent
import EntraideCore

/// The services directory on the web, light and without a map: a text list (nearest first
/// from a postal code or the phone's position, or by name), a place's page with "open now"
/// on its own clock, members' suggestions, and the staff's review of them. The list and the
/// pages stay readable offline once seen (`OfflineApp.readablePaths` holds `/services`).
struct PlacePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let services = routes.grouped("services")
        services.get(use: Self.list)
        services.get("suggest", use: Self.newForm)
        services.post("suggest", use: Self.suggestNew)
        services.get("review", use: Self.queue)
        services.get("review", ":suggestionID", use: Self.reviewItem)
        services.post("review", ":suggestionID", use: Self.decide)
        services.get(":placeID", use: Self.show)
        services.get(":placeID", "suggest", use: Self.correctionForm)
        services.post(":placeID", "suggest", use: Self.suggestCorrection)
    }

    // MARK: Shared pieces

    struct Option: Encodable {
        let code: String
        let name: String
        let selected: Bool
    }

    struct FamilyOptions: Encodable {
        let name: String
        let code: String
        let selected: Bool
        let categories: [Option]
    }

    static func categoryOptions(_ req: Request, selected: String?) -> [FamilyOptions] {
        PlaceCategory.families.map { family in
            FamilyOptions(name: req.t("category_family.\(family.code)"), code: family.code, selected: family.code == selected,
                          categories: family.categories.map { Option(code: $0, name: req.t("category.\($0)"), selected: $0 == selected) })
        }
    }

    // MARK: List

    struct ListPage: Encodable {
        let page: PageContext
        let places: [Row]
        let hasPlaces: Bool
        let searched: Bool
        let q: String
        let near: String
        let lat: String
        let lon: String
        let openNow: Bool
        let families: [FamilyOptions]
        let error: String?
        let more: String?
        let signedIn: Bool
        let suggested: Bool
    }

    struct Row: Encodable {
        let id: String
        let name: String
        let categories: String
        let place: String?
        let distance: String?
        let status: String
        let open: Bool
    }

    static func list(_ req: Request) async throws -> Response {
        let q = req.query[String.self, at: "q"] ?? ""
        let category = req.query[String.self, at: "category"] ?? ""
        let openNow = req.query[String.self, at: "open"] == "1"
        var near = req.query[String.self, at: "near"] ?? ""
        let lat = req.query[String.self, at: "lat"] ?? "", lon = req.query[String.self, at: "lon"] ?? ""
        let user = req.auth.get(User.self)
        if near.isEmpty, lat.isEmpty, req.query[String.self, at: "q"] == nil, let postalCode = user?.postalCode { near = postalCode }
        var rows: [Row] = []
        var errorText: String?
        var more: String?
        do {
            var point: (lat: String?, lon: String?) = (lat.isEmpty ? nil : lat, lon.isEmpty ? nil : lon)
            var radius: String?
            if point.lat == nil, !near.isEmpty {
                guard let centre = PostalZone.centre(of: near) else { throw AppError(.badRequest, "places.near_invalid", field: "near") }
                point = ("\(centre.lat)", "\(centre.lon)")
                radius = "30"
            }
            let query = try PlacesAPI.query(lat: point.lat, lon: point.lon, radiusKm: radius, category: category, openNow: openNow ? "1" : nil,
                                            q: q, cursor: req.query[String.self, at: "cursor"], limit: nil)
            let result = try await PlaceSearch.search(query, on: req.db)
            rows = result.hits.map { hit in
                let today = LocalDay(query.now, in: hit.row.zone)
                let status = PlaceWording(req).status(hit.status, today: today)
                let address = [hit.row.stopID == nil ? hit.row.address : hit.row.stopAddress, hit.row.stopName].compactMap { $0 }.joined(separator: " · ")
                return Row(id: hit.row.id.uuidString, name: hit.row.name,
                           categories: hit.row.categories.map { req.t("category.\($0)") }.joined(separator: ", "),
                           place: address.isEmpty ? hit.row.city : address, distance: PlaceWording(req).distance(hit.distanceMeters),
                           status: status.text, open: status.open)
            }
            if let next = result.next {
                var items = [URLQueryItem(name: "q", value: q), URLQueryItem(name: "category", value: category),
                             URLQueryItem(name: "near", value: near), URLQueryItem(name: "lat", value: lat), URLQueryItem(name: "lon", value: lon),
                             URLQueryItem(name: "cursor", value: next.encoded)]
                if openNow { items.append(URLQueryItem(name: "open", value: "1")) }
                var components = URLComponents()
                components.queryItems = items.filter { !($0.value ?? "").isEmpty }
                more = "/services?" + (components.percentEncodedQuery ?? "")
            }
            // Opening the directory is the one trace "find services near you" leaves.
            try await FirstWeekService.servicesFound(by: user, on: req.db)
        } catch {
            let appError = EntraideErrorMiddleware.appError(for: error, request: req)
            guard appError.status.code < 500 else { throw error }
            errorText = req.t(appError.code, appError.arguments)
        }
        let page = ListPage(page: PageContext(req, titleKey: "page.places.title"), places: rows, hasPlaces: !rows.isEmpty,
                            searched: !q.isEmpty || !category.isEmpty || openNow, q: q, near: near, lat: lat, lon: lon, openNow: openNow,
                            families: categoryOptions(req, selected: category), error: errorText, more: more, signedIn: user != nil,
                            suggested: req.query[String.self, at: "suggested"] == "1")
        let response = try await req.view.render("places/list", page).encodeResponse(for: req)
        if errorText != nil { response.status = .badRequest }
        return response
    }

    // MARK: Detail

    struct DetailPage: Encodable {
        let page: PageContext
        let place: Detail
        let signedIn: Bool
        let suggested: Bool
    }

    struct Detail: Encodable {
        let id: String
        let name: String
        let mobile: Bool
        let retired: Bool
        let description: String?
        let categories: String
        let status: String
        let open: Bool
        let timeZone: String
        let address: String?
        let place: String?
        let phone: String?
        let phoneLink: String?
        let email: String?
        let website: String?
        let audience: String
        let access: String?
        let priceNote: String?
        let languages: String?
        let wheelchair: String?
        let accessibilityNote: String?
        let week: [DayRow]
        let holidays: Bool
        let hoursNote: String?
        let closures: [String]?
        let exceptions: [String]?
        let stops: [StopRow]
    }

    struct DayRow: Encodable {
        let day: String
        let slots: String
        let today: Bool
    }

    struct StopRow: Encodable {
        let name: String?
        let address: String?
        let status: String
        let open: Bool
        let week: [DayRow]
    }

    /// Leaf takes an empty list for true: a list to show is nil when empty.
    static func nonEmpty<T>(_ items: [T]) -> [T]? { items.isEmpty ? nil : items }

    static func week(_ hours: OpeningHours, today: LocalDay, _ req: Request) -> [DayRow] {
        Weekday.allCases.map { day in
            let slots = hours.alwaysOpen ? req.t("places.hours.always") : hours.slots(on: day).map(\.description).joined(separator: ", ")
            return DayRow(day: req.t("place_day.\(day.rawValue)"), slots: slots.isEmpty ? req.t("places.hours.closed") : slots,
                          today: day == today.weekday)
        }
    }

    static func show(_ req: Request) async throws -> Response {
        let (place, stops) = try await PlaceService.find(req.parameters.get("placeID", as: UUID.self), on: req.db)
        let now = Date()
        let zone = place.zone
        let today = LocalDay(now, in: zone)
        let hours = place.openingHours
        let stopRows = stops.map { stop -> StopRow in
            let status = PlaceWording(req).status(PlaceStatus.of(stop.openingHours, fallback: hours, zone: zone, country: place.country, now: now), today: today)
            let stopHours = stop.openingHours.isKnown ? stop.openingHours : hours
            return StopRow(name: stop.name, address: [stop.address, PublicPlace.label(city: stop.city, postalCode: stop.postalCode)].compactMap { $0 }.first,
                           status: status.text, open: status.open, week: week(stopHours, today: today, req))
        }
        let dto = try PlaceDTO(place, stops: stops, now: now)
        let status = PlaceWording(req).status(stops.isEmpty ? PlaceStatus.of(hours, fallback: hours, zone: zone, country: place.country, now: now)
                                : (stops.map { PlaceStatus.of($0.openingHours, fallback: hours, zone: zone, country: place.country, now: now) }
                                    .first(where: \.isOpen) ?? .closed(opensAt: nil, closure: nil)), today: today)
        let closures: [String] = hours.closures.filter { ($0.until ?? today) >= today }.map { closure in
            let base = closure.until.map { req.t("places.closure_from_to", ["from": closure.from.description, "until": $0.description]) }
                ?? req.t("places.closure_from", ["from": closure.from.description])
            return closure.note.map { "\(base) — \($0)" } ?? base
        }
        let exceptions: [String] = hours.exceptions.filter { $0.day >= today }.sorted { $0.day < $1.day }.map { exception in
            let slots = exception.slots.isEmpty ? req.t("places.hours.closed") : exception.slots.map(\.description).joined(separator: ", ")
            return "\(exception.day): \(slots)" + (exception.note.map { " — \($0)" } ?? "")
        }
        let categories = dto.categories.map { req.t("category.\($0)") }.joined(separator: ", ")
        let audience = dto.audience.map { req.t("place_audience.\($0)") }.joined(separator: ", ")
        let access: String? = dto.access.isEmpty ? nil : dto.access.map { req.t("place_access.\($0)") }.joined(separator: ", ")
        let languages: String? = dto.languages.isEmpty ? nil : dto.languages.map { Language(rawValue: $0)?.endonym ?? $0 }.joined(separator: ", ")
        let detail = Detail(
            id: dto.id.uuidString, name: place.name, mobile: place.placeKind == .mobile, retired: place.status != Place.active,
            description: place.details, categories: categories,
            status: status.text, open: status.open, timeZone: place.timeZone, address: place.address,
            place: PublicPlace.label(city: place.city, postalCode: place.postalCode), phone: place.phone,
            phoneLink: place.phone.map { "tel:" + $0.filter { $0.isNumber || $0 == "+" } }, email: place.email, website: place.website,
            audience: audience, access: access, priceNote: place.priceNote, languages: languages,
            wheelchair: place.wheelchair.map { req.t($0 ? "places.wheelchair_yes" : "places.wheelchair_no") }, accessibilityNote: place.accessibilityNote,
            week: week(hours, today: today, req), holidays: hours.closedOnPublicHolidays, hoursNote: hours.note,
            closures: nonEmpty(closures), exceptions: nonEmpty(exceptions),
            stops: stopRows)
        let page = DetailPage(page: PageContext(req, titleKey: "page.places.detail_title"), place: detail, signedIn: req.auth.has(User.self),
                              suggested: req.query[String.self, at: "suggested"] == "1")
        return try await req.view.render("places/detail", page).encodeResponse(for: req)
    }

    // MARK: Suggest

    struct FormPage: Encodable {
        let page: PageContext
        let form: FormState
        let target: String
        let back: String
        let correcting: Bool
        let placeName: String?
        let families: [FamilyOptions]
    }

    static let formFields: Set<String> = ["name", "category", "description", "address", "postalCode", "city", "location", "phone", "website", "hours", "note"]

    static func formPage(_ req: Request, form: FormState, place: Place?) throws -> FormPage {
        if let place {
            let id = try place.requireID()
            return FormPage(page: PageContext(req, titleKey: "page.places.correct_title"), form: form, target: "/services/\(id)/suggest",
                            back: "/services/\(id)", correcting: true, placeName: place.name, families: categoryOptions(req, selected: form.values["category"]))
        }
        return FormPage(page: PageContext(req, titleKey: "page.places.suggest_title"), form: form, target: "/services/suggest", back: "/services",
                        correcting: false, placeName: nil, families: categoryOptions(req, selected: form.values["category"]))
    }

    static func newForm(_ req: Request) async throws -> Response {
        guard req.auth.has(User.self) else { return req.redirect(to: "/login") }
        return try await req.view.render("places/form", try formPage(req, form: FormState(), place: nil)).encodeResponse(for: req)
    }

    static func correctionForm(_ req: Request) async throws -> Response {
        guard req.auth.has(User.self) else { return req.redirect(to: "/login") }
        let (place, _) = try await PlaceService.find(req.parameters.get("placeID", as: UUID.self), on: req.db)
        let hours = OpeningHoursText.format(place.openingHours)
        let values = ["name": place.name, "category": Place.items(place.categories).first ?? "", "description": place.details ?? "",
                      "address": place.address ?? "", "postalCode": place.postalCode ?? "", "city": place.city ?? "",
                      "phone": place.phone ?? "", "website": place.website ?? "", "hours": hours,
                      "lat": place.lat.map { "\($0)" } ?? "", "lon": place.lon.map { "\($0)" } ?? ""]
        return try await req.view.render("places/form", try formPage(req, form: FormState(values: values), place: place)).encodeResponse(for: req)
    }

    static func suggestNew(_ req: Request) async throws -> Response {
        try await suggest(req, place: nil)
    }

    static func suggestCorrection(_ req: Request) async throws -> Response {
        let (place, _) = try await PlaceService.find(req.parameters.get("placeID", as: UUID.self), on: req.db)
        return try await suggest(req, place: place)
    }

    /// A correction sends only the fields the member changed.
    static func suggest(_ req: Request, place: Place?) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let fields = try CommunityForm.fields(req)
        do {
            var input = PlaceInput()
            let current = place.map { place in
                ["name": place.name, "category": Place.items(place.categories).first ?? "", "description": place.details ?? "",
                 "address": place.address ?? "", "postalCode": place.postalCode ?? "", "city": place.city ?? "", "phone": place.phone ?? "",
                 "website": place.website ?? "", "hours": OpeningHoursText.format(place.openingHours)]
            } ?? [:]
            func changed(_ name: String) -> String? {
                let value = (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                if place == nil { return value.isEmpty ? nil : value }
                return value == (current[name] ?? "") ? nil : value
            }
            input.name = changed("name")
            input.categories = changed("category").map { [$0] }
            input.description = changed("description")
            input.address = changed("address")
            input.postalCode = changed("postalCode")
            input.city = changed("city")
            input.phone = changed("phone")
            input.website = changed("website")
            input.hoursText = changed("hours")
            if let point = try CommunityForm.point(lat: fields["lat"], lon: fields["lon"]),
               place == nil || point.lat != place?.lat || point.lon != place?.lon {
                input.location = point
            }
            if place == nil { input.kind = PlaceKind.fixed.rawValue }
            let suggestion = PlaceSuggestionInput(placeId: try place?.requireID(), kind: place == nil ? "new" : "correction",
                                                  place: input, note: fields["note"])
            try await req.rateLimit(.publishPerMember, key: user.requireID().uuidString)
            _ = try await PlaceSuggestionService.create(suggestion, by: user, on: req.db)
            return req.redirect(to: place.map { "/services/\($0.id!)?suggested=1" } ?? "/services?suggested=1")
        } catch {
            let form = FormState.failed(error, values: fields, req).placed(on: formFields, renaming: ["categories": "category", "hours": "hours", "location": "location"])
            return try await AccountPages.renderFailed("places/form", try formPage(req, form: form, place: place), error, req)
        }
    }

    // MARK: Review (staff)

    struct QueuePage: Encodable {
        let page: PageContext
        let items: [QueueRow]
        let hasItems: Bool
        let more: String?
    }

    struct QueueRow: Encodable {
        let id: String
        let kind: String
        let title: String
        let author: String
        let when: String
    }

    static func reviewer(_ req: Request) async throws -> User? {
        guard let user = req.auth.get(User.self) else { return nil }
        guard try await PlaceSuggestionService.isReviewer(user, on: req.db) else { throw AppError.forbidden }
        return user
    }

    static func queue(_ req: Request) async throws -> Response {
        guard try await reviewer(req) != nil else { return req.redirect(to: "/login") }
        let list = try ListQuery(req)
        let (rows, next) = try await PlaceSuggestionService.list(status: .pending, author: nil, limit: list.limit, cursor: list.cursor, on: req.db)
        let items = try rows.map { suggestion in
            QueueRow(id: try suggestion.requireID().uuidString, kind: req.t("places.suggestion_kind.\(suggestion.kind)"),
                     title: suggestion.$place.value??.name ?? suggestion.input?.name ?? "—", author: suggestion.author.displayName,
                     when: suggestion.createdAt.map { PageClock.dayAndTime($0, req.language, zone: PageClock.platformZone) } ?? "")
        }
        let page = QueuePage(page: PageContext(req, titleKey: "page.places.review_title"), items: items, hasItems: !items.isEmpty,
                             more: next.map { "/services/review?cursor=" + $0 })
        return try await req.view.render("places/review", page).encodeResponse(for: req)
    }

    struct ReviewPage: Encodable {
        let page: PageContext
        let id: String
        let kind: String
        let author: String
        let placeID: String?
        let placeName: String?
        let note: String?
        let changes: [Change]?
        let pending: Bool
        let status: String
        let error: String?
    }

    struct Change: Encodable {
        let field: String
        let value: String
    }

    static func reviewItem(_ req: Request) async throws -> Response {
        guard try await reviewer(req) != nil else { return req.redirect(to: "/login") }
        return try await renderReview(req, error: nil)
    }

    static func renderReview(_ req: Request, error: String?) async throws -> Response {
        let suggestion = try await PlaceSuggestionService.find(req.parameters.get("suggestionID", as: UUID.self), on: req.db)
        var changes: [Change] = []
        if let input = suggestion.input {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let object = (try? JSONSerialization.jsonObject(with: encoder.encode(input))) as? [String: Any] ?? [:]
            for key in object.keys.sorted() {
                let value = object[key]!
                let text: String
                if let string = value as? String { text = string }
                else if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]) { text = String(decoding: data, as: UTF8.self) }
                else { text = "\(value)" }
                changes.append(Change(field: key, value: text))
            }
        }
        let page = ReviewPage(page: PageContext(req, titleKey: "page.places.review_item_title"), id: try suggestion.requireID().uuidString,
                              kind: req.t("places.suggestion_kind.\(suggestion.kind)"), author: suggestion.author.displayName,
                              placeID: suggestion.$place.id?.uuidString, placeName: suggestion.$place.value??.name, note: suggestion.note,
                              changes: nonEmpty(changes), pending: suggestion.isPending, status: req.t("places.suggestion_status.\(suggestion.status)"), error: error)
        return try await req.view.render("places/review-item", page).encodeResponse(status: error == nil ? .ok : .unprocessableEntity, for: req)
    }

    static func decide(_ req: Request) async throws -> Response {
        guard let reviewer = try await reviewer(req) else { return req.redirect(to: "/login") }
        let suggestion = try await PlaceSuggestionService.find(req.parameters.get("suggestionID", as: UUID.self), on: req.db)
        let form = try req.content.decode(PlaceSuggestionDecisionInput.self)
        do {
            _ = try await PlaceSuggestionService.decide(suggestion, form, by: reviewer, on: req.db)
            return req.redirect(to: "/services/review")
        } catch {
            let appError = EntraideErrorMiddleware.appError(for: error, request: req)
            guard appError.status.code < 500 else { throw error }
            return try await renderReview(req, error: req.t(appError.code, appError.arguments))
        }
    }
}

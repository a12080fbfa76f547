import Vapor
import Fluent
import EntraideCore

/// Events ("sorties") on the web: the upcoming list, the form to organise or edit one, and
/// its page, where members take part or withdraw and the organiser cancels it. Times are
/// typed and shown on the event's own clock, whatever the reader's.
struct EventPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let events = routes.grouped("events")
        events.get(use: Self.list)
        events.post(use: Self.create)
        events.get("new", use: Self.newForm)
        events.get(":eventID", use: Self.show)
        events.get(":eventID", "edit", use: Self.editForm)
        events.post(":eventID", "edit", use: Self.update)
        events.post(":eventID", "cancel", use: Self.cancel)
        events.post(":eventID", "participate", use: Self.participate)
        events.post(":eventID", "withdraw", use: Self.withdraw)
    }

    /// The zones offered in the form: mainland France first, then the places Entraide's
    /// members live in overseas and nearby. An event stored with another zone keeps it.
    static let timeZones = [
        "Europe/Paris", "Europe/Brussels", "Europe/Luxembourg", "Europe/Zurich", "Europe/London",
        "America/Guadeloupe", "America/Martinique", "America/Cayenne", "Indian/Reunion", "Indian/Mayotte",
        "Pacific/Noumea", "Pacific/Tahiti", "America/Toronto",
    ]

    // MARK: List

    struct ListPage: Encodable {
        let page: PageContext
        let events: [Row]
        let mine: Bool
        let hasEvents: Bool
        let more: String?
    }

    struct Row: Encodable {
        let id: String
        let title: String
        let when: String
        let place: String?
        let online: Bool
        let full: Bool
        let cancelled: Bool
        let womenOnly: Bool
    }

    static func list(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        var filters = OutingService.Filters()
        filters.mine = req.query[String.self, at: "show"] == "mine"
        let found = try await OutingService.list(filters, try ListQuery(req), viewer: user, on: req.db)
        let rows = try found.rows.map { outing in
            Row(id: try outing.requireID().uuidString, title: outing.title,
                when: PageClock.dayAndTime(outing.startsAt, req.language, zone: outing.zone),
                place: outing.online ? nil : placeLine(outing), online: outing.online, full: outing.isFull,
                cancelled: !outing.isScheduled, womenOnly: outing.womenOnly)
        }
        let show = filters.mine ? "mine" : "all"
        let page = ListPage(page: PageContext(req, titleKey: "page.events.title"), events: rows, mine: filters.mine,
                            hasEvents: !rows.isEmpty, more: found.next.map { "/events?show=\(show)&cursor=\($0)" })
        return try await req.view.render("community/events/list", page).encodeResponse(for: req)
    }

    /// "Café des Halles, Lyon (69001)": the public place where it happens.
    static func placeLine(_ outing: Outing) -> String? {
        let parts = [outing.placeName, PublicPlace.label(city: outing.city, postalCode: outing.postalCode)].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    // MARK: Organise and edit

    struct FormPage: Encodable {
        let page: PageContext
        let form: FormState
        let target: String
        let back: String
        let editing: Bool
        /// Women-only events are offered to women only, who alone may organise them.
        let canMakeWomenOnly: Bool
        let timeZones: [String]
        var goals = Goal.allCases.map(\.rawValue)
        var sports = SportActivity.allCases.map(\.rawValue)
        var frequencies = RecurrenceFrequency.allCases.map(\.rawValue)
        var maxOccurrences = Recurrence.maximumOccurrences
    }

    static let formFields: Set<String> = [
        "title", "description", "startsAt", "endsAt", "timeZone", "onlineUrl", "placeName", "address", "location", "city",
        "postalCode", "capacity", "womenOnly", "reservedGoal", "sportActivity", "partnerClub", "recurrenceFrequency", "recurrenceCount",
    ]
    static let nestedFields = ["recurrence.frequency": "recurrenceFrequency", "recurrence.count": "recurrenceCount"]

    static func formPage(_ req: Request, user: User, form: FormState, editing outing: Outing? = nil) throws -> FormPage {
        let chosen = form.values["timeZone"] ?? ""
        let zones = timeZones.contains(chosen) || chosen.isEmpty ? timeZones : [chosen] + timeZones
        if let outing {
            let id = try outing.requireID()
            return FormPage(page: PageContext(req, titleKey: "page.events.edit_title"), form: form, target: "/events/\(id)/edit",
                            back: "/events/\(id)", editing: true, canMakeWomenOnly: user.isWoman, timeZones: zones)
        }
        return FormPage(page: PageContext(req, titleKey: "page.events.new_title"), form: form, target: "/events",
                        back: "/events", editing: false, canMakeWomenOnly: user.isWoman, timeZones: zones)
    }

    static func newForm(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let values = ["timeZone": PageClock.platformZone.identifier, "city": user.city ?? "", "postalCode": user.postalCode ?? "", "recurrenceCount": "\(Recurrence.defaultOccurrences)"]
        let page = try formPage(req, user: user, form: FormState(values: values))
        return try await req.view.render("community/events/form", page).encodeResponse(for: req)
    }

    static func create(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let fields = try CommunityForm.fields(req)
        do {
            let input = try input(from: fields, organiser: user, creating: true)
            try await req.rateLimit(.publishPerMember, key: user.requireID().uuidString)
            let outing = try await OutingService.create(input, by: user, on: req.db)
            return req.redirect(to: "/events/\(try outing.requireID())")
        } catch {
            let form = FormState.failed(error, values: fields, req).placed(on: formFields, renaming: nestedFields)
            return try await AccountPages.renderFailed("community/events/form", try formPage(req, user: user, form: form), error, req)
        }
    }

    static func editForm(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let outing = try await organised(req, by: user)
        let zone = outing.zone
        // The point is left blank: it is kept unless a new one is typed.
        var values = [
            "title": outing.title, "description": outing.details ?? "", "timeZone": outing.timeZone,
            "startsAt": PageClock.formInput(outing.startsAt, zone: zone), "endsAt": PageClock.formInput(outing.endsAt, zone: zone),
            "onlineUrl": outing.onlineURL ?? "", "placeName": outing.placeName ?? "", "address": outing.address ?? "",
            "city": outing.city ?? "", "postalCode": outing.postalCode ?? "", "capacity": outing.capacity.map(String.init) ?? "",
            "reservedGoal": outing.reservedGoal ?? "", "sportActivity": outing.sportActivity ?? "", "partnerClub": outing.partnerClub ?? "",
        ]
        if outing.online { values["online"] = "1" }
        if outing.womenOnly { values["womenOnly"] = "1" }
        let page = try formPage(req, user: user, form: FormState(values: values), editing: outing)
        return try await req.view.render("community/events/form", page).encodeResponse(for: req)
    }

    static func update(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let outing = try await organised(req, by: user)
        let fields = try CommunityForm.fields(req)
        do {
            try await OutingService.update(outing, with: try input(from: fields, organiser: user, creating: false), by: user, on: req.db)
            return req.redirect(to: "/events/\(try outing.requireID())")
        } catch {
            let form = FormState.failed(error, values: fields, req).placed(on: formFields, renaming: nestedFields)
            return try await AccountPages.renderFailed("community/events/form", try formPage(req, user: user, form: form, editing: outing), error, req)
        }
    }

    /// The form's text fields as the service's input. Times are read on the clock of the
    /// zone chosen in the same form.
    static func input(from fields: [String: String], organiser: User, creating: Bool) throws -> OutingInput {
        let zone = try CommunityRules.timeZone(CommunityForm.given(fields["timeZone"]))
        var input = OutingInput()
        input.title = fields["title"]
        input.description = fields["description"] ?? ""
        input.timeZone = zone.identifier
        input.startsAt = try CommunityForm.localTime(fields["startsAt"], field: "startsAt", in: zone)
        input.endsAt = try CommunityForm.localTime(fields["endsAt"], field: "endsAt", in: zone)
        input.online = fields["online"] != nil
        input.onlineUrl = CommunityForm.given(fields["onlineUrl"])
        input.placeName = fields["placeName"] ?? ""
        input.address = fields["address"] ?? ""
        input.location = try CommunityForm.point(lat: fields["lat"], lon: fields["lon"])
        input.city = fields["city"]
        input.postalCode = fields["postalCode"]
        input.capacity = try CommunityForm.integer(fields["capacity"], field: "capacity")
        if organiser.isWoman { input.womenOnly = fields["womenOnly"] != nil }
        input.reservedGoal = fields["reservedGoal"] ?? ""
        input.sportActivity = fields["sportActivity"] ?? ""
        input.partnerClub = fields["partnerClub"] ?? ""
        if creating, let frequency = CommunityForm.given(fields["recurrenceFrequency"]) {
            input.recurrence = RecurrenceInput(frequency: frequency,
                                               count: try CommunityForm.integer(fields["recurrenceCount"], field: "recurrence.count"))
        }
        return input
    }

    /// The event, if the member organises it: only its organiser edits or cancels it.
    static func organised(_ req: Request, by user: User) async throws -> Outing {
        let outing = try await OutingService.visible(req.parameters.get("eventID", as: UUID.self), to: user, on: req.db)
        guard outing.$organiser.id == user.id else { throw AppError(.forbidden, "event.not_organiser") }
        return outing
    }

    // MARK: Detail

    struct DetailPage: Encodable {
        let page: PageContext
        let event: EventView
        let form: FormState
        let translation: PageTranslation?
    }

    /// What a page shows of an event. The organiser sees who comes ("Marie D."); the other
    /// members see how many, and their first names.
    struct EventView: Encodable {
        let id: String
        let title: String
        let description: String?
        let day: String
        let starts: String
        let ends: String
        /// Set when it ends on another day than it starts.
        let endDay: String?
        let timeZone: String
        let online: Bool
        let onlineUrl: String?
        let placeName: String?
        let address: String?
        let place: String?
        let capacity: Int?
        let participantCount: Int
        let full: Bool
        let womenOnly: Bool
        let reservedGoal: String?
        let sportActivity: String?
        let partnerClub: String?
        let recurrence: String?
        let recurring: Bool
        let cancelled: Bool
        let over: Bool
        let organiser: String
        let organiserID: String
        let organising: Bool
        let participating: Bool
        /// For the organiser only; nil when nobody has joined yet.
        let participants: [String]?
        let firstNames: String?

        init(_ outing: Outing, viewer: User, participants: [User], language: Language) throws {
            let dto = try OutingDTO(outing, viewerID: viewer.requireID(), participating: participants.contains { $0.id == viewer.id },
                                    participants: participants)
            let zone = outing.zone
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            id = dto.id.uuidString
            title = dto.title
            description = dto.description
            day = PageClock.day(dto.startsAt, language, zone: zone)
            starts = PageClock.time(dto.startsAt, language, zone: zone)
            ends = PageClock.time(dto.endsAt, language, zone: zone)
            endDay = calendar.isDate(dto.startsAt, inSameDayAs: dto.endsAt) ? nil : PageClock.day(dto.endsAt, language, zone: zone)
            timeZone = dto.timeZone
            online = dto.online
            onlineUrl = dto.onlineUrl
            placeName = dto.placeName
            address = dto.address
            place = dto.place
            capacity = dto.capacity
            participantCount = dto.participantCount
            full = dto.full
            womenOnly = dto.womenOnly
            reservedGoal = dto.reservedGoal
            sportActivity = dto.sportActivity
            partnerClub = dto.partnerClub
            recurrence = dto.recurrence
            recurring = dto.seriesID != nil
            cancelled = dto.status == OutingStatus.cancelled.rawValue
            over = dto.endsAt <= Date()
            organiser = dto.organiser.displayName
            organiserID = dto.organiser.id.uuidString
            organising = dto.organising
            participating = dto.participating
            self.participants = dto.participants.flatMap { $0.isEmpty ? nil : $0.map(\.displayName) }
            firstNames = dto.organising || dto.participantFirstNames.isEmpty ? nil : dto.participantFirstNames.joined(separator: ", ")
        }
    }

    static func detailPage(_ req: Request, _ outing: Outing, viewer: User, form: FormState = FormState()) async throws -> DetailPage {
        let participants = try await OutingService.participants(of: outing, on: req.db)
        let translation = await PageTranslation.of(req, .event, try outing.requireID(), authorID: outing.$organiser.id, viewer: viewer)
        return DetailPage(page: PageContext(req, titleKey: "page.events.detail_title"),
                          event: try EventView(outing, viewer: viewer, participants: participants, language: req.language), form: form,
                          translation: translation)
    }

    static func show(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let outing = try await OutingService.visible(req.parameters.get("eventID", as: UUID.self), to: user, on: req.db)
        return try await req.view.render("community/events/detail", try await detailPage(req, outing, viewer: user)).encodeResponse(for: req)
    }

    static func participate(_ req: Request) async throws -> Response {
        try await act(req) { outing, user in
            guard outing.$organiser.id != user.id else { throw AppError(.unprocessableEntity, "event.organiser_participates") }
            try await OutingService.participate(outing, user: user, on: req.db)
        }
    }

    static func withdraw(_ req: Request) async throws -> Response {
        try await act(req) { outing, user in try await OutingService.withdraw(outing, user: user, on: req.db) }
    }

    static func cancel(_ req: Request) async throws -> Response {
        try await act(req) { outing, user in
            let series = (try? req.content.get(String.self, at: "series")) != nil
            try await OutingService.cancel(outing, series: series, by: user, on: req.db, live: req.live)
        }
    }

    /// Runs one of the event page's buttons, then shows the event again; a refusal (full,
    /// over, cancelled) is shown on the page, not as an error page.
    static func act(_ req: Request, _ work: (Outing, User) async throws -> Void) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let outing = try await OutingService.visible(req.parameters.get("eventID", as: UUID.self), to: user, on: req.db)
        do {
            try await work(outing, user)
            return req.redirect(to: "/events/\(try outing.requireID())")
        } catch {
            let form = FormState.failed(error, values: [:], req).placed(on: [])
            return try await AccountPages.renderFailed("community/events/detail", try await detailPage(req, outing, viewer: user, form: form), error, req)
        }
    }
}

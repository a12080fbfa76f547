import Vapor
import Fluent
import EntraideCore

/// Help requests and offers on the web: the list, the form to publish or edit one, and its
/// page, where a neighbour offers help (which opens a conversation with the author) and the
/// author closes it with its outcome. A place is written "City (postal code)": an action's
/// point, blurred as it is, never appears in a page.
struct ActionPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let actions = routes.grouped("actions")
        actions.get(use: Self.list)
        actions.post(use: Self.create)
        actions.get("new", use: Self.newForm)
        actions.get(":actionID", use: Self.show)
        actions.get(":actionID", "edit", use: Self.editForm)
        actions.post(":actionID", "edit", use: Self.update)
        actions.post(":actionID", "close", use: Self.close)
        actions.post(":actionID", "join", use: Self.join)
        actions.post(":actionID", "leave", use: Self.leave)
    }

    // MARK: List

    /// Which actions the list shows: all open ones, only requests or offers, or the member's own.
    enum Shown: String, CaseIterable {
        case all, request, offer, mine
    }

    struct ListPage: Encodable {
        let page: PageContext
        let actions: [Row]
        let shown: String
        let filters: [String]
        let hasActions: Bool
        let more: String?
    }

    struct Row: Encodable {
        let id: String
        let title: String
        let kind: String
        let category: String
        let place: String?
        let published: String
        let open: Bool
    }

    static func list(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let shown = req.query[String.self, at: "show"].flatMap(Shown.init) ?? .all
        var filters = ActionService.Filters()
        switch shown {
        case .all: break
        case .request: filters.kind = .request
        case .offer: filters.kind = .offer
        case .mine:
            filters.mine = true
            filters.status = nil
        }
        let found = try await ActionService.list(filters, try ListQuery(req), viewer: user, on: req.db)
        let rows = try found.rows.map { action in
            Row(id: try action.requireID().uuidString, title: action.title, kind: action.kind, category: action.category,
                place: PublicPlace.label(city: action.city, postalCode: action.postalCode),
                published: action.createdAt.map { PageClock.dayAndTime($0, req.language) } ?? "", open: action.isOpen)
        }
        let page = ListPage(page: PageContext(req, titleKey: "page.actions.title"), actions: rows, shown: shown.rawValue,
                            filters: Shown.allCases.map(\.rawValue), hasActions: !rows.isEmpty,
                            more: found.next.map { "/actions?show=\(shown.rawValue)&cursor=\($0)" })
        return try await req.view.render("community/actions/list", page).encodeResponse(for: req)
    }

    // MARK: Publish and edit

    struct FormPage: Encodable {
        let page: PageContext
        let form: FormState
        /// Where the form is sent, and where "cancel" leads.
        let target: String
        let back: String
        let editing: Bool
        var kinds = ActionKind.allCases.map(\.rawValue)
        var categories = ActionCategory.allCases.map(\.rawValue)
    }

    static let formFields: Set<String> = ["kind", "category", "title", "description", "location", "city", "postalCode"]

    static func newForm(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let values = ["kind": ActionKind.request.rawValue, "category": "", "city": user.city ?? "", "postalCode": user.postalCode ?? ""]
        let page = FormPage(page: PageContext(req, titleKey: "page.actions.new_title"), form: FormState(values: values),
                            target: "/actions", back: "/actions", editing: false)
        return try await req.view.render("community/actions/form", page).encodeResponse(for: req)
    }

    static func create(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let fields = try CommunityForm.fields(req)
        do {
            let input = try input(from: fields)
            try await req.rateLimit(.publishPerMember, key: user.requireID().uuidString)
            let action = try await ActionService.create(input, by: user, on: req.db)
            return req.redirect(to: "/actions/\(try action.requireID())")
        } catch {
            let page = FormPage(page: PageContext(req, titleKey: "page.actions.new_title"),
                                form: FormState.failed(error, values: fields, req).placed(on: formFields),
                                target: "/actions", back: "/actions", editing: false)
            return try await AccountPages.renderFailed("community/actions/form", page, error, req)
        }
    }

    static func editForm(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let action = try await authored(req, by: user)
        let id = try action.requireID()
        // The point is left blank: it is kept unless a new one is typed.
        let values = ["kind": action.kind, "category": action.category, "title": action.title, "description": action.details ?? "",
                      "city": action.city ?? "", "postalCode": action.postalCode ?? ""]
        let page = FormPage(page: PageContext(req, titleKey: "page.actions.edit_title"), form: FormState(values: values),
                            target: "/actions/\(id)/edit", back: "/actions/\(id)", editing: true)
        return try await req.view.render("community/actions/form", page).encodeResponse(for: req)
    }

    static func update(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let action = try await authored(req, by: user)
        let id = try action.requireID()
        let fields = try CommunityForm.fields(req)
        do {
            try await ActionService.update(action, with: try input(from: fields), by: user, on: req.db)
            return req.redirect(to: "/actions/\(id)")
        } catch {
            let page = FormPage(page: PageContext(req, titleKey: "page.actions.edit_title"),
                                form: FormState.failed(error, values: fields, req).placed(on: formFields),
                                target: "/actions/\(id)/edit", back: "/actions/\(id)", editing: true)
            return try await AccountPages.renderFailed("community/actions/form", page, error, req)
        }
    }

    static func input(from fields: [String: String]) throws -> ActionInput {
        ActionInput(kind: fields["kind"], category: fields["category"], title: fields["title"],
                    description: fields["description"] ?? "",
                    location: try CommunityForm.point(lat: fields["lat"], lon: fields["lon"]),
                    city: fields["city"], postalCode: fields["postalCode"])
    }

    /// The action, if the member wrote it: only its author edits it.
    static func authored(_ req: Request, by user: User) async throws -> HelpAction {
        let action = try await ActionService.visible(req.parameters.get("actionID", as: UUID.self), to: user, on: req.db)
        guard action.$author.id == user.id else { throw AppError(.forbidden, "action.not_author") }
        return action
    }

    // MARK: Detail

    struct DetailPage: Encodable {
        let page: PageContext
        let action: ActionView
        /// The close form of the author, or the message of a refused "I can help".
        let form: FormState
        let translation: PageTranslation?
    }

    /// What a page shows of an action: no point, the place as "City (postal code)", the
    /// author as "Firstname L.", and the outcome to the author only.
    struct ActionView: Encodable {
        let id: String
        let kind: String
        let category: String
        let title: String
        let description: String?
        let place: String?
        let author: String
        let authorID: String
        let published: String
        let helperCount: Int
        let open: Bool
        let mine: Bool
        let helping: Bool
        /// `helped`, `not_helped` or `unknown`, once closed, for the author only.
        let outcome: String?
        let outcomeMessage: String?
        let closedByInactivity: Bool

        init(_ action: HelpAction, viewer: User, helping: Bool, language: Language) throws {
            let dto = try ActionDTO(action, viewerID: viewer.requireID(), helping: helping)
            id = dto.id.uuidString
            kind = dto.kind
            category = dto.category
            title = dto.title
            description = dto.description
            place = dto.place
            author = dto.author.displayName
            authorID = dto.author.id.uuidString
            published = dto.createdAt.map { PageClock.dayAndTime($0, language) } ?? ""
            helperCount = dto.helperCount
            open = dto.status == ActionStatus.open.rawValue
            mine = dto.mine
            self.helping = dto.helping
            outcome = dto.outcome.map { outcome in outcome.helped.map { $0 ? "helped" : "not_helped" } ?? "unknown" }
            outcomeMessage = dto.outcome?.message
            closedByInactivity = dto.outcome?.closedBy == "inactivity"
        }
    }

    static func detailPage(_ req: Request, _ action: HelpAction, viewer: User, form: FormState = FormState()) async throws -> DetailPage {
        let helping = action.$author.id != viewer.id
            ? try await MembershipService.isAccepted(.action, action.requireID(), userID: viewer.requireID(), on: req.db) : false
        let translation = await PageTranslation.of(req, .action, try action.requireID(), authorID: action.$author.id, viewer: viewer)
        return DetailPage(page: PageContext(req, titleKey: "page.actions.detail_title"),
                          action: try ActionView(action, viewer: viewer, helping: helping, language: req.language), form: form,
                          translation: translation)
    }

    static func show(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let action = try await ActionService.visible(req.parameters.get("actionID", as: UUID.self), to: user, on: req.db)
        return try await req.view.render("community/actions/detail", try await detailPage(req, action, viewer: user)).encodeResponse(for: req)
    }

    static func close(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let action = try await ActionService.visible(req.parameters.get("actionID", as: UUID.self), to: user, on: req.db)
        let fields = try CommunityForm.fields(req)
        do {
            let helped: Bool? = switch fields["helped"] { case "yes": true; case "no": false; default: nil }
            try await ActionService.close(action, with: ActionCloseInput(helped: helped, message: fields["message"]), by: user, on: req.db)
            return req.redirect(to: "/actions/\(try action.requireID())")
        } catch {
            let form = FormState.failed(error, values: fields, req).placed(on: ["helped", "message"])
            return try await AccountPages.renderFailed("community/actions/detail", try await detailPage(req, action, viewer: user, form: form), error, req)
        }
    }

    /// "I can help": the member joins the action and lands in the conversation with its author.
    static func join(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let action = try await ActionService.visible(req.parameters.get("actionID", as: UUID.self), to: user, on: req.db)
        do {
            let conversation = try await ActionService.join(action, by: user, on: req.db, live: req.live)
            return req.redirect(to: "/conversations/\(try conversation.requireID())")
        } catch {
            let form = FormState.failed(error, values: [:], req).placed(on: [])
            return try await AccountPages.renderFailed("community/actions/detail", try await detailPage(req, action, viewer: user, form: form), error, req)
        }
    }

    static func leave(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let action = try await ActionService.visible(req.parameters.get("actionID", as: UUID.self), to: user, on: req.db)
        try await ActionService.leave(action, by: user, on: req.db)
        return req.redirect(to: "/actions/\(try action.requireID())")
    }
}

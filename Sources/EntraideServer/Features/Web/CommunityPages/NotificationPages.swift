import Vapor
import Fluent
import EntraideCore

/// In-app notifications on the web: the list (each leading to what it is about), "mark all
/// as read", and which kinds the member wants at all.
struct NotificationPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let notifications = routes.grouped("notifications")
        notifications.get(use: Self.list)
        notifications.post("read", use: Self.readAll)
        notifications.get("preferences", use: Self.preferencesForm)
        notifications.post("preferences", use: Self.savePreferences)
    }

    struct ListPage: Encodable {
        let page: PageContext
        let notifications: [Row]
        let hasNotifications: Bool
        let hasUnread: Bool
        let more: String?
    }

    struct Row: Encodable {
        let text: String
        let link: String
        let unread: Bool
        let when: String
        let iso: String
    }

    static func list(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let found = try await NotificationService.list(for: user.requireID(), try ListQuery(req), unreadOnly: false, on: req.db)
        let rows = try found.rows.map { notification in
            let dto = try NotificationDTO(notification).rendered(in: req.language, with: req.application.catalogue)
            return Row(text: dto.text, link: dto.link, unread: dto.readAt == nil,
                       when: dto.createdAt.map { PageClock.dayAndTime($0, req.language) } ?? "",
                       iso: dto.createdAt.map(PageClock.iso) ?? "")
        }
        let page = ListPage(page: PageContext(req, titleKey: "page.notifications.title"), notifications: rows,
                            hasNotifications: !rows.isEmpty, hasUnread: rows.contains(where: \.unread),
                            more: found.next.map { "/notifications?cursor=\($0)" })
        return try await req.view.render("community/notifications/list", page).encodeResponse(for: req)
    }

    static func readAll(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        try await NotificationService.markAllRead(for: user.requireID(), on: req.db)
        return req.redirect(to: "/notifications")
    }

    struct PreferencesPage: Encodable {
        let page: PageContext
        let kinds: [Choice]
        let saved: Bool
        struct Choice: Encodable { let value: String; let checked: Bool }
    }

    static func preferencesForm(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let stored = try await NotificationService.preferences(for: user.requireID(), on: req.db)
        let page = PreferencesPage(
            page: PageContext(req, titleKey: "page.notifications.preferences_title"),
            kinds: MemberNotification.Kind.choosable.map { .init(value: $0.rawValue, checked: stored[$0.rawValue] ?? true) },
            saved: req.query[String.self, at: "saved"] != nil)
        return try await req.view.render("community/notifications/preferences", page).encodeResponse(for: req)
    }

    /// Checkboxes arrive as `kinds[]`, and only when checked: every kind not sent is switched off.
    struct PreferencesForm: Content {
        var kinds: [String]?
    }

    static func savePreferences(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let checked = Set(try req.content.decode(PreferencesForm.self).kinds ?? [])
        let kinds = Dictionary(uniqueKeysWithValues: MemberNotification.Kind.choosable.map { ($0.rawValue, checked.contains($0.rawValue)) })
        try await NotificationService.setPreferences(kinds, for: user.requireID(), on: req.db)
        return req.redirect(to: "/notifications/preferences?saved=1")
    }
}

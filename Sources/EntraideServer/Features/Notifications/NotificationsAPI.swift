import Vapor

/// `/api/v1/notifications…`: my notifications, read markers and per-kind preferences.
struct NotificationsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let notifications = routes.grouped("notifications")
        notifications.get(use: Self.list)
        notifications.post("read", use: Self.readAll)
        notifications.post(":notificationID", "read", use: Self.read)
        notifications.get("preferences", use: Self.preferences)
        notifications.put("preferences", use: Self.updatePreferences)
    }

    static func list(_ req: Request) async throws -> Page<NotificationDTO> {
        let user = try req.requireMember()
        let list = try ListQuery(req)
        let unreadOnly = req.query[Bool.self, at: "unread"] ?? false
        let page = try await NotificationService.list(for: user.requireID(), list, unreadOnly: unreadOnly, on: req.db)
        let items = try page.rows.map { try NotificationDTO($0).rendered(in: req.language, with: req.application.catalogue) }
        return Page(items: items, nextCursor: page.next)
    }

    static func read(_ req: Request) async throws -> HTTPStatus {
        let user = try req.requireMember()
        try await NotificationService.markRead(req.parameters.get("notificationID", as: UUID.self), for: user.requireID(), on: req.db)
        return .noContent
    }

    static func readAll(_ req: Request) async throws -> HTTPStatus {
        try await NotificationService.markAllRead(for: req.requireMember().requireID(), on: req.db)
        return .noContent
    }

    static func preferences(_ req: Request) async throws -> NotificationPreferencesDTO {
        NotificationPreferencesDTO(kinds: try await NotificationService.preferences(for: req.requireMember().requireID(), on: req.db))
    }

    static func updatePreferences(_ req: Request) async throws -> NotificationPreferencesDTO {
        let userID = try req.requireMember().requireID()
        let input = try req.content.decode(NotificationPreferencesDTO.self)
        try await NotificationService.setPreferences(input.kinds, for: userID, on: req.db)
        return NotificationPreferencesDTO(kinds: try await NotificationService.preferences(for: userID, on: req.db))
    }
}

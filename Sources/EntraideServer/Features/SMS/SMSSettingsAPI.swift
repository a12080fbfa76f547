import Vapor

/// `/api/v1/me/sms`: how news reach me by SMS.
struct SMSSettingsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", "sms", use: Self.show)
        routes.put("me", "sms", use: Self.update)
    }

    static func show(_ req: Request) async throws -> SMSSettings.View {
        try await SMSSettings.view(for: try req.requireMember(), on: req.db)
    }

    static func update(_ req: Request) async throws -> SMSSettings.View {
        let user = try req.requireMember()
        return try await SMSSettings.update(try req.content.decode(SMSSettings.Input.self), for: user, on: req.db)
    }
}

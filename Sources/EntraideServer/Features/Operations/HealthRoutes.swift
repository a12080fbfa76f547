import Vapor
import Fluent
import SQLKit

/// `/health` for load balancers: answers once the database answers.
struct HealthRoutes: RouteCollection {
    struct Health: Content { let status: String }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: Self.health)
    }

    static func health(_ req: Request) async throws -> Response {
        do {
            try await req.db.sql.raw("SELECT 1").run()
            return try await Health(status: "ok").encodeResponse(for: req)
        } catch {
            req.logger.error("health check: database unreachable", metadata: ["error": .string("\(error)")])
            return try await Health(status: "database_unavailable").encodeResponse(status: .serviceUnavailable, for: req)
        }
    }
}

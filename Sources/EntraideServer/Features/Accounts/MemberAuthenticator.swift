import Vapor
import Fluent

/// API requests authenticate with `Authorization: Bearer <token>`; pages with the
/// `entraide_session` cookie. Keeping the two apart means a cookie never authorises an API
/// call, so the JSON API needs no CSRF token.
struct BearerSessionAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization,
           let found = try await SessionService.find(secret: bearer.token, kind: .api, on: request.db) {
            request.authenticated = found
            request.auth.login(found.user)
        }
        return try await next.respond(to: request)
    }
}

struct CookieSessionAuthenticator: AsyncMiddleware {
    static let cookieName = "entraide_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let secret = request.cookies[Self.cookieName]?.string,
           let found = try await SessionService.find(secret: secret, kind: .web, on: request.db) {
            request.authenticated = found
            request.auth.login(found.user)
        }
        return try await next.respond(to: request)
    }
}

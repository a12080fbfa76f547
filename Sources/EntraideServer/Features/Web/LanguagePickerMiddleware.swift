import Vapor
import EntraideCore

/// A `?lang=` on any page is remembered in a cookie, so the language picker works without
/// an account; a signed-in member's own setting is updated too.
struct LanguagePickerMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let raw = request.query[String.self, at: "lang"], let language = LanguageNegotiation.parse(raw),
              request.application.catalogue.languages.contains(language)
        else { return try await next.respond(to: request) }
        if let member = request.auth.get(User.self), member.language != language.rawValue {
            member.language = language.rawValue
            try await member.update(on: request.db)
        }
        let response = try await next.respond(to: request)
        response.cookies["lang"] = HTTPCookies.Value(
            string: language.rawValue, expires: nil, maxAge: 365 * 24 * 3600, path: "/",
            isSecure: request.config.secureCookies, isHTTPOnly: true, sameSite: .lax)
        return response
    }
}

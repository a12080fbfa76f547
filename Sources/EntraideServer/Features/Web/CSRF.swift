import Vapor

/// Protects every form: a random value lives in an HttpOnly cookie, and each form carries
/// its HMAC under the platform secret. Another site can neither read the cookie nor forge
/// the HMAC of a cookie it planted, so a POST without the matching field is refused.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookieName = "entraide_csrf"
    static let fieldName = "csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var seed = request.cookies[Self.cookieName]?.string ?? ""
        var isNew = false
        if seed.count < 20 {
            seed = Secrets.randomToken()
            isNew = true
        }
        let expected = Secrets.hmac(seed, key: request.config.secret)
        request.csrfToken = expected

        if request.method == .POST {
            // A long form or a photo upload arrives in several reads: gather it (within the
            // route's own limit) so its `csrf` field can be read here and the route finds the body whole.
            if request.body.data == nil {
                let limit = request.headers.contentType?.type == "multipart"
                    ? PhotoService.maxUploadBytes + 64 * 1024 : request.application.routes.defaultMaxBodySize.value
                _ = try await request.body.collect(max: limit).get()
            }
            let sent: String
            do {
                sent = try request.content.get(String.self, at: Self.fieldName)
            } catch let refused as AppError {
                throw refused
            } catch {
                sent = ""
            }
            guard !isNew, Secrets.constantTimeEquals(sent, expected) else {
                throw AppError(.forbidden, "csrf.invalid")
            }
        }
        let response = try await next.respond(to: request)
        if isNew {
            response.cookies[Self.cookieName] = HTTPCookies.Value(
                string: seed, expires: nil, maxAge: nil, path: "/", isSecure: request.config.secureCookies,
                isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

extension Request {
    private struct CSRFKey: StorageKey { typealias Value = String }

    var csrfToken: String {
        get { storage[CSRFKey.self] ?? "" }
        set { storage[CSRFKey.self] = newValue }
    }
}

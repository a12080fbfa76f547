import Vapor
import Fluent
import EntraideCore

/// `/api/v1/auth/…`: sign-up, log-in by e-mail or SMS code, log-out.
struct AuthAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let auth = routes.grouped("auth")
        auth.post("signup", use: Self.signup)
        auth.post("login", use: Self.login)
        auth.post("sms-code", use: Self.smsCode)
        auth.post("sms-login", use: Self.smsLogin)
        auth.post("logout", use: Self.logout)
    }

    static func signup(_ req: Request) async throws -> Response {
        try await req.rateLimit(.signupPerIP)
        let input = try req.content.decode(SignupRequest.self)
        if let phone = input.phone?.nilIfBlank, input.email?.nilIfBlank == nil,
           let number = PhoneNumber(phone, defaultCountry: req.config.defaultCountry) {
            try await req.rateLimit(.smsPerIP)
            try await req.rateLimit(.smsPerPhone, key: number.e164)
        }
        switch try await AccountService.signup(input, defaultCountry: req.config.defaultCountry, secret: req.config.secret, hasher: req.password.async, on: req.db) {
        case let .signedIn(user):
            return try await signedIn(user, status: .created, req)
        case let .codeSent(user, phone, code):
            try await sendLoginCode(code, to: phone, user: user, req)
            return try await CodeSentDTO(codeSent: true, phone: phone).encodeResponse(status: .accepted, for: req)
        }
    }

    static func login(_ req: Request) async throws -> Response {
        let input = try req.content.decode(LoginRequest.self)
        try await req.rateLimit(.loginPerIP)
        try await req.rateLimit(.loginPerAccount, key: input.email.lowercased())
        let user = try await AccountService.login(email: input.email, password: input.password, hasher: req.password.async, on: req.db)
        return try await signedIn(user, status: .ok, req)
    }

    static func smsCode(_ req: Request) async throws -> Response {
        let input = try req.content.decode(PhoneRequest.self)
        let number = try ProfileRules.phone(input.phone, defaultCountry: req.config.defaultCountry).e164
        try await req.rateLimit(.smsPerIP)
        try await req.rateLimit(.smsPerPhone, key: number)
        if let (user, code) = try await AccountService.loginCode(for: number, secret: req.config.secret, on: req.db) {
            try await sendLoginCode(code, to: number, user: user, req)
        }
        return try await CodeSentDTO(codeSent: true, phone: number).encodeResponse(status: .accepted, for: req)
    }

    static func smsLogin(_ req: Request) async throws -> Response {
        let input = try req.content.decode(PhoneCodeRequest.self)
        let number = try ProfileRules.phone(input.phone, defaultCountry: req.config.defaultCountry).e164
        try await req.rateLimit(.codeCheckPerIP)
        let user = try await AccountService.smsLogin(phone: number, code: input.code.trimmingCharacters(in: .whitespaces), secret: req.config.secret, on: req.db)
        return try await signedIn(user, status: .ok, req)
    }

    static func logout(_ req: Request) async throws -> HTTPStatus {
        _ = try req.requireMember()
        if let id = req.currentSessionID { try await SessionService.close(id, on: req.db) }
        return .noContent
    }

    static func signedIn(_ user: User, status: HTTPStatus, _ req: Request) async throws -> Response {
        let (token, _) = try await SessionService.open(for: user, kind: .api, userAgent: req.headers.first(name: .userAgent), on: req.db)
        let body = AuthResultDTO(token: token, user: try await AccountService.me(user, on: req.db))
        return try await body.encodeResponse(status: status, for: req)
    }

    /// The code goes out in the member's own language.
    static func sendLoginCode(_ code: String, to phone: String, user: User, _ req: Request) async throws {
        let language = Language(rawValue: user.language) ?? req.language
        let body = req.application.catalogue.text("sms.login_code", language, ["code": code, "minutes": "\(OneTimeCodePolicy.lifetimeSeconds / 60)"])
        try await req.sms.send(to: phone, body: body, purpose: .loginCode, userID: user.id)
    }
}

import Vapor
import Fluent
import EntraideCore

/// `/api/v1/me…`: the member's own account.
struct MeAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let me = routes.grouped("me")
        me.get(use: Self.show)
        me.patch(use: Self.update)
        me.delete(use: Self.delete)
        me.get("export", use: Self.export)
        me.get("sessions", use: Self.sessions)
        me.delete("sessions", ":sessionID", use: Self.revokeSession)
        me.post("phone", use: Self.requestPhoneChange)
        me.post("phone", "confirm", use: Self.confirmPhoneChange)
    }

    static func show(_ req: Request) async throws -> MeDTO {
        try req.me()
    }

    static func update(_ req: Request) async throws -> MeDTO {
        let user = try req.requireMember()
        let patch = try req.content.decode(ProfileUpdate.self)
        try await ProfileService.update(user, with: patch, screening: req.application.screening, on: req.db)
        return try req.me()
    }

    static func delete(_ req: Request) async throws -> HTTPStatus {
        try await ProfileService.anonymise(req.requireMember(), on: req.db)
        return .noContent
    }

    static func export(_ req: Request) async throws -> Response {
        let export = try await ProfileService.export(req.requireMember(), currentSessionID: req.currentSessionID, on: req.db)
        let response = try await export.encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"entraide-export.json\"")
        return response
    }

    static func sessions(_ req: Request) async throws -> [SessionDTO] {
        let user = try req.requireMember()
        return try await SessionService.list(for: user.requireID(), on: req.db).map { try SessionDTO($0, currentID: req.currentSessionID) }
    }

    static func revokeSession(_ req: Request) async throws -> HTTPStatus {
        let user = try req.requireMember()
        guard let id = req.parameters.get("sessionID", as: UUID.self) else { throw AppError.notFound("session.not_found") }
        try await SessionService.revoke(sessionID: id, of: user.requireID(), on: req.db)
        return .noContent
    }

    static func requestPhoneChange(_ req: Request) async throws -> Response {
        let user = try req.requireMember()
        let input = try req.content.decode(PhoneRequest.self)
        try await req.rateLimit(.smsPerIP)
        try await req.rateLimit(.smsPerPhone, key: try ProfileRules.phone(input.phone, defaultCountry: req.config.defaultCountry).e164)
        let (phone, code) = try await PhoneChangeService.requestChange(for: user, to: input.phone, defaultCountry: req.config.defaultCountry, secret: req.config.secret, on: req.db)
        let body = req.t("sms.phone_change_code", ["code": code, "minutes": "\(OneTimeCodePolicy.lifetimeSeconds / 60)"])
        try await req.sms.send(to: phone, body: body, purpose: .phoneChangeCode, userID: user.id)
        return try await CodeSentDTO(codeSent: true, phone: phone).encodeResponse(status: .accepted, for: req)
    }

    static func confirmPhoneChange(_ req: Request) async throws -> MeDTO {
        let user = try req.requireMember()
        let input = try req.content.decode(PhoneCodeRequest.self)
        try await req.rateLimit(.codeCheckPerIP)
        try await PhoneChangeService.confirm(for: user, phone: input.phone, code: input.code.trimmingCharacters(in: .whitespaces), defaultCountry: req.config.defaultCountry, secret: req.config.secret, on: req.db)
        return try await AccountService.me(user, on: req.db)
    }
}

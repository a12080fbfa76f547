import Vapor
import Fluent
import SQLKit
import EntraideCore

/// Reports (any member), the moderation queue and decisions (moderators), appeals (the
/// member concerned) and the audit log (admins).
struct ModerationAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("reports", use: Self.report)
        let moderation = routes.grouped("moderation")
        moderation.get("queue", use: Self.queue)
        moderation.get("cases", ":caseID", use: Self.show)
        moderation.post("cases", ":caseID", "decision", use: Self.decide)
        moderation.post("decisions", ":decisionID", "appeal", use: Self.appeal)
        moderation.post("appeals", use: Self.appealSanction)
        routes.get("admin", "moderation-log", use: Self.log)
    }

    static func report(_ req: Request) async throws -> Response {
        let user = try req.requireMember()
        try await req.rateLimit(.reportPerMember, key: user.requireID().uuidString)
        let report = try await ReportService.report(try req.content.decode(ReportInput.self), by: user, on: req.db)
        let receipt = ReportReceiptDTO(id: try report.requireID(), status: "received", message: req.t("report.received"))
        return try await receipt.encodeResponse(status: .created, for: req)
    }

    static func requireModerator(_ req: Request) async throws -> User {
        let user = try req.requireMember()
        guard try await RoleService.has(user, anyOf: [.moderator, .admin], on: req.db) else { throw AppError.forbidden }
        return user
    }

    static func queue(_ req: Request) async throws -> Page<ModerationCaseDTO> {
        let moderator = try await requireModerator(req)
        let filters = try ModerationQueue.Filters(
            zone: req.query[String.self, at: "zone"], source: req.query[String.self, at: "source"],
            subject: req.query[String.self, at: "subjectType"], olderThanHours: req.query[Int.self, at: "olderThanHours"],
            cursor: req.query[String.self, at: "cursor"], limit: req.query[Int.self, at: "limit"])
        let (cases, next) = try await ModerationQueue.page(filters, moderatorZone: ModerationZone.of(postalCode: moderator.postalCode), on: req.db)
        return Page(items: try await ModerationQueue.dtos(cases, req), nextCursor: next)
    }

    static func show(_ req: Request) async throws -> ModerationCaseDTO {
        _ = try await requireModerator(req)
        guard let id = req.parameters.get("caseID", as: UUID.self), let item = try await ModerationCase.find(id, on: req.db) else {
            throw AppError.notFound("moderation.case_not_found")
        }
        return try await ModerationQueue.dtos([item], req)[0]
    }

    static func decide(_ req: Request) async throws -> ModerationDecisionDTO {
        let moderator = try await requireModerator(req)
        guard let id = req.parameters.get("caseID", as: UUID.self), let item = try await ModerationCase.find(id, on: req.db) else {
            throw AppError.notFound("moderation.case_not_found")
        }
        guard try await ModerationService.mayDecide(item, moderator, on: req.db) else {
            throw AppError(.forbidden, "moderation.appeal_same_moderator")
        }
        let decision = try await ModerationService.decide(item, try req.content.decode(DecisionInput.self), by: moderator, on: req.db, live: req.live)
        req.application.feedCache.invalidate()
        return try await ModerationLog.dtos([decision], on: req.db)[0]
    }

    static func appeal(_ req: Request) async throws -> Response {
        let member = try req.requireMember()
        let input = try req.content.decode(AppealInput.self)
        let appeal = try await ModerationService.appeal(req.parameters.get("decisionID", as: UUID.self), message: input.message, by: member, on: req.db)
        let receipt = ReportReceiptDTO(id: try appeal.requireID(), status: "received", message: req.t("moderation.appeal_received"))
        return try await receipt.encodeResponse(status: .created, for: req)
    }

    /// A suspended or banned member cannot log in, so they appeal their sanction by proving
    /// who they are here: e-mail and password, or phone and a login code.
    static func appealSanction(_ req: Request) async throws -> Response {
        let input = try req.content.decode(SanctionAppealInput.self)
        try await req.rateLimit(.loginPerIP)
        let member: User
        if let email = input.email, let password = input.password {
            try await req.rateLimit(.loginPerAccount, key: email.lowercased())
            member = try await AccountService.authenticate(email: email, password: password, hasher: req.password.async, on: req.db)
        } else if let phone = input.phone, let code = input.code {
            try await req.rateLimit(.codeCheckPerIP)
            let number = try ProfileRules.phone(phone, defaultCountry: req.config.defaultCountry).e164
            member = try await AccountService.smsAuthenticate(phone: number, code: code.trimmingCharacters(in: .whitespaces), secret: req.config.secret, on: req.db)
        } else {
            throw AppError(.unprocessableEntity, "validation.required", field: input.email == nil && input.phone == nil ? "email" : (input.email != nil ? "password" : "code"))
        }
        guard member.isSanctioned() else { throw AppError(.conflict, "moderation.not_sanctioned") }
        let sanction = try await ModerationDecision.query(on: req.db).filter(\.$memberID == member.requireID())
            .filter(\.$action ~~ [ModerationDecision.Action.suspend.rawValue, ModerationDecision.Action.ban.rawValue])
            .sort(\.$createdAt, .descending).first()
        let appeal = try await ModerationService.appeal(sanction?.id, message: input.message, by: member, on: req.db)
        let receipt = ReportReceiptDTO(id: try appeal.requireID(), status: "received", message: req.t("moderation.appeal_received"))
        return try await receipt.encodeResponse(status: .created, for: req)
    }

    /// The audit log, newest first; `format=csv` downloads it whole (display names only).
    static func log(_ req: Request) async throws -> Response {
        let admin = try req.requireMember()
        guard try await RoleService.has(admin, anyOf: [.admin], on: req.db) else { throw AppError.forbidden }
        if req.query[String.self, at: "format"] == "csv" {
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            headers.contentDisposition = .init(.attachment, filename: "moderation-log.csv")
            return Response(status: .ok, headers: headers, body: .init(string: try await ModerationLog.csv(on: req.db)))
        }
        let list = try ListQuery(req)
        let (rows, next) = try await ModerationLog.page(list, on: req.db)
        return try await Page(items: try await ModerationLog.dtos(rows, on: req.db), nextCursor: next).encodeResponse(for: req)
    }
}

import Vapor
import Fluent
import EntraideCore

/// The moderation back-office on the web: the queue (filters, the moderator's zone first),
/// one case with its decision form, and the audit log for admins (with its CSV export).
struct ModerationPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("moderation", use: Self.queue)
        routes.get("moderation", "cases", ":caseID", use: Self.show)
        routes.post("moderation", "cases", ":caseID", use: Self.decide)
        routes.get("admin", "moderation-log", use: Self.log)
    }

    struct QueuePage: Encodable {
        let page: PageContext
        let cases: [ModerationCaseDTO]
        let hasCases: Bool
        let zone: String
        let source: String
        let sources: [String]
        let subject: String
        let subjects: [String]
        let olderThanHours: String
        let more: String?
    }

    static func moderator(_ req: Request) async throws -> User? {
        guard let user = req.auth.get(User.self) else { return nil }
        guard try await RoleService.has(user, anyOf: [.moderator, .admin], on: req.db) else { throw AppError.forbidden }
        return user
    }

    static func queue(_ req: Request) async throws -> Response {
        guard let moderator = try await moderator(req) else { return req.redirect(to: "/login") }
        let zone = req.query[String.self, at: "zone"] ?? "", source = req.query[String.self, at: "source"] ?? ""
        let subject = req.query[String.self, at: "subjectType"] ?? "", age = req.query[String.self, at: "olderThanHours"] ?? ""
        let hours = try age.isEmpty ? nil : Int(age) ?? { throw AppError(.badRequest, "moderation.age_invalid", field: "olderThanHours") }()
        let filters = try ModerationQueue.Filters(zone: zone, source: source.isEmpty ? nil : source, subject: subject.isEmpty ? nil : subject,
                                                  olderThanHours: hours, cursor: req.query[String.self, at: "cursor"], limit: nil)
        let (cases, next) = try await ModerationQueue.page(filters, moderatorZone: ModerationZone.of(postalCode: moderator.postalCode), on: req.db)
        let dtos = try await ModerationQueue.dtos(cases, req)
        var query = URLComponents()
        query.queryItems = [URLQueryItem(name: "zone", value: zone), URLQueryItem(name: "source", value: source),
                            URLQueryItem(name: "subjectType", value: subject), URLQueryItem(name: "olderThanHours", value: age)]
        let here = "/moderation?" + (query.percentEncodedQuery ?? "")
        let page = QueuePage(page: PageContext(req, titleKey: "page.moderation.title"), cases: dtos, hasCases: !dtos.isEmpty,
                             zone: zone, source: source, sources: ModerationCase.Source.allCases.map(\.rawValue),
                             subject: subject, subjects: ReportService.reportable.map(\.rawValue), olderThanHours: age,
                             more: next.map { here + "&cursor=" + $0 })
        return try await req.view.render("safety/queue", page).encodeResponse(for: req)
    }

    struct CasePage: Encodable {
        let page: PageContext
        let item: ModerationCaseDTO
        let open: Bool
        let actions: [String]
        let error: String?
    }

    static func show(_ req: Request) async throws -> Response {
        guard try await moderator(req) != nil else { return req.redirect(to: "/login") }
        return try await render(req, error: nil)
    }

    private static func render(_ req: Request, error: String?) async throws -> Response {
        guard let id = req.parameters.get("caseID", as: UUID.self), let item = try await ModerationCase.find(id, on: req.db) else {
            throw AppError.notFound("moderation.case_not_found")
        }
        let appeal = item.source == ModerationCase.Source.appeal.rawValue
        let actions: [ModerationDecision.Action] = appeal ? [.uphold, .overturn] : [.approve, .hide, .redact, .warn, .suspend, .ban, .anonymise]
        let page = CasePage(page: PageContext(req, titleKey: "page.moderation.case_title"), item: try await ModerationQueue.dtos([item], req)[0],
                            open: item.isOpen, actions: actions.map(\.rawValue), error: error)
        return try await req.view.render("safety/case", page).encodeResponse(status: error == nil ? .ok : .unprocessableEntity, for: req)
    }

    struct DecisionForm: Content {
        var action: String?
        var reason: String?
        var remove: String?
        var days: String?
    }

    static func decide(_ req: Request) async throws -> Response {
        guard let moderator = try await moderator(req) else { return req.redirect(to: "/login") }
        guard let id = req.parameters.get("caseID", as: UUID.self), let item = try await ModerationCase.find(id, on: req.db) else {
            throw AppError.notFound("moderation.case_not_found")
        }
        let form = try req.content.decode(DecisionForm.self)
        do {
            guard try await ModerationService.mayDecide(item, moderator, on: req.db) else { throw AppError(.forbidden, "moderation.appeal_same_moderator") }
            let days = try form.days.flatMap { $0.isEmpty ? nil : $0 }.map { raw -> Int in
                guard let value = Int(raw) else { throw AppError(.unprocessableEntity, "moderation.days_invalid", field: "days",
                                                                 arguments: ["min": "\(ModerationService.suspensionDays.lowerBound)", "max": "\(ModerationService.suspensionDays.upperBound)"]) }
                return value
            }
            _ = try await ModerationService.decide(item, DecisionInput(action: form.action, reason: form.reason, remove: form.remove, days: days),
                                                   by: moderator, on: req.db, live: req.live)
            req.application.feedCache.invalidate()
            return req.redirect(to: "/moderation")
        } catch let error as AppError {
            return try await render(req, error: req.t(error.code, error.arguments))
        } catch let error as RuleViolation {
            return try await render(req, error: req.t(error.code, error.arguments))
        }
    }

    struct LogPage: Encodable {
        let page: PageContext
        let decisions: [ModerationDecisionDTO]
        let hasDecisions: Bool
        let more: String?
    }

    static func log(_ req: Request) async throws -> Response {
        guard let admin = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        guard try await RoleService.has(admin, anyOf: [.admin], on: req.db) else { throw AppError.forbidden }
        let (rows, next) = try await ModerationLog.page(try ListQuery(req, defaultLimit: 50), on: req.db)
        let page = LogPage(page: PageContext(req, titleKey: "page.moderation.log_title"), decisions: try await ModerationLog.dtos(rows, on: req.db),
                           hasDecisions: !rows.isEmpty, more: next.map { "/admin/moderation-log?cursor=" + $0 })
        return try await req.view.render("safety/log", page).encodeResponse(for: req)
    }
}

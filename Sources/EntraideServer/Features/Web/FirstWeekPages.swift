import Vapor
import EntraideCore

/// The first week on the web: putting the checklist away, and the staff's drop-off figures
/// (`/admin/first-week`), counts only.
struct FirstWeekPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("first-week", "dismiss", use: Self.dismiss)
        routes.get("admin", "first-week", use: Self.dropOff)
    }

    static func dismiss(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        try await FirstWeekService.dismiss(user, on: req.db)
        return req.redirect(to: "/")
    }

    struct DropOffPage: Encodable {
        let page: PageContext
        let form: FormState
        let goals: [GoalRows]
        /// False when the period typed cannot be read: the form comes back with its error.
        let shown: Bool
    }

    struct GoalRows: Encodable {
        let name: String
        let started: Int
        let completed: Int
        let steps: [StepRow]
    }

    struct StepRow: Encodable {
        let name: String
        let withinFirstWeek: Int
        let reached: Int
        let share: String
    }

    /// Animators and admins: they run zones and welcome newcomers.
    static func dropOff(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        guard try await RoleService.has(user, anyOf: [.animator, .admin], on: req.db) else { throw AppError.forbidden }
        let from = req.query[String.self, at: "from"], to = req.query[String.self, at: "to"]
        let values = ["from": from ?? "", "to": to ?? ""]
        do {
            // The same period as the associations' figures: dates typed in the same form, the last 30 days by default.
            let period = try RoundStatistics.period(from: from, to: to)
            let counts = try await FirstWeekService.dropOff(signedUpFrom: period.from, to: period.to, on: req.db)
            let shown = ["from": CommunityForm.given(from) ?? AssociationPages.day(period.from),
                         "to": CommunityForm.given(to) ?? AssociationPages.day(period.to)]
            let page = DropOffPage(page: PageContext(req, titleKey: "first_week.staff.title"), form: FormState(values: shown),
                                   goals: counts.map { rows($0, req) }, shown: true)
            return try await req.view.render("first-week/drop-off", page).encodeResponse(for: req)
        } catch let error as AppError where error.code == "rounds.period_invalid" {
            let page = DropOffPage(page: PageContext(req, titleKey: "first_week.staff.title"), form: FormState.failed(error, values: values, req),
                                   goals: [], shown: false)
            return try await AccountPages.renderFailed("first-week/drop-off", page, error, req)
        }
    }

    static func rows(_ counts: FirstWeekDropOff.GoalCounts, _ req: Request) -> GoalRows {
        GoalRows(name: req.t("goal.\(counts.goal.rawValue)"), started: counts.started, completed: counts.completedWithinFirstWeek,
                 steps: counts.steps.map { step in
                     let share = counts.started == 0 ? "–" : "\(Int((Double(step.withinFirstWeek) * 100 / Double(counts.started)).rounded())) %"
                     return StepRow(name: req.t("first_week.step.\(step.step.rawValue)"), withinFirstWeek: step.withinFirstWeek,
                                    reached: step.reached, share: share)
                 })
    }
}

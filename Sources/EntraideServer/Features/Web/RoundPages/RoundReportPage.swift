import Vapor
import EntraideCore

/// `/rounds/:roundID/report`: the round's answers to its association's report form. The team
/// (or staff) answers once the round has started, and may answer again; other members read.
/// `ReportFormRules` checks the answers; a mistake brings the form back as typed.
extension RoundPages {
    struct ReportPage: Encodable {
        let page: PageContext
        let id: String
        let title: String
        let answers: Bool
        let questions: [AnswerRow]
        let hasQuestions: Bool
        let reported: String?
        let message: String?
        let saved: Bool
    }

    struct AnswerRow: Encodable {
        let field: String
        let label: String
        let required: Bool
        let isText: Bool
        let isNumber: Bool
        let isYesNo: Bool
        let isChoice: Bool
        let choices: [AnswerChoice]
        let value: String
        let shown: String?
        let error: String?
    }

    struct AnswerChoice: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    static func report(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let (context, round) = try await load(req, user: user)
        return try await renderReport(req, context, round, values: round.answers, errors: [:], message: nil,
                                      saved: req.query[String.self, at: "saved"] != nil)
    }

    static func renderReport(_ req: Request, _ context: OrganisationContext, _ round: OutreachRound, values: [String: String],
                             errors: [String: String], message: String?, saved: Bool) async throws -> Response {
        let roundID = try round.requireID()
        let report = try await ReportFormService.report(of: round, in: context, on: req.db)
        let onTeam = try await RoundService.isOnTeam(round, context.userID, on: req.db)
        let answers = (context.role.plansRounds || onTeam) && round.statusValue != .planned
        let sectors = try await sectorNames([round.$sector.id], on: req.db)
        let yes = req.t("page.round.report_yes"), no = req.t("page.round.report_no")
        let rows = report.questions.map { question in
            let value = values[question.id] ?? ""
            let shown: String? = switch question.kind {
            case .yesNo: value == "yes" ? yes : value == "no" ? no : nil
            default: value.isEmpty ? nil : value
            }
            let choices: [AnswerChoice] = switch question.kind {
            case .yesNo: [AnswerChoice(value: "yes", label: yes, selected: value == "yes"), AnswerChoice(value: "no", label: no, selected: value == "no")]
            case .choice: question.choices.map { AnswerChoice(value: $0, label: $0, selected: $0 == value) }
            default: []
            }
            return AnswerRow(field: "answer_\(question.id)", label: question.label, required: question.required,
                             isText: question.kind == .text, isNumber: question.kind == .number, isYesNo: question.kind == .yesNo,
                             isChoice: question.kind == .choice, choices: choices, value: value, shown: shown, error: errors[question.id])
        }
        let page = ReportPage(
            page: PageContext(req, titleKey: "page.round.report"), id: roundID.uuidString,
            title: req.t("page.rounds.round_title", ["kind": req.t("rounds.kind.\(round.kind)"), "sector": sectors[round.$sector.id] ?? ""]),
            answers: answers, questions: rows, hasQuestions: !rows.isEmpty,
            reported: report.reportedAt.map { date in
                req.t("page.round.reported_by", ["name": report.reportedBy?.displayName ?? "", "when": PageClock.dayAndTime(date, req.language)])
            },
            message: message, saved: saved)
        return try await req.view.render("rounds/report", page).encodeResponse(for: req)
    }

    static func answerReport(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let (context, round) = try await load(req, user: user)
        let fields = try CommunityForm.fields(req)
        var given: [String: String] = [:]
        for (name, value) in fields where name.hasPrefix("answer_") { given[String(name.dropFirst("answer_".count))] = value }
        do {
            try await ReportFormService.answer(RoundReportInput(answers: given), for: round, in: context, on: req.db)
            return req.redirect(to: "/rounds/\(try round.requireID())/report?saved=1")
        } catch {
            let state = FormState.failed(error, values: [:], req)
            var errors: [String: String] = [:], message = state.message
            for (field, text) in state.errors {
                if field.hasPrefix("answers.") { errors[String(field.dropFirst("answers.".count))] = text } else { message = message.map { $0 + " " + text } ?? text }
            }
            let response = try await renderReport(req, context, round, values: given, errors: errors, message: message, saved: false)
            response.status = EntraideErrorMiddleware.appError(for: error, request: req).status
            return response
        }
    }
}

import Vapor
import EntraideCore

/// The association's report form, written without JavaScript: one group of fields a question
/// (text, kind, required, the choices one a line), and a few empty groups to add questions; a
/// question whose text is emptied is removed. `ReportFormRules` (through `ReportFormService`)
/// checks the form; a mistake brings every row back as typed, the error on its row.
extension AssociationPages {
    static let blankQuestionRows = 2

    struct ReportFormPage: Encodable {
        let page: PageContext
        let association: Header
        let editable: Bool
        let rows: [QuestionRow]
        let questions: [QuestionSummary]
        let hasQuestions: Bool
        let message: String?
        let saved: Bool
    }

    struct QuestionRow: Encodable {
        let index: Int
        let number: Int
        let id: String
        let label: String
        let kinds: [KindChoice]
        let required: Bool
        let choices: String
        let labelError: String?
        let kindError: String?
        let choicesError: String?
    }

    struct KindChoice: Encodable {
        let code: String
        let label: String
        let selected: Bool
    }

    struct QuestionSummary: Encodable {
        let label: String
        let kind: String
        let required: Bool
        let choices: String?
    }

    /// A row as the browser sent it (or as the saved form gives it).
    struct QuestionFields {
        var index: Int
        var id = ""
        var label = ""
        var kind = ReportQuestionKind.text.rawValue
        var required = false
        var choices = ""
        var errors: [String: String] = [:]

        var isBlank: Bool { CommunityForm.given(label) == nil && CommunityForm.given(choices) == nil }
    }

    static func reportForm(_ req: Request) async throws -> Response {
        guard let context = try await organisation(req) else { return req.redirect(to: "/login") }
        let saved = context.organisation.questions.enumerated().map { index, question in
            QuestionFields(index: index, id: question.id, label: question.label, kind: question.kind.rawValue,
                           required: question.required, choices: question.choices.joined(separator: "\n"))
        }
        return try await renderReportForm(req, context, rows: withBlankRows(saved), message: nil, saved: req.query[String.self, at: "saved"] != nil)
    }

    static func withBlankRows(_ rows: [QuestionFields]) -> [QuestionFields] {
        let next = (rows.map(\.index).max() ?? -1) + 1
        let room = max(0, min(blankQuestionRows, ReportFormRules.maxQuestions - rows.filter { !$0.isBlank }.count))
        return rows + (0..<room).map { QuestionFields(index: next + $0) }
    }

    static func renderReportForm(_ req: Request, _ context: OrganisationContext, rows: [QuestionFields], message: String?, saved: Bool) async throws -> Response {
        let kindLabel = { (kind: String) in req.t("page.association.kind.\(kind)") }
        let questions = context.organisation.questions
        let page = ReportFormPage(
            page: PageContext(req, titleKey: "page.association.report_form"), association: Header(context, req),
            editable: context.role.managesReportForm,
            rows: rows.enumerated().map { position, row in
                QuestionRow(index: row.index, number: position + 1, id: row.id, label: row.label,
                            kinds: ReportQuestionKind.allCases.map { KindChoice(code: $0.rawValue, label: kindLabel($0.rawValue), selected: $0.rawValue == row.kind) },
                            required: row.required, choices: row.choices,
                            labelError: row.errors["label"] ?? row.errors["id"], kindError: row.errors["kind"], choicesError: row.errors["choices"])
            },
            questions: questions.map {
                QuestionSummary(label: $0.label, kind: kindLabel($0.kind.rawValue), required: $0.required,
                                choices: $0.choices.isEmpty ? nil : $0.choices.joined(separator: " · "))
            },
            hasQuestions: !questions.isEmpty, message: message, saved: saved)
        return try await req.view.render("rounds/association/report-form", page).encodeResponse(for: req)
    }

    static func saveReportForm(_ req: Request) async throws -> Response {
        guard let context = try await organisation(req) else { return req.redirect(to: "/login") }
        let fields = try CommunityForm.fields(req)
        let rows = (0..<(ReportFormRules.maxQuestions + blankQuestionRows * 2)).compactMap { index -> QuestionFields? in
            guard fields["label_\(index)"] != nil || fields["choices_\(index)"] != nil else { return nil }
            return QuestionFields(index: index, id: fields["id_\(index)"] ?? "", label: fields["label_\(index)"] ?? "",
                                  kind: fields["kind_\(index)"] ?? "", required: fields["required_\(index)"] != nil,
                                  choices: fields["choices_\(index)"] ?? "")
        }
        let kept = rows.filter { !$0.isBlank }
        // A new question gets an id no question of the form has, or had just before: a
        // round's answers to a removed question never pass for answers to a new one.
        var used = Set(context.organisation.questions.map(\.id) + kept.compactMap { CommunityForm.given($0.id) })
        let drafts = kept.map { row -> ReportQuestionInput in
            var id = CommunityForm.given(row.id)
            if id == nil {
                var number = 1
                while used.contains("q\(number)") { number += 1 }
                id = "q\(number)"
                used.insert("q\(number)")
            }
            let choices = row.choices.split(whereSeparator: \.isNewline).compactMap { CommunityForm.given(String($0)) }
            return ReportQuestionInput(id: id, label: row.label, kind: row.kind, required: row.required, choices: choices)
        }
        do {
            _ = try await ReportFormService.save(ReportFormInput(questions: drafts), for: context, on: req.db)
            return req.redirect(to: "\(base(context))/report-form?saved=1")
        } catch {
            // "questions[2].label" is about the third row kept, whatever its place on the page.
            let state = FormState.failed(error, values: [:], req)
            var shown = rows, message = state.message
            for (field, text) in state.errors {
                if let match = field.wholeMatch(of: /questions\[(\d+)\]\.([a-z]+)/), let position = Int(match.1), position < kept.count,
                   let row = shown.firstIndex(where: { $0.index == kept[position].index }) {
                    shown[row].errors[String(match.2)] = text
                } else {
                    message = message.map { $0 + " " + text } ?? text
                }
            }
            return failed(try await renderReportForm(req, context, rows: shown, message: message, saved: false), error, req)
        }
    }
}

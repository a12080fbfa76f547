import Foundation

/// The kinds of question an association puts in its round report form.
public enum ReportQuestionKind: String, CaseIterable, Sendable, Codable {
    case text, number
    case yesNo = "yes_no"
    case choice
}

/// One question of an association's report form, answered once per round.
public struct ReportQuestion: Sendable, Codable, Equatable {
    public var id: String
    public var label: String
    public var kind: ReportQuestionKind
    public var required: Bool
    /// The possible answers of a `choice` question; empty for the others.
    public var choices: [String]

    public init(id: String, label: String, kind: ReportQuestionKind, required: Bool, choices: [String] = []) {
        self.id = id
        self.label = label
        self.kind = kind
        self.required = required
        self.choices = choices
    }
}

/// An answer as it is stored: the text of a text or choice, the number, or "yes"/"no".
public enum ReportAnswer: Sendable, Equatable {
    case text(String)
    case number(Double)
    case yesNo(Bool)
}

public enum ReportFormRules {
    public static let maxQuestions = 30
    public static let labelLength = 2...200
    public static let maxChoices = 20
    public static let choiceMaxLength = 80
    public static let textAnswerMaxLength = 2000

    /// Checks a whole form as an admin writes it; ids are made from the position when absent
    /// so that answers keep pointing at their question when the labels are reworded.
    public static func questions(_ drafts: [(id: String?, label: String?, kind: String?, required: Bool?, choices: [String]?)]) throws -> [ReportQuestion] {
        guard drafts.count <= maxQuestions else {
            throw RuleViolation("validation.too_many", field: "questions", arguments: ["max": "\(maxQuestions)"])
        }
        var seen = Set<String>()
        return try drafts.enumerated().map { index, draft in
            let field = "questions[\(index)]"
            let label = try CommunityRules.title(draft.label, field: "\(field).label", length: labelLength)
            let kind = try CommunityRules.choice(draft.kind, as: ReportQuestionKind.self, field: "\(field).kind")
            let id = (draft.id?.trimmingCharacters(in: .whitespaces)).flatMap { $0.isEmpty ? nil : $0 } ?? "q\(index + 1)"
            guard id.count <= 40, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                throw RuleViolation("rounds.question_id_invalid", field: "\(field).id")
            }
            guard seen.insert(id).inserted else { throw RuleViolation("rounds.question_id_duplicate", field: "\(field).id") }
            var choices: [String] = []
            if kind == .choice {
                choices = try (draft.choices ?? []).map { try CommunityRules.title($0, field: "\(field).choices", length: 1...choiceMaxLength) }
                guard choices.count >= 2, choices.count <= maxChoices, Set(choices).count == choices.count else {
                    throw RuleViolation("rounds.question_choices_invalid", field: "\(field).choices", arguments: ["max": "\(maxChoices)"])
                }
            }
            return ReportQuestion(id: id, label: label, kind: kind, required: draft.required ?? false, choices: choices)
        }
    }

    /// Reads the answers given to a form: every required question answered, each answer of
    /// its question's kind, no answer to a question the form does not have.
    public static func answers(_ given: [String: String], to questions: [ReportQuestion]) throws -> [String: ReportAnswer] {
        let known = Set(questions.map(\.id))
        if let stray = given.keys.sorted().first(where: { !known.contains($0) }) {
            throw RuleViolation("rounds.answer_unknown_question", field: "answers.\(stray)")
        }
        var answers: [String: ReportAnswer] = [:]
        for question in questions {
            let field = "answers.\(question.id)"
            let raw = (given[question.id] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if raw.isEmpty {
                if question.required { throw RuleViolation("validation.required", field: field) }
                continue
            }
            switch question.kind {
            case .text:
                guard raw.count <= textAnswerMaxLength else {
                    throw RuleViolation("validation.too_long", field: field, arguments: ["max": "\(textAnswerMaxLength)"])
                }
                answers[question.id] = .text(raw)
            case .number:
                guard let number = Double(raw.replacingOccurrences(of: ",", with: ".")), number.isFinite else {
                    throw RuleViolation("rounds.answer_not_a_number", field: field)
                }
                answers[question.id] = .number(number)
            case .yesNo:
                switch raw.lowercased() {
                case "yes", "true", "1": answers[question.id] = .yesNo(true)
                case "no", "false", "0": answers[question.id] = .yesNo(false)
                default: throw RuleViolation("rounds.answer_not_yes_no", field: field)
                }
            case .choice:
                guard question.choices.contains(raw) else {
                    throw RuleViolation("validation.choice_invalid", field: field, arguments: ["value": String(raw.prefix(40))])
                }
                answers[question.id] = .text(raw)
            }
        }
        return answers
    }
}

extension ReportAnswer {
    /// The stored form: what the member wrote, a plain number, or "yes"/"no".
    public var stored: String {
        switch self {
        case let .text(text): text
        case let .number(number): number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case let .yesNo(value): value ? "yes" : "no"
        }
    }
}

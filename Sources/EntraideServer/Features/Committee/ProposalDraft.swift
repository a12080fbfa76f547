import Vapor
import Fluent
import EntraideCore

/// A proposal as a form or the API sends it. Each kind reads its own fields: a charter its
/// `language` and `text`; a word-list change its `language`, the terms to `add` (one a line,
/// with one `category` and `match`) and to `remove` (one a line); `other` its `before` and
/// `after`.
struct ProposalInput: Content {
    var kind: String?
    var title: String?
    var rationale: String?
    var language: String?
    var text: String?
    var add: String?
    var category: String?
    var match: String?
    var remove: String?
    var before: String?
    var after: String?
}

/// What a proposal replaces and proposes, and its applier's payload, built from the input
/// against what is live now (the current charter, the word lists in force).
struct ProposalDraft {
    let kind: ProposalKind
    let before: String
    let after: String
    let payload: any Encodable

    /// Kinds staff write through a form (learning content comes from the journey editor).
    static let formKinds: [ProposalKind] = [.charter, .sensitiveWords, .other]
    static let maxTermLength = 80

    static func build(_ kind: ProposalKind, _ input: ProposalInput, screening: ContentScreening, on db: any Database) async throws -> ProposalDraft {
        switch kind {
        case .charter:
            let language = try self.language(input.language)
            let text = (input.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw AppError(.unprocessableEntity, "validation.required", field: "text") }
            let current = try await CharterService.current(language, on: db)?.text ?? ""
            return ProposalDraft(kind: kind, before: current, after: text, payload: CharterPayload(language: language.rawValue, text: text))
        case .sensitiveWords:
            let language = try self.language(input.language).rawValue
            let lists = screening.wordLists
            let add = try terms(input.add, field: "add"), remove = try terms(input.remove, field: "remove")
            guard !add.isEmpty || !remove.isEmpty else { throw AppError(.unprocessableEntity, "committee.words_empty", field: "add") }
            var entries: [SensitiveWordList.Entry] = []
            if !add.isEmpty {
                guard let category = input.category.flatMap(SensitiveCategory.init(rawValue:)) else {
                    throw AppError(.unprocessableEntity, "validation.choice_invalid", field: "category", arguments: ["value": input.category ?? ""])
                }
                let rawMatch = input.match.flatMap { $0.isEmpty ? nil : $0 } ?? SensitiveWordList.Match.exact.rawValue
                guard let match = SensitiveWordList.Match(rawValue: rawMatch) else {
                    throw AppError(.unprocessableEntity, "validation.choice_invalid", field: "match", arguments: ["value": rawMatch])
                }
                entries = add.map { SensitiveWordList.Entry(term: $0, category: category, match: match) }
            }
            let listed = Set(lists.first { $0.language == language }?.entries.map { SensitiveWordEdit.key($0.term) } ?? [])
            if let missing = remove.first(where: { !listed.contains(SensitiveWordEdit.key($0)) }) {
                throw AppError(.unprocessableEntity, "committee.word_not_listed", field: "remove", arguments: ["term": missing])
            }
            let edit = SensitiveWordEdit(language: language, add: entries, remove: remove)
            return ProposalDraft(kind: kind, before: SensitiveWordEdit.sortedTerms(of: lists, language: language),
                                 after: SensitiveWordEdit.sortedTerms(of: edit.applied(to: lists), language: language), payload: edit)
        case .other, .learningContent:
            let after = (input.after ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !after.isEmpty else { throw AppError(.unprocessableEntity, "validation.required", field: "after") }
            return ProposalDraft(kind: kind, before: (input.before ?? "").trimmingCharacters(in: .whitespacesAndNewlines), after: after,
                                 payload: [String: String]())
        }
    }

    private static func language(_ raw: String?) throws -> Language {
        guard let raw, !raw.isEmpty else { throw AppError(.unprocessableEntity, "validation.required", field: "language") }
        guard let language = Language(rawValue: raw) else {
            throw AppError(.unprocessableEntity, "validation.choice_invalid", field: "language", arguments: ["value": raw])
        }
        return language
    }

    /// One term a line, blank lines and repeats left out.
    private static func terms(_ raw: String?, field: String) throws -> [String] {
        var seen: Set<String> = []
        let terms = (raw ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert(SensitiveWordEdit.key($0)).inserted }
        if terms.contains(where: { $0.count > maxTermLength }) {
            throw AppError(.unprocessableEntity, "validation.too_long", field: field, arguments: ["max": "\(maxTermLength)"])
        }
        return terms
    }

    /// The form's fields for revising a proposal, read back from its payload.
    static func input(of proposal: CommitteeProposal) -> ProposalInput {
        var input = ProposalInput(kind: proposal.kind, title: proposal.title, rationale: proposal.rationale)
        switch proposal.kindValue {
        case .charter:
            let payload = try? proposal.decodedPayload(as: CharterPayload.self)
            input.language = payload?.language
            input.text = payload?.text
        case .sensitiveWords:
            let edit = try? proposal.decodedPayload(as: SensitiveWordEdit.self)
            input.language = edit?.language
            input.add = edit?.add.map(\.term).joined(separator: "\n")
            input.category = edit?.add.first?.category.rawValue
            input.match = edit?.add.first?.match.rawValue
            input.remove = edit?.remove.joined(separator: "\n")
        case .other, .learningContent:
            input.before = proposal.before
            input.after = proposal.after
        }
        return input
    }
}

extension CommitteeService {
    /// A proposal from a form or the API.
    static func submit(_ input: ProposalInput, kind: ProposalKind, by author: User, screening: ContentScreening, on db: any Database) async throws -> CommitteeProposal {
        guard try await RoleService.has(author, anyOf: proposers, on: db) else { throw AppError.forbidden }
        let draft = try await ProposalDraft.build(kind, input, screening: screening, on: db)
        return try await submit(kind: kind, title: input.title ?? "", rationale: input.rationale ?? "", before: draft.before, after: draft.after,
                                payload: draft.payload, by: author, on: db)
    }

    static func revise(_ proposal: CommitteeProposal, with input: ProposalInput, by author: User, screening: ContentScreening, on db: any Database) async throws {
        guard proposal.kindValue != .learningContent else { throw AppError(.conflict, "committee.revise_elsewhere") }
        let draft = try await ProposalDraft.build(proposal.kindValue, input, screening: screening, on: db)
        try await revise(proposal, title: input.title ?? "", rationale: input.rationale ?? "", before: draft.before, after: draft.after,
                         payload: draft.payload, by: author, on: db)
    }
}

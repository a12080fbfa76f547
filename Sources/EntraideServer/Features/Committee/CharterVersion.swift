import Vapor
import Fluent
import EntraideCore

/// One version of the platform-wide community charter in one language (a group's own charter
/// lives on `NeighbourhoodGroup`). Versions are only added, by approved proposals: the newest
/// of a language is the charter.
final class CharterVersion: Model, @unchecked Sendable {
    static let schema = "charter_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "language") var language: String
    @Field(key: "text") var text: String
    @OptionalParent(key: "proposal_id") var proposal: CommitteeProposal?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    var properties: [any AnyProperty] { [$id, $language, $text, $proposal, $createdAt] }

    init() {}

    init(language: Language, text: String, proposalID: UUID?) {
        self.id = UUID()
        self.language = language.rawValue
        self.text = text
        self.$proposal.id = proposalID
    }
}

/// An approved change to a sensitive-word list (`SensitiveWordEdit` as JSON), applied over the
/// shipped files at start and whenever one is added.
final class StoredWordEdit: Model, @unchecked Sendable {
    static let schema = "sensitive_word_edits"

    @ID(key: .id) var id: UUID?
    @Field(key: "language") var language: String
    @Field(key: "edit") var edit: String
    @OptionalParent(key: "proposal_id") var proposal: CommitteeProposal?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    var properties: [any AnyProperty] { [$id, $language, $edit, $proposal, $createdAt] }

    init() {}

    init(_ edit: SensitiveWordEdit, proposalID: UUID?) throws {
        self.id = UUID()
        self.language = edit.language
        self.edit = String(decoding: try JSONEncoder().encode(edit), as: UTF8.self)
        self.$proposal.id = proposalID
    }

    var decoded: SensitiveWordEdit? { try? JSONDecoder().decode(SensitiveWordEdit.self, from: Data(edit.utf8)) }
}

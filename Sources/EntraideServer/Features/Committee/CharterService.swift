import Vapor
import Fluent
import EntraideCore

/// The platform's community charter: one text per language, changed only through the
/// committee. What a charter proposal carries in its payload.
struct CharterPayload: Codable, Equatable {
    let language: String
    let text: String
}

enum CharterService {
    /// The charter in force in a language, if one was ever approved.
    static func current(_ language: Language, on database: any Database) async throws -> CharterVersion? {
        try await CharterVersion.query(on: database).filter(\.$language == language.rawValue)
            .sort(\.$createdAt, .descending).first()
    }

    /// The reader's language first, then the platform's default, then French, then any.
    static func forReader(_ language: Language, fallback: Language, on database: any Database) async throws -> CharterVersion? {
        for candidate in [language, fallback, .fr] {
            if let found = try await current(candidate, on: database) { return found }
        }
        return try await CharterVersion.query(on: database).sort(\.$createdAt, .descending).first()
    }
}

/// An approved charter proposal becomes the charter's newest version in its language.
struct CharterApplier: CommitteeApplier {
    func apply(_ proposal: CommitteeProposal, on database: any Database) async throws {
        let payload = try proposal.decodedPayload(as: CharterPayload.self)
        guard let language = Language(rawValue: payload.language) else { throw AppError(.unprocessableEntity, "committee.payload_invalid") }
        try await CharterVersion(language: language, text: payload.text, proposalID: proposal.requireID()).create(on: database)
    }
}

/// An approved word-list change is stored (so that every start applies it over the shipped
/// files), then this instance's detector is built again.
struct SensitiveWordsApplier: CommitteeApplier {
    let screening: ContentScreening

    func apply(_ proposal: CommitteeProposal, on database: any Database) async throws {
        let edit = try proposal.decodedPayload(as: SensitiveWordEdit.self)
        try await StoredWordEdit(edit, proposalID: proposal.requireID()).create(on: database)
    }

    func applied(_ proposal: CommitteeProposal, on database: any Database) async throws {
        try await Self.reload(screening, on: database)
    }

    /// Every stored change, oldest first, over the shipped lists.
    static func reload(_ screening: ContentScreening, on database: any Database) async throws {
        let edits = try await StoredWordEdit.query(on: database).sort(\.$createdAt).all().compactMap(\.decoded)
        screening.rebuild(applying: edits)
    }
}

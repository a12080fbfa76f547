import Vapor
import Fluent
import EntraideCore

/// A journey edit submitted for review becomes a `learning_content` proposal of the street
/// committee: the text members read now beside the proposed one. Approving it publishes the
/// draft (`LearningDraftService.publish`), in the deciding vote's transaction; rejecting or
/// withdrawing it rejects the draft, so members keep what they read.
enum LearningCommitteeReview {
    /// What the proposal applies: the draft, and which journey and language it is for, so a
    /// newer submission for the same language finds the proposal it replaces.
    struct Payload: Codable, Equatable {
        let draft: UUID
        let journey: String
        let language: String
    }

    /// The review hook of `LearningDraftService.submit`. Title and rationale are written in the
    /// platform's language, like every proposal staff write.
    static func review(catalogue: Catalogue, language: Language) -> LearningReview {
        LearningReview { draft, before, after, db in
            let journey = try await draft.$journey.get(on: db)
            guard let author = try await User.find(draft.$author.id, on: db) else { throw AppError.forbidden }
            let written = Language(rawValue: draft.language) ?? .reference
            let title = (try? draft.decoded().title) ?? journey.slug
            let payload = Payload(draft: try draft.requireID(), journey: journey.slug, language: draft.language)
            let proposalTitle = catalogue.text("learning.review.title", language, ["journey": title, "language": written.endonym])
            let rationale = catalogue.text("learning.review.rationale", language, ["author": author.displayName])
            // The same language proposed again: the author's open proposal gets a new revision
            // (its votes start again, the earlier ones stay in its history); another author's
            // is withdrawn, since the draft it would publish has just been superseded.
            for open in try await openProposals(journey: journey.slug, language: draft.language, on: db) {
                if open.$author.id == author.id {
                    return try await CommitteeService.revise(open, title: proposalTitle, rationale: rationale, before: before, after: after,
                                                             payload: payload, by: author, on: db)
                }
                open.status = ProposalStatus.withdrawn.rawValue
                try await open.save(on: db)
            }
            _ = try await CommitteeService.submit(kind: .learningContent, title: proposalTitle, rationale: rationale,
                                                  before: before, after: after, payload: payload, by: author, on: db)
        }
    }

    static func payload(of proposal: CommitteeProposal) throws -> Payload {
        try JSONDecoder().decode(Payload.self, from: Data(proposal.payload.utf8))
    }

    private static func openProposals(journey: String, language: String, on db: any Database) async throws -> [CommitteeProposal] {
        try await CommitteeProposal.query(on: db).filter(\.$kind == ProposalKind.learningContent.rawValue)
            .filter(\.$status == ProposalStatus.open.rawValue).all()
            .filter { (try? payload(of: $0)).map { $0.journey == journey && $0.language == language } ?? false }
    }
}

/// Publishes the approved draft; a rejected or withdrawn proposal rejects it.
struct LearningContentApplier: CommitteeApplier {
    func apply(_ proposal: CommitteeProposal, on database: any Database) async throws {
        try await LearningDraftService.publish(draftID: LearningCommitteeReview.payload(of: proposal).draft, on: database)
    }

    func declined(_ proposal: CommitteeProposal, on database: any Database) async throws {
        let id = try LearningCommitteeReview.payload(of: proposal).draft
        // A draft already superseded by a newer submission has nothing left to reject.
        guard try await LearningJourneyDraft.find(id, on: database)?.draftStatus == .inReview else { return }
        _ = try await LearningDraftService.reject(draftID: id, on: database)
    }
}

import Vapor
import Fluent
import EntraideCore

/// A change staff propose and the street committee reviews before it goes live: what it
/// replaces and what it proposes (shown side by side), why, and the data its applier needs
/// (`payload`, opaque JSON). Revising it raises `revision`: votes belong to one revision, the
/// older ones stay as history.
final class CommitteeProposal: Model, @unchecked Sendable {
    static let schema = "committee_proposals"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "rationale") var rationale: String
    @Field(key: "before_text") var before: String
    @Field(key: "after_text") var after: String
    @Field(key: "payload") var payload: String
    @Parent(key: "author_id") var author: User
    @Field(key: "status") var status: String
    @Field(key: "revision") var revision: Int
    /// The majority in force when the proposal was decided (`>1/2`), nil while open.
    @OptionalField(key: "majority") var majority: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [$id, $kind, $title, $rationale, $before, $after, $payload, $author, $status, $revision, $majority, $decidedAt, $createdAt, $updatedAt]
    }

    init() {}

    init(kind: ProposalKind, title: String, rationale: String, before: String, after: String, payload: String, authorID: UUID) {
        self.id = UUID()
        self.kind = kind.rawValue
        self.title = title
        self.rationale = rationale
        self.before = before
        self.after = after
        self.payload = payload
        self.$author.id = authorID
        self.status = ProposalStatus.open.rawValue
        self.revision = 1
    }

    var kindValue: ProposalKind { ProposalKind(rawValue: kind) ?? .other }
    var statusValue: ProposalStatus { ProposalStatus(rawValue: status) ?? .open }

    /// The payload, decoded as its applier expects it.
    func decodedPayload<T: Decodable>(as type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(payload.utf8))
        } catch {
            throw AppError(.unprocessableEntity, "committee.payload_invalid")
        }
    }
}

/// One committee member's vote on one revision; changed in place while the proposal is open.
final class CommitteeVote: Model, @unchecked Sendable {
    static let schema = "committee_votes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "proposal_id") var proposal: CommitteeProposal
    @Field(key: "revision") var revision: Int
    @Parent(key: "voter_id") var voter: User
    @Field(key: "choice") var choice: String
    @OptionalField(key: "comment") var comment: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    var properties: [any AnyProperty] { [$id, $proposal, $revision, $voter, $choice, $comment, $createdAt, $updatedAt] }

    init() {}

    init(proposalID: UUID, revision: Int, voterID: UUID, choice: VoteChoice, comment: String?) {
        self.id = UUID()
        self.$proposal.id = proposalID
        self.revision = revision
        self.$voter.id = voterID
        self.choice = choice.rawValue
        self.comment = comment
    }

    var choiceValue: VoteChoice { VoteChoice(rawValue: choice) ?? .requestChanges }
}

/// The record of a decision, written with the deciding vote: the outcome, the rule and counts
/// it was taken under, and a copy of the votes (name as shown, choice, comment, date). It is a
/// copy so that nothing done later (a member leaving, an account deleted) changes it.
final class CommitteeDecision: Model, @unchecked Sendable {
    static let schema = "committee_decisions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "proposal_id") var proposal: CommitteeProposal
    @Field(key: "outcome") var outcome: String
    @Field(key: "revision") var revision: Int
    @Field(key: "majority") var majority: String
    @Field(key: "approvals_needed") var approvalsNeeded: Int
    @Field(key: "voters") var voters: Int
    /// `[DecisionVote]` as JSON.
    @Field(key: "votes") var votes: String
    @Field(key: "decided_at") var decidedAt: Date

    var properties: [any AnyProperty] { [$id, $proposal, $outcome, $revision, $majority, $approvalsNeeded, $voters, $votes, $decidedAt] }

    init() {}

    init(proposalID: UUID, outcome: CommitteeOutcome, revision: Int, majority: String, approvalsNeeded: Int, voters: Int, votes: [DecisionVote], at date: Date) throws {
        self.id = UUID()
        self.$proposal.id = proposalID
        self.outcome = outcome.rawValue
        self.revision = revision
        self.majority = majority
        self.approvalsNeeded = approvalsNeeded
        self.voters = voters
        self.votes = String(decoding: try JSONEncoder.custom(dates: .iso8601).encode(votes), as: UTF8.self)
        self.decidedAt = date
    }

    var decodedVotes: [DecisionVote] {
        (try? JSONDecoder.custom(dates: .iso8601).decode([DecisionVote].self, from: Data(votes.utf8))) ?? []
    }
}

/// A vote as the decision record keeps it.
struct DecisionVote: Codable, Equatable, Sendable {
    let voter: String
    let choice: String
    let comment: String?
    let at: Date
}

import Vapor
import Fluent
import EntraideCore

struct ProposalSummaryDTO: Content {
    let id: UUID
    let kind: String
    let title: String
    let status: String
    let revision: Int
    let author: String
    let createdAt: Date?
    let decidedAt: Date?
}

struct ProposalVoteDTO: Content {
    let voter: String
    let choice: String
    let comment: String?
    let revision: Int
    /// False when the voter no longer holds the committee role: the vote stays in the history
    /// but no longer counts.
    let counts: Bool
    let at: Date?
}

struct DiffRowDTO: Content {
    struct Cell: Content {
        let operation: String
        let text: String
    }
    let before: Cell?
    let after: Cell?
}

struct DecisionDTO: Content {
    let outcome: String
    let revision: Int
    let majority: String
    let approvalsNeeded: Int
    let voters: Int
    let votes: [DecisionVote]
    let decidedAt: Date
}

struct ProposalDTO: Content {
    let proposal: ProposalSummaryDTO
    let rationale: String
    let before: String
    let after: String
    let diff: [DiffRowDTO]
    /// The rule in force (`>1/2`), or the one the proposal was decided under.
    let majority: String
    /// Members who may vote now, and the approvals that would pass it; nil when nothing can pass.
    let voters: Int
    let approvalsNeeded: Int?
    let tally: TallyDTO
    /// Every vote, all revisions, oldest revision first.
    let votes: [ProposalVoteDTO]
    let decision: DecisionDTO?

    struct TallyDTO: Content {
        let approvals: Int
        let changesRequested: Int
        let rejections: Int
    }
}

struct CommitteeVoteInput: Content {
    let choice: String?
    let comment: String?
}

extension CommitteeService {
    static func summary(_ proposal: CommitteeProposal) throws -> ProposalSummaryDTO {
        ProposalSummaryDTO(id: try proposal.requireID(), kind: proposal.kind, title: proposal.title, status: proposal.status,
                           revision: proposal.revision, author: proposal.author.displayName, createdAt: proposal.createdAt, decidedAt: proposal.decidedAt)
    }

    /// Everything a proposal's page and API show, read at once.
    static func detail(_ proposal: CommitteeProposal, rule: CommitteeRule, on db: any Database) async throws -> ProposalDTO {
        try await proposal.$author.load(on: db)
        let voters = try await Self.voters(of: proposal, on: db)
        let votes = try await Self.votes(on: proposal, on: db)
        let current = votes.filter { $0.revision == proposal.revision }
        let tally = Self.tally(current, voters: voters)
        let decision = try await Self.decision(of: proposal, on: db)
        let diff = LineDiff.sideBySide(proposal.before, proposal.after).map { row in
            DiffRowDTO(before: row.left.map { DiffRowDTO.Cell(operation: $0.operation.rawValue, text: $0.text) },
                       after: row.right.map { DiffRowDTO.Cell(operation: $0.operation.rawValue, text: $0.text) })
        }
        return ProposalDTO(
            proposal: try summary(proposal), rationale: proposal.rationale, before: proposal.before, after: proposal.after, diff: diff,
            majority: proposal.majority ?? rule.majority.description, voters: voters.count, approvalsNeeded: rule.approvalsNeeded(voters: voters.count),
            tally: .init(approvals: tally.approvals, changesRequested: tally.changesRequested, rejections: tally.rejections),
            votes: votes.map { ProposalVoteDTO(voter: $0.voter.displayName, choice: $0.choice, comment: $0.comment, revision: $0.revision,
                                               counts: voters.contains($0.$voter.id), at: $0.updatedAt ?? $0.createdAt) },
            decision: decision.map { DecisionDTO(outcome: $0.outcome, revision: $0.revision, majority: $0.majority, approvalsNeeded: $0.approvalsNeeded,
                                                 voters: $0.voters, votes: $0.decodedVotes, decidedAt: $0.decidedAt) })
    }
}

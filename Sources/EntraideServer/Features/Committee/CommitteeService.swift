import Vapor
import Fluent
import SQLKit
import EntraideCore

/// The street committee's review: staff submit proposals, committee members vote, and the
/// deciding vote puts an approved proposal live in the same transaction.
enum CommitteeService {
    /// Staff roles that may submit proposals.
    static let proposers: Set<StaffRole> = [.admin, .animator, .moderator]
    /// Who may read the committee's proposals and votes.
    static let readers: Set<StaffRole> = proposers.union([.committee])

    // MARK: Submitting

    /// The entry point every kind of proposal goes through (the learning editor calls it with
    /// `.learningContent`). `payload` is kept as JSON for the kind's applier.
    static func submit(kind: ProposalKind, title: String, rationale: String, before: String, after: String,
                       payload: some Encodable, by author: User, on db: any Database) async throws -> CommitteeProposal {
        guard try await RoleService.has(author, anyOf: proposers, on: db) else { throw AppError.forbidden }
        let (title, rationale) = try validate(title: title, rationale: rationale, after: after, before: before)
        let proposal = CommitteeProposal(kind: kind, title: title, rationale: rationale, before: before, after: after,
                                         payload: try encode(payload), authorID: try author.requireID())
        try await proposal.create(on: db)
        return proposal
    }

    /// A new revision from the author of an open proposal: the votes start again (those of
    /// earlier revisions stay in the history).
    static func revise(_ proposal: CommitteeProposal, title: String, rationale: String, before: String, after: String,
                       payload: some Encodable, by author: User, on db: any Database) async throws {
        try requireAuthor(proposal, author)
        try requireOpen(proposal)
        let (title, rationale) = try validate(title: title, rationale: rationale, after: after, before: before)
        proposal.title = title
        proposal.rationale = rationale
        proposal.before = before
        proposal.after = after
        proposal.payload = try encode(payload)
        proposal.revision += 1
        try await proposal.save(on: db)
    }

    static func withdraw(_ proposal: CommitteeProposal, by author: User, committee: CommitteeSettings, on db: any Database) async throws {
        try requireAuthor(proposal, author)
        try requireOpen(proposal)
        try await db.atomically { tx in
            proposal.status = ProposalStatus.withdrawn.rawValue
            try await proposal.save(on: tx)
            try await committee.appliers[proposal.kindValue]?.declined(proposal, on: tx)
        }
    }

    private static func validate(title: String, rationale: String, after: String, before: String) throws -> (String, String) {
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let rationale = rationale.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw AppError(.unprocessableEntity, "validation.required", field: "title") }
        guard title.count <= ProposalLimits.title else {
            throw AppError(.unprocessableEntity, "validation.too_long", field: "title", arguments: ["max": "\(ProposalLimits.title)"])
        }
        guard !rationale.isEmpty else { throw AppError(.unprocessableEntity, "validation.required", field: "rationale") }
        guard rationale.count <= ProposalLimits.rationale else {
            throw AppError(.unprocessableEntity, "validation.too_long", field: "rationale", arguments: ["max": "\(ProposalLimits.rationale)"])
        }
        guard after.count <= ProposalLimits.text, before.count <= ProposalLimits.text else {
            throw AppError(.unprocessableEntity, "validation.too_long", field: "after", arguments: ["max": "\(ProposalLimits.text)"])
        }
        guard before != after else { throw AppError(.unprocessableEntity, "committee.no_change", field: "after") }
        return (title, rationale)
    }

    private static func encode(_ payload: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
    }

    private static func requireAuthor(_ proposal: CommitteeProposal, _ user: User) throws {
        guard proposal.$author.id == user.id else { throw AppError(.forbidden, "committee.not_author") }
    }

    private static func requireOpen(_ proposal: CommitteeProposal) throws {
        guard proposal.statusValue == .open else { throw AppError(.conflict, "committee.closed") }
    }

    // MARK: Reading

    static func mayRead(_ user: User, on db: any Database) async throws -> Bool {
        try await RoleService.has(user, anyOf: readers, on: db)
    }

    static func find(_ id: UUID?, on db: any Database) async throws -> CommitteeProposal {
        guard let id, let proposal = try await CommitteeProposal.find(id, on: db) else { throw AppError.notFound("committee.not_found") }
        return proposal
    }

    /// Open proposals first (oldest first: they have waited longest), then decided ones, newest first.
    static func list(limit: Int = 100, on db: any Database) async throws -> [CommitteeProposal] {
        let open = try await CommitteeProposal.query(on: db).filter(\.$status == ProposalStatus.open.rawValue)
            .sort(\.$createdAt).limit(limit).with(\.$author).all()
        let closed = try await CommitteeProposal.query(on: db).filter(\.$status != ProposalStatus.open.rawValue)
            .sort(\.$updatedAt, .descending).limit(max(0, limit - open.count)).with(\.$author).all()
        return open + closed
    }

    /// Members holding the committee role now.
    static func members(on db: any Database) async throws -> Set<UUID> {
        Set(try await UserRole.query(on: db).filter(\.$role == StaffRole.committee.rawValue).all().map { $0.$user.id })
    }

    /// Who may vote on this proposal now: committee members, its author excepted.
    static func voters(of proposal: CommitteeProposal, on db: any Database) async throws -> Set<UUID> {
        try await Self.members(on: db).subtracting([proposal.$author.id])
    }

    static func votes(on proposal: CommitteeProposal, revision: Int? = nil, on db: any Database) async throws -> [CommitteeVote] {
        var query = try CommitteeVote.query(on: db).filter(\.$proposal.$id == proposal.requireID())
        if let revision { query = query.filter(\.$revision == revision) }
        return try await query.sort(\.$revision).sort(\.$createdAt).with(\.$voter).all()
    }

    /// The current revision's votes that count: those of members who may vote now.
    static func tally(_ votes: [CommitteeVote], voters: Set<UUID>) -> CommitteeTally {
        let counted = votes.filter { voters.contains($0.$voter.id) }
        return CommitteeTally(voters: voters.count,
                              approvals: counted.filter { $0.choiceValue == .approve }.count,
                              changesRequested: counted.filter { $0.choiceValue == .requestChanges }.count,
                              rejections: counted.filter { $0.choiceValue == .reject }.count)
    }

    // MARK: Voting

    /// Records (or changes) a committee member's vote on the current revision, then counts:
    /// a deciding vote writes the decision with a copy of the votes and, for an approval, runs
    /// the kind's applier, all in one transaction.
    @discardableResult
    static func vote(_ choice: VoteChoice, comment: String?, on proposalID: UUID, by voter: User,
                     committee: CommitteeSettings, on db: any Database, now: Date = Date()) async throws -> CommitteeProposal {
        let comment = comment?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if choice.needsComment && comment == nil { throw AppError(.unprocessableEntity, "committee.comment_required", field: "comment") }
        if let comment, comment.count > ProposalLimits.comment {
            throw AppError(.unprocessableEntity, "validation.too_long", field: "comment", arguments: ["max": "\(ProposalLimits.comment)"])
        }
        let voterID = try voter.requireID()
        let rule = committee.rule
        let (proposal, applier) = try await db.atomically { tx -> (CommitteeProposal, (any CommitteeApplier)?) in
            // Touching the row first makes concurrent votes on PostgreSQL wait for each other, so
            // two deciding votes cannot both decide.
            try await tx.sql.raw("UPDATE committee_proposals SET revision = revision WHERE id = \(bind: proposalID)").run()
            let proposal = try await Self.find(proposalID, on: tx)
            try requireOpen(proposal)
            let members = try await Self.members(on: tx)
            guard members.contains(voterID) else { throw AppError(.forbidden, "committee.not_member") }
            guard proposal.$author.id != voterID else { throw AppError(.forbidden, "committee.own_proposal") }

            if let existing = try await CommitteeVote.query(on: tx).filter(\.$proposal.$id == proposalID)
                .filter(\.$revision == proposal.revision).filter(\.$voter.$id == voterID).first() {
                existing.choice = choice.rawValue
                existing.comment = comment
                try await existing.save(on: tx)
            } else {
                try await CommitteeVote(proposalID: proposalID, revision: proposal.revision, voterID: voterID, choice: choice, comment: comment).create(on: tx)
            }

            let voters = members.subtracting([proposal.$author.id])
            let votes = try await Self.votes(on: proposal, revision: proposal.revision, on: tx)
            let outcome = rule.outcome(Self.tally(votes, voters: voters))
            guard outcome != .open else { return (proposal, nil) }
            var applier: (any CommitteeApplier)?
            if outcome == .approved {
                guard let found = committee.appliers[proposal.kindValue] else { throw AppError(.conflict, "committee.no_applier") }
                try await found.apply(proposal, on: tx)
                applier = found
            } else {
                try await committee.appliers[proposal.kindValue]?.declined(proposal, on: tx)
            }
            let record = votes.filter { voters.contains($0.$voter.id) }.map {
                DecisionVote(voter: $0.voter.displayName, choice: $0.choice, comment: $0.comment, at: $0.updatedAt ?? $0.createdAt ?? now)
            }
            try await CommitteeDecision(proposalID: proposalID, outcome: outcome, revision: proposal.revision, majority: rule.majority.description,
                                        approvalsNeeded: rule.approvalsNeeded(voters: voters.count) ?? 0, voters: voters.count,
                                        votes: record, at: now).create(on: tx)
            proposal.status = (outcome == .approved ? ProposalStatus.approved : .rejected).rawValue
            proposal.majority = rule.majority.description
            proposal.decidedAt = now
            try await proposal.save(on: tx)
            return (proposal, applier)
        }
        try await applier?.applied(proposal, on: db)
        return proposal
    }

    static func decision(of proposal: CommitteeProposal, on db: any Database) async throws -> CommitteeDecision? {
        try await CommitteeDecision.query(on: db).filter(\.$proposal.$id == proposal.requireID()).first()
    }
}

private extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

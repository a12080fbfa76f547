import Foundation

/// Where a proposal's votes stand.
public enum CommitteeOutcome: String, Sendable, Codable, Equatable {
    case open, approved, rejected
}

/// The votes on one revision of a proposal, counting only members who may vote on it now.
public struct CommitteeTally: Sendable, Equatable {
    /// Committee members who may vote: those holding the role now, the author excepted.
    public var voters: Int
    public var approvals: Int
    public var changesRequested: Int
    public var rejections: Int

    public init(voters: Int, approvals: Int = 0, changesRequested: Int = 0, rejections: Int = 0) {
        self.voters = voters
        self.approvals = approvals
        self.changesRequested = changesRequested
        self.rejections = rejections
    }

    public var cast: Int { approvals + changesRequested + rejections }
}

/// When the committee's votes decide a proposal (`COMMITTEE_MAJORITY`, `COMMITTEE_QUORUM`).
///
/// - Approved as soon as approvals reach the majority's threshold (and at least `quorum` votes
///   are cast).
/// - Rejected as soon as approval has become impossible: even if every member who has not
///   rejected approved, the threshold would not be reached. A request for changes does not
///   count against: the author can revise, which resets the votes.
/// - Otherwise open. With no member allowed to vote (an empty committee, or one whose only
///   member wrote the proposal), or fewer members than the quorum, nothing can pass: the
///   proposal stays open and its page says so.
///
/// The counts are taken when a vote is cast: a member who lost the role no longer counts,
/// neither among the voters nor for their vote (which stays in the history).
public struct CommitteeRule: Sendable, Equatable {
    public var majority: CommitteeMajority
    /// The fewest votes (of any kind) before the committee decides either way.
    public var quorum: Int

    public init(majority: CommitteeMajority = .simple, quorum: Int = 1) {
        self.majority = majority
        self.quorum = max(1, quorum)
    }

    /// Approvals needed with this many voters; nil when nothing can pass.
    public func approvalsNeeded(voters: Int) -> Int? {
        guard voters >= quorum, let needed = majority.approvalsNeeded(voters: voters), needed <= voters else { return nil }
        return needed
    }

    public func canPass(voters: Int) -> Bool { approvalsNeeded(voters: voters) != nil }

    public func outcome(_ tally: CommitteeTally) -> CommitteeOutcome {
        guard let needed = approvalsNeeded(voters: tally.voters), tally.cast >= quorum else { return .open }
        if tally.approvals >= needed { return .approved }
        if tally.voters - tally.rejections < needed { return .rejected }
        return .open
    }
}

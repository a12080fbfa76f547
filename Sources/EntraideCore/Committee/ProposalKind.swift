import Foundation

/// What a committee proposal changes; each kind has its own way to go live once approved.
public enum ProposalKind: String, Sendable, Codable, CaseIterable {
    case learningContent = "learning_content"
    case sensitiveWords = "sensitive_words"
    case charter
    case other
}

/// Where a proposal stands. A request for changes is a vote, not a status: the proposal stays
/// open until its author revises it (which resets the votes) or withdraws it.
public enum ProposalStatus: String, Sendable, Codable, CaseIterable {
    case open, approved, rejected, withdrawn
}

/// A committee member's vote on one revision of a proposal.
public enum VoteChoice: String, Sendable, Codable, CaseIterable {
    case approve
    case requestChanges = "request_changes"
    case reject

    /// Asking for changes or rejecting says why: the author needs to know what to change.
    public var needsComment: Bool { self != .approve }
}

/// The longest texts a proposal may carry.
public enum ProposalLimits {
    public static let title = 200
    public static let rationale = 4_000
    public static let text = 100_000
    public static let comment = 2_000
}

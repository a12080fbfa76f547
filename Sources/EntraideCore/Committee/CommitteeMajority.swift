import Foundation

/// The share of the street committee that must approve a proposal before it goes live
/// (`COMMITTEE_MAJORITY`). Written as a fraction, with an optional comparison:
///
/// - `>1/2`: strictly more than half of the members who may vote (7 of 12, 7 of 13);
/// - `>=2/3`: at least two thirds (8 of 12, 9 of 13);
/// - a bare fraction means "at least" that share, except a share of one half or less, which
///   means "more than": `1/2` is "more than half" (a tie never passes), `2/3` is "at least two
///   thirds". Write `>=1/2` to let half the committee decide.
///
/// The share is taken of the members who may vote on the proposal when the vote is cast: the
/// committee members at that moment, the author excepted (see `CommitteeRule`).
public struct CommitteeMajority: Sendable, Equatable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int
    /// True for "more than", false for "at least".
    public let strict: Bool

    public init(numerator: Int, denominator: Int, strict: Bool) {
        precondition(denominator > 0 && numerator > 0 && numerator <= denominator, "a share between 0 and 1")
        self.numerator = numerator
        self.denominator = denominator
        self.strict = strict
    }

    /// More than half: the default.
    public static let simple = CommitteeMajority(numerator: 1, denominator: 2, strict: true)

    /// Reads `1/2`, `>1/2`, `>=2/3`, `≥3/4` (spaces allowed); nil when it is not a share of 1 or less.
    public init?(_ text: String) {
        var rest = Substring(text.filter { !$0.isWhitespace })
        var strict: Bool?
        if rest.hasPrefix(">=") || rest.hasPrefix("≥") {
            strict = false
            rest = rest.dropFirst(rest.hasPrefix(">=") ? 2 : 1)
        } else if rest.hasPrefix(">") {
            strict = true
            rest = rest.dropFirst()
        }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let numerator = Int(parts[0]), let denominator = Int(parts[1]),
              numerator > 0, denominator > 0, numerator <= denominator else { return nil }
        // "More than all members" can never happen: refuse it rather than block every proposal.
        if strict == true && numerator == denominator { return nil }
        self.init(numerator: numerator, denominator: denominator, strict: strict ?? (2 * numerator <= denominator))
    }

    /// How many approvals pass a proposal when `voters` members may vote; nil when nobody may.
    public func approvalsNeeded(voters: Int) -> Int? {
        guard voters > 0 else { return nil }
        let product = numerator * voters
        let needed = strict ? product / denominator + 1 : (product + denominator - 1) / denominator
        return max(1, needed)
    }

    /// As written in settings and decision records: `>1/2`, `>=2/3`.
    public var description: String { "\(strict ? ">" : ">=")\(numerator)/\(denominator)" }
}

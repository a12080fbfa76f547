import Foundation
import Testing
@testable import EntraideCore

@Suite struct CommitteeMajorityTests {
    @Test(arguments: [
        ("1/2", 1, 2, true), (">1/2", 1, 2, true), (">=1/2", 1, 2, false), ("≥ 1/2", 1, 2, false),
        ("2/3", 2, 3, false), (">2/3", 2, 3, true), (" 3/4 ", 3, 4, false), ("1/3", 1, 3, true), ("1/1", 1, 1, false),
    ])
    func parsesSharesAndTheirComparison(text: String, numerator: Int, denominator: Int, strict: Bool) throws {
        let majority = try #require(CommitteeMajority(text))
        #expect(majority == CommitteeMajority(numerator: numerator, denominator: denominator, strict: strict))
    }

    @Test(arguments: ["", "half", "1/0", "0/2", "3/2", "-1/2", "1/2/3", ">1/1", "=>1/2", "1 / two"])
    func refusesWhatIsNotAShare(text: String) {
        #expect(CommitteeMajority(text) == nil, "\(text) should not parse")
    }

    /// (rule, voters, approvals needed)
    @Test(arguments: [
        (">1/2", 1, 1), (">1/2", 2, 2), (">1/2", 3, 2), (">1/2", 4, 3), (">1/2", 12, 7), (">1/2", 13, 7), (">1/2", 15, 8),
        (">=1/2", 2, 1), (">=1/2", 4, 2), (">=1/2", 5, 3), (">=1/2", 15, 8),
        (">=2/3", 3, 2), (">=2/3", 12, 8), (">=2/3", 13, 9), (">=2/3", 15, 10), (">2/3", 12, 9), (">2/3", 3, 3),
        (">=1/1", 5, 5), (">1/3", 1, 1), (">1/3", 6, 3),
    ])
    func countsTheApprovalsNeeded(rule: String, voters: Int, needed: Int) throws {
        let majority = try #require(CommitteeMajority(rule))
        #expect(majority.approvalsNeeded(voters: voters) == needed, "\(rule) of \(voters)")
    }

    @Test func nothingPassesWithoutVoters() {
        #expect(CommitteeMajority.simple.approvalsNeeded(voters: 0) == nil)
        #expect(!CommitteeRule().canPass(voters: 0))
    }

    @Test func writesItselfExplicitly() throws {
        #expect(try #require(CommitteeMajority("1/2")).description == ">1/2")
        #expect(try #require(CommitteeMajority("2/3")).description == ">=2/3")
    }
}

@Suite struct CommitteeRuleTests {
    let simple = CommitteeRule()
    let twoThirds = CommitteeRule(majority: CommitteeMajority("2/3")!)

    @Test func approvedWhenApprovalsReachTheThreshold() {
        #expect(simple.outcome(CommitteeTally(voters: 5, approvals: 2)) == .open)
        #expect(simple.outcome(CommitteeTally(voters: 5, approvals: 3)) == .approved)
        #expect(simple.outcome(CommitteeTally(voters: 5, approvals: 3, rejections: 2)) == .approved)
        #expect(twoThirds.outcome(CommitteeTally(voters: 6, approvals: 3)) == .open)
        #expect(twoThirds.outcome(CommitteeTally(voters: 6, approvals: 4)) == .approved)
    }

    @Test func aTieNeverPassesUnderMoreThanHalf() {
        #expect(simple.outcome(CommitteeTally(voters: 4, approvals: 2, rejections: 1)) == .open)
        #expect(simple.outcome(CommitteeTally(voters: 4, approvals: 2, rejections: 2)) == .rejected)
        let half = CommitteeRule(majority: CommitteeMajority(">=1/2")!)
        #expect(half.outcome(CommitteeTally(voters: 4, approvals: 2, rejections: 2)) == .approved)
    }

    @Test func rejectedAsSoonAsApprovalIsImpossible() {
        // 5 voters, 3 needed: two rejections leave 3 who could still approve; three do not.
        #expect(simple.outcome(CommitteeTally(voters: 5, rejections: 2)) == .open)
        #expect(simple.outcome(CommitteeTally(voters: 5, rejections: 3)) == .rejected)
        // Two thirds of 6 is 4: three rejections leave only 3.
        #expect(twoThirds.outcome(CommitteeTally(voters: 6, approvals: 2, rejections: 2)) == .open)
        #expect(twoThirds.outcome(CommitteeTally(voters: 6, approvals: 2, rejections: 3)) == .rejected)
    }

    @Test func requestsForChangesDoNotReject() {
        #expect(simple.outcome(CommitteeTally(voters: 3, changesRequested: 3)) == .open)
        #expect(simple.outcome(CommitteeTally(voters: 3, changesRequested: 2, rejections: 1)) == .open)
    }

    @Test func anEmptyCommitteeDecidesNothing() {
        #expect(simple.outcome(CommitteeTally(voters: 0)) == .open)
        #expect(simple.outcome(CommitteeTally(voters: 0, approvals: 1)) == .open)
        #expect(simple.approvalsNeeded(voters: 0) == nil)
    }

    @Test func aSingleMemberDecidesAlone() {
        #expect(simple.outcome(CommitteeTally(voters: 1, approvals: 1)) == .approved)
        #expect(simple.outcome(CommitteeTally(voters: 1, rejections: 1)) == .rejected)
    }

    @Test func theQuorumHoldsEveryDecision() {
        let rule = CommitteeRule(majority: CommitteeMajority(">=1/3")!, quorum: 3)
        // A third of 6 is 2 approvals, but only 2 votes are cast: below the quorum.
        #expect(rule.outcome(CommitteeTally(voters: 6, approvals: 2)) == .open)
        #expect(rule.outcome(CommitteeTally(voters: 6, approvals: 2, changesRequested: 1)) == .approved)
        // Fewer voters than the quorum: nothing can pass.
        #expect(!rule.canPass(voters: 2))
        #expect(rule.outcome(CommitteeTally(voters: 2, approvals: 2)) == .open)
        #expect(CommitteeRule(quorum: 0).quorum == 1)
    }

    @Test func tallyCountsEveryVoteCast() {
        #expect(CommitteeTally(voters: 9, approvals: 2, changesRequested: 3, rejections: 1).cast == 6)
    }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import EntraideCore
@testable import EntraideServer

@Suite struct CommitteeVotingTests {
    @Test func onlyCommitteeMembersVote() async throws {
        try await withEntraide { app in
            let committee = try await app.committee(members: 3)
            let proposal = try await app.propose(by: committee.author)
            let neighbour = try await app.signUp()
            let refused = try await app.vote("approve", on: proposal, by: neighbour)
            #expect(refused.status == .forbidden && errorCode(refused) == "auth.forbidden")
            let moderator = try await app.signUp()
            try await app.grant(.moderator, to: moderator)
            let staff = try await app.vote("approve", on: proposal, by: moderator)
            #expect(staff.status == .forbidden && errorCode(staff) == "committee.not_member")
            #expect(try await CommitteeVote.query(on: app.db).count() == 0)
            let read = try await app.send(.GET, "/api/v1/committee/proposals", headers: moderator.auth)
            #expect(read.status == .ok, "staff read the proposals")
            let hidden = try await app.send(.GET, "/api/v1/committee/proposals", headers: neighbour.auth)
            #expect(hidden.status == .forbidden)
        }
    }

    @Test func theAuthorDoesNotVoteOnTheirOwnProposalNorCountAsAVoter() async throws {
        try await withEntraide { app in
            let committee = try await app.committee(members: 2, authorRoles: [.animator, .committee])
            let proposal = try await app.propose(by: committee.author)
            let own = try await app.vote("approve", on: proposal, by: committee.author)
            #expect(own.status == .forbidden && errorCode(own) == "committee.own_proposal")
            let detail = try await app.send(.GET, "/api/v1/committee/proposals/\(try proposal.requireID())", headers: committee.author.auth)
            let dto = try detail.content.decode(ProposalDTO.self)
            #expect(dto.voters == 2 && dto.approvalsNeeded == 2, "3 committee members, the author excepted")
        }
    }

    @Test func askingForChangesOrRejectingNeedsAComment() async throws {
        try await withEntraide { app in
            let committee = try await app.committee(members: 3)
            let proposal = try await app.propose(by: committee.author)
            for choice in ["request_changes", "reject"] {
                let bare = try await app.vote(choice, comment: "  ", on: proposal, by: committee.members[0])
                #expect(bare.status == .unprocessableEntity && errorCode(bare) == "committee.comment_required", "\(choice)")
            }
            let unknown = try await app.vote("abstain", on: proposal, by: committee.members[0])
            #expect(unknown.status == .unprocessableEntity && errorCode(unknown) == "validation.choice_invalid")
            #expect(try await CommitteeVote.query(on: app.db).count() == 0)
        }
    }

    @Test func oneVotePerMemberPerRevisionThatTheyMayChange() async throws {
        try await withEntraide { app in
            let committee = try await app.committee(members: 3)
            let proposal = try await app.propose(by: committee.author)
            let first = try await app.vote("request_changes", comment: "Plus court", on: proposal, by: committee.members[0])
            #expect(first.status == .ok)
            let second = try await app.vote("approve", on: proposal, by: committee.members[0])
            let dto = try second.content.decode(ProposalDTO.self)
            #expect(dto.votes.count == 1 && dto.votes[0].choice == "approve" && dto.votes[0].comment == nil)
            #expect(dto.tally.approvals == 1 && dto.tally.changesRequested == 0)
            #expect(dto.proposal.status == "open", "1 of 3 is not a majority")
        }
    }

    @Test func aRevisionStartsTheVotesAgainAndKeepsTheOldOnes() async throws {
        try await withEntraide { app in
            let committee = try await app.committee(members: 3)
            let proposal = try await app.propose(by: committee.author)
            _ = try await app.vote("request_changes", comment: "Dites pourquoi", on: proposal, by: committee.members[0])
            _ = try await app.vote("approve", on: proposal, by: committee.members[1])
            let stranger = try await app.signUp()
            try await app.grant(.admin, to: stranger)
            await #expect(throws: AppError.self) {
                try await CommitteeService.revise(proposal, title: "T", rationale: "R", before: "avant", after: "autre", payload: [String: String](),
                                                  by: try await app.user(stranger), on: app.db)
            }
            try await CommitteeService.revise(proposal, title: "Une proposition", rationale: "Parce que, et voici pourquoi", before: "avant",
                                              after: "après, mieux", payload: [String: String](), by: try await app.user(committee.author), on: app.db)
            let detail = try await app.send(.GET, "/api/v1/committee/proposals/\(try proposal.requireID())", headers: committee.author.auth)
            let dto = try detail.content.decode(ProposalDTO.self)
            #expect(dto.proposal.revision == 2)
            #expect(dto.tally.approvals == 0 && dto.tally.changesRequested == 0)
            #expect(dto.votes.filter { $0.revision == 1 }.count == 2, "the first revision's votes stay in the history")
            // The member who approved the first revision votes again on the second.
            let again = try await app.vote("approve", on: proposal, by: committee.members[1])
            #expect(try again.content.decode(ProposalDTO.self).tally.approvals == 1)
        }
    }

    @Test func theDecisionIsKeptWithItsVotesWhateverHappensLater() async throws {
        try await withEntraide { app in
            let committee = try await app.committee(members: 3)
            let proposal = try await app.propose(by: committee.author)
            _ = try await app.vote("reject", comment: "Pas clair", on: proposal, by: committee.members[0])
            _ = try await app.vote("approve", on: proposal, by: committee.members[1])
            let deciding = try await app.vote("approve", on: proposal, by: committee.members[2])
            let dto = try deciding.content.decode(ProposalDTO.self)
            #expect(dto.proposal.status == "approved")
            let decision = try #require(dto.decision)
            #expect(decision.outcome == "approved" && decision.majority == ">1/2" && decision.approvalsNeeded == 2 && decision.voters == 3)
            #expect(decision.votes.map(\.choice).sorted() == ["approve", "approve", "reject"])
            #expect(decision.votes.contains { $0.comment == "Pas clair" && $0.voter == "Awa C." })

            // Later: a member leaves the committee, another's vote row disappears, the rule changes.
            try await RoleService.revoke(.committee, from: try await app.user(committee.members[0]), on: app.db)
            try await CommitteeVote.query(on: app.db).filter(\.$voter.$id == committee.members[1].id).delete()
            app.committee.rule = CommitteeRule(majority: CommitteeMajority("2/3")!)
            let later = try await app.send(.GET, "/api/v1/committee/proposals/\(try proposal.requireID())", headers: committee.author.auth)
            let kept = try #require(try later.content.decode(ProposalDTO.self).decision)
            #expect(kept.votes.count == 3 && kept.majority == ">1/2" && kept.approvalsNeeded == 2)
            let closed = try await app.vote("reject", comment: "Trop tard", on: proposal, by: committee.members[2])
            #expect(closed.status == .conflict && errorCode(closed) == "committee.closed")
        }
    }

    @Test func rejectedAsSoonAsApprovalIsImpossible() async throws {
        try await withEntraide { app in
            let committee = try await app.committee(members: 3)
            let proposal = try await app.propose(by: committee.author)
            _ = try await app.vote("reject", comment: "Non", on: proposal, by: committee.members[0])
            #expect(try await app.reloaded(proposal).statusValue == .open, "two members could still approve")
            _ = try await app.vote("reject", comment: "Non plus", on: proposal, by: committee.members[1])
            let rejected = try await app.reloaded(proposal)
            #expect(rejected.statusValue == .rejected && rejected.majority == ">1/2" && rejected.decidedAt != nil)
            #expect(try await CommitteeDecision.query(on: app.db).first()?.outcome == "rejected")
        }
    }

    @Test func aMemberWhoLosesTheRoleNoLongerCounts() async throws {
        try await withEntraide { app in
            let committee = try await app.committee(members: 3)
            let proposal = try await app.propose(by: committee.author)
            _ = try await app.vote("approve", on: proposal, by: committee.members[0])
            try await RoleService.revoke(.committee, from: try await app.user(committee.members[0]), on: app.db)
            // Two voters now: two approvals needed, the first one no longer counts.
            let one = try await app.vote("approve", on: proposal, by: committee.members[1])
            let dto = try one.content.decode(ProposalDTO.self)
            #expect(dto.proposal.status == "open" && dto.voters == 2 && dto.tally.approvals == 1)
            #expect(dto.votes.contains { $0.voter == "Awa C." && !$0.counts })
            let two = try await app.vote("approve", on: proposal, by: committee.members[2])
            let decided = try two.content.decode(ProposalDTO.self)
            #expect(decided.proposal.status == "approved")
            #expect(decided.decision?.votes.map(\.voter).sorted() == ["Bruno C.", "Chloé C."])
            let former = try await app.vote("reject", comment: "Je reviens", on: proposal, by: committee.members[0])
            #expect(former.status == .forbidden)
        }
    }

    @Test func theMajorityIsConfigurable() async throws {
        try await withEntraide { app in
            let committee = try await app.committee(members: 4)
            app.committee.rule = CommitteeRule(majority: CommitteeMajority(">=1/2")!)
            let proposal = try await app.propose(by: committee.author)
            _ = try await app.vote("approve", on: proposal, by: committee.members[0])
            let second = try await app.vote("approve", on: proposal, by: committee.members[1])
            let dto = try second.content.decode(ProposalDTO.self)
            #expect(dto.proposal.status == "approved", "half of 4 is enough under >=1/2 (more than half would need 3)")
            #expect(dto.decision?.majority == ">=1/2")
        }
    }

    @Test func aKindWithNoApplierIsNeverSilentlyApproved() async throws {
        try await withEntraide { app in
            // Journey edits have their applier; this rule is about any kind that has none.
            app.committee.appliers[.learningContent] = nil
            let committee = try await app.committee(members: 1)
            struct JourneyDraft: Codable { let slug: String }
            let proposal = try await app.propose(.learningContent, by: committee.author, payload: JourneyDraft(slug: "first-steps"))
            #expect(proposal.payload == #"{"slug":"first-steps"}"#)
            let refused = try await app.vote("approve", on: proposal, by: committee.members[0])
            #expect(refused.status == .conflict && errorCode(refused) == "committee.no_applier")
            #expect(try await app.reloaded(proposal).statusValue == .open)
            #expect(try await CommitteeVote.query(on: app.db).count() == 0, "the refused vote is rolled back with the decision")
            #expect(try await CommitteeDecision.query(on: app.db).count() == 0)
            // Rejecting needs no applier.
            let rejected = try await app.vote("reject", comment: "Pas prêt", on: proposal, by: committee.members[0])
            #expect(try rejected.content.decode(ProposalDTO.self).proposal.status == "rejected")
        }
    }

    @Test func onlyStaffSubmit() async throws {
        try await withEntraide { app in
            let committee = try await app.committee(members: 1)
            await #expect(throws: AppError.self) { _ = try await app.propose(by: committee.members[0]) }
            let api = try await app.send(.POST, "/api/v1/committee/proposals", json: ["kind": "other", "title": "T", "rationale": "R", "after": "x"],
                                         headers: committee.members[0].auth)
            #expect(api.status == .forbidden)
            let empty = try await app.send(.POST, "/api/v1/committee/proposals", json: ["kind": "other", "title": " ", "rationale": "R", "after": "x"],
                                           headers: committee.author.auth)
            #expect(empty.status == .unprocessableEntity && errorCode(empty) == "validation.required")
            let learning = try await app.send(.POST, "/api/v1/committee/proposals", json: ["kind": "learning_content", "title": "T", "rationale": "R", "after": "x"],
                                              headers: committee.author.auth)
            #expect(learning.status == .unprocessableEntity && errorCode(learning) == "validation.choice_invalid")
            let created = try await app.send(.POST, "/api/v1/committee/proposals", json: ["kind": "other", "title": "T", "rationale": "R", "after": "x"],
                                             headers: committee.author.auth)
            #expect(created.status == .created)
            #expect(try await CommitteeProposal.query(on: app.db).count() == 1)
        }
    }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import EntraideCore
@testable import EntraideServer

/// A journey edit goes to the street committee and reaches members only when it approves.
@Suite struct LearningCommitteeReviewTests {
    static let editPath = LearningEditorTests.editPath

    static func learningProposals(_ app: Application) async throws -> [CommitteeProposal] {
        try await CommitteeProposal.query(on: app.db).filter(\.$kind == ProposalKind.learningContent.rawValue).sort(\.$createdAt).all()
    }

    @Test func anApprovedEditIsPublishedAndOnlyThen() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let committee = try await app.committee(members: 2)
            let editor = try await LearningEditorTests.staff(app, "Inès", .animator)
            let (markup, _) = try await LearningEditorTests.changedFrench(app)
            let submitted = try await editor.submit(Self.editPath, to: Self.editPath, fields: ["markup": markup, "action": "submit"])
            #expect(submitted.status == .seeOther)

            let proposal = try #require(try await Self.learningProposals(app).first)
            #expect(proposal.statusValue == .open && proposal.title.contains("Premiers pas") && proposal.title.lowercased().contains("français"))
            #expect(proposal.rationale.contains("Inès G.") && !proposal.rationale.contains("Garnier"), "no family name in a proposal")
            #expect(proposal.before.contains("Un simple bonjour change cela.") && proposal.after.contains("Un bonjour change tout."),
                    "the committee compares the markup members read with the proposed one")

            let reader = WebClient(app)
            _ = try await app.vote("approve", on: proposal, by: committee.members[0])
            #expect(try await app.reloaded(proposal).statusValue == .open, "one approval of two is not a majority")
            #expect(!(try await reader.get("/learn/first-steps/greet").body.string.contains("Un bonjour change tout.")))

            let decided = try await app.vote("approve", on: proposal, by: committee.members[1])
            #expect(decided.status == .ok)
            #expect(try await app.reloaded(proposal).statusValue == .approved)
            #expect(try await reader.get("/learn/first-steps/greet").body.string.contains("Un bonjour change tout."))
            #expect(try await LearningJourneyDraft.query(on: app.db).first()?.draftStatus == .approved)
            #expect(try await CommitteeDecision.query(on: app.db).count() == 1)
        }
    }

    @Test func aRejectedEditLeavesMembersWithWhatTheyRead() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let committee = try await app.committee(members: 1)
            let editor = try await LearningEditorTests.staff(app, "Inès", .animator)
            let (markup, _) = try await LearningEditorTests.changedFrench(app)
            _ = try await editor.submit(Self.editPath, to: Self.editPath, fields: ["markup": markup, "action": "submit"])
            let proposal = try #require(try await Self.learningProposals(app).first)
            let rejected = try await app.vote("reject", comment: "Le ton ne convient pas", on: proposal, by: committee.members[0])
            #expect(rejected.status == .ok)
            #expect(try await app.reloaded(proposal).statusValue == .rejected)
            #expect(try await LearningJourneyDraft.query(on: app.db).first()?.draftStatus == .rejected)
            let read = try await WebClient(app).get("/learn/first-steps/greet").body.string
            #expect(read.contains("Un simple bonjour change cela.") && !read.contains("Un bonjour change tout."))
            #expect(try await LearningEditorTests.journey(app).journeyStatus == .published)
        }
    }

    @Test func submittingAgainRevisesTheAuthorsProposalOrReplacesAnothers() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let committee = try await app.committee(members: 2)
            let ines = try await LearningEditorTests.staff(app, "Inès", .animator)
            let (markup, _) = try await LearningEditorTests.changedFrench(app)
            _ = try await ines.submit(Self.editPath, to: Self.editPath, fields: ["markup": markup, "action": "submit"])
            let first = try #require(try await Self.learningProposals(app).first)
            _ = try await app.vote("request_changes", comment: "Plus court", on: first, by: committee.members[0])

            // The same author again: a new revision of the same proposal, whose votes start again.
            let shorter = markup.replacingOccurrences(of: "Un bonjour change tout.", with: "Un bonjour compte.")
            _ = try await ines.submit(Self.editPath, to: Self.editPath, fields: ["markup": shorter, "action": "submit"])
            #expect(try await Self.learningProposals(app).count == 1)
            let revised = try await app.reloaded(first)
            #expect(revised.revision == 2 && revised.after.contains("Un bonjour compte.") && revised.statusValue == .open)
            let payload = try LearningCommitteeReview.payload(of: revised)
            #expect(try await LearningJourneyDraft.find(payload.draft, on: app.db)?.draftStatus == .inReview)

            // Another member of staff: their proposal replaces the first, which is withdrawn.
            let karim = try await LearningEditorTests.staff(app, "Karim", .moderator)
            let other = markup.replacingOccurrences(of: "Un bonjour change tout.", with: "Un bonjour, c'est beaucoup.")
            _ = try await karim.submit(Self.editPath, to: Self.editPath, fields: ["markup": other, "action": "submit"])
            let proposals = try await Self.learningProposals(app)
            #expect(proposals.count == 2 && proposals[0].statusValue == .withdrawn && proposals[1].statusValue == .open)
            _ = try await app.vote("approve", on: proposals[1], by: committee.members[0])
            _ = try await app.vote("approve", on: proposals[1], by: committee.members[1])
            #expect(try await WebClient(app).get("/learn/first-steps/greet").body.string.contains("Un bonjour, c&#39;est beaucoup."))
        }
    }

    @Test func aWithdrawnEditIsRejected() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            _ = try await app.committee(members: 1)
            let editor = try await LearningEditorTests.staff(app, "Inès", .animator)
            let (markup, _) = try await LearningEditorTests.changedFrench(app)
            _ = try await editor.submit(Self.editPath, to: Self.editPath, fields: ["markup": markup, "action": "submit"])
            let proposal = try #require(try await Self.learningProposals(app).first)
            let author = try await LearningEditorTests.user(app, "Inès")
            try await CommitteeService.withdraw(proposal, by: author, committee: app.committee, on: app.db)
            #expect(try await app.reloaded(proposal).statusValue == .withdrawn)
            #expect(try await LearningJourneyDraft.query(on: app.db).first()?.draftStatus == .rejected)
        }
    }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import EntraideCore
@testable import EntraideServer

@Suite struct CommitteeApplyTests {
    func submit(_ app: Application, _ body: [String: Any], by member: TestMember) async throws -> ProposalDTO {
        let res = try await app.send(.POST, "/api/v1/committee/proposals", json: body, headers: member.auth)
        #expect(res.status == .created, "\(res.body.string)")
        return try res.content.decode(ProposalDTO.self)
    }

    @Test func theCharterChangesOnlyOnceApproved() async throws {
        try await withEntraide { app in
            let committee = try await app.committee(members: 2)
            let visitor = WebClient(app)
            #expect(try await visitor.get("/charter").body.string.contains("pas encore été écrite"))
            let dto = try await submit(app, ["kind": "charter", "title": "Première charte", "rationale": "Il en faut une", "language": "fr",
                                             "text": "Chacun est accueilli.\nOn ne juge personne."], by: committee.author)
            #expect(dto.before == "" && dto.after == "Chacun est accueilli.\nOn ne juge personne.")
            let proposal = try #require(try await CommitteeProposal.find(dto.proposal.id, on: app.db))
            _ = try await app.vote("approve", on: proposal, by: committee.members[0])
            #expect(!(try await visitor.get("/charter").body.string.contains("Chacun est accueilli")), "one approval of two is not enough")
            _ = try await app.vote("approve", on: proposal, by: committee.members[1])
            let page = try await visitor.get("/charter").body.string
            #expect(page.contains("Chacun est accueilli.") && page.contains("On ne juge personne."))

            // The next proposal starts from the charter in force.
            let next = try await submit(app, ["kind": "charter", "title": "Ajout", "rationale": "Préciser", "language": "fr",
                                              "text": "Chacun est accueilli.\nOn ne juge personne.\nOn se parle poliment."], by: committee.author)
            #expect(next.before == "Chacun est accueilli.\nOn ne juge personne.")
            #expect(next.diff.last?.after?.operation == "added" && next.diff.last?.before == nil)
            let rejected = try #require(try await CommitteeProposal.find(next.proposal.id, on: app.db))
            _ = try await app.vote("reject", comment: "Inutile", on: rejected, by: committee.members[0])
            _ = try await app.vote("reject", comment: "Non", on: rejected, by: committee.members[1])
            #expect(!(try await visitor.get("/charter").body.string.contains("poliment")), "a rejected proposal never goes live")
            #expect(try await CharterVersion.query(on: app.db).count() == 1)
        }
    }

    @Test func aProposedSensitiveWordIsDetectedOnlyOnceApproved() async throws {
        try await withEntraide { app in
            let committee = try await app.committee(members: 1)
            let text = "Quel zorglub celui-là"
            #expect(app.screening.detector.scan(text, language: "fr").isEmpty)
            let dto = try await submit(app, ["kind": "sensitive_words", "title": "Nouvelle insulte", "rationale": "Entendue souvent", "language": "fr",
                                             "add": "zorglub\n\nZorglub", "category": "insult", "match": "stem", "remove": "pute"], by: committee.author)
            let beforeLines = dto.before.split(separator: "\n"), afterLines = dto.after.split(separator: "\n")
            #expect(beforeLines.contains("pute (insult, exact)") && !afterLines.contains("pute (insult, exact)"))
            #expect(afterLines.count == beforeLines.count, "one term added, one removed")
            #expect(dto.after.contains("zorglub (insult, stem)") && !dto.before.contains("zorglub"))
            #expect(dto.diff.contains { $0.after?.text == "zorglub (insult, stem)" && $0.after?.operation == "added" })
            #expect(app.screening.detector.scan(text, language: "fr").isEmpty, "not detected while only proposed")

            let proposal = try #require(try await CommitteeProposal.find(dto.proposal.id, on: app.db))
            _ = try await app.vote("approve", on: proposal, by: committee.members[0])
            #expect(app.screening.detector.scan(text, language: "fr").map(\.category) == [.insult])
            #expect(app.screening.detector.scan("Des putes", language: "fr").isEmpty, "the removed word no longer holds a text")

            // A fresh start reads the shipped files, then the approved changes over them.
            let restarted = try ContentScreening.load(from: app.directory.resourcesDirectory + "Safety")
            #expect(restarted.detector.scan(text, language: "fr").isEmpty)
            try await SensitiveWordsApplier.reload(restarted, on: app.db)
            #expect(!restarted.detector.scan(text, language: "fr").isEmpty)
        }
    }

    @Test func wordChangesAreChecked() async throws {
        try await withEntraide { app in
            let committee = try await app.committee(members: 1)
            let cases: [([String: Any], String, String)] = [
                (["language": "fr"], "committee.words_empty", "add"),
                (["language": "fr", "add": "zorglub"], "validation.choice_invalid", "category"),
                (["language": "fr", "add": "zorglub", "category": "insult", "match": "fuzzy"], "validation.choice_invalid", "match"),
                (["language": "fr", "remove": "jamaisvu"], "committee.word_not_listed", "remove"),
                (["language": "xx", "add": "zorglub", "category": "insult"], "validation.choice_invalid", "language"),
                (["language": "fr", "add": String(repeating: "a", count: 81), "category": "insult"], "validation.too_long", "add"),
            ]
            for (fields, code, field) in cases {
                let body = fields.merging(["kind": "sensitive_words", "title": "T", "rationale": "R"]) { a, _ in a }
                let res = try await app.send(.POST, "/api/v1/committee/proposals", json: body, headers: committee.author.auth)
                #expect(res.status == .unprocessableEntity && errorCode(res) == code, "\(fields): \(res.body.string)")
                #expect((try? res.content.decode(ErrorEnvelope.self))?.error.field == field)
            }
        }
    }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import EntraideCore
@testable import EntraideServer

@Suite struct CommitteePagesTests {
    @Test func thePagesAreForTheCommitteeAndStaff() async throws {
        try await withEntraide { app in
            #expect(try await WebClient(app).get("/committee").status == .seeOther)
            let neighbour = try await WebClient.signedIn(app)
            #expect(try await neighbour.get("/committee").status == .forbidden)
            #expect(try await neighbour.get("/committee/new/charter").status == .forbidden)
            let (member, _) = try await WebClient.staff(app, roles: [.committee])
            let list = try await member.get("/committee")
            #expect(list.status == .ok && list.body.string.contains("href=\"/committee\""), "the menu links the committee")
            #expect(list.body.string.contains("Aucune proposition ouverte.") && list.body.string.contains("Aucune proposition n’a encore été décidée."),
                    "an empty list says so")
            #expect(try await member.get("/committee/new/other").status == .forbidden, "committee members review, staff propose")
        }
    }

    @Test func anEmptyCommitteeIsSaidToDecideNothing() async throws {
        try await withEntraide { app in
            let (staff, _) = try await WebClient.staff(app, roles: [.admin])
            let page = try await staff.get("/committee").body.string
            #expect(page.contains("rien ne peut être approuvé"))
        }
    }

    @Test func staffProposeByFormAndKeepTheirInputOnError() async throws {
        try await withEntraide { app in
            let (staff, _) = try await WebClient.staff(app, roles: [.animator])
            let form = try await staff.get("/committee/new/charter")
            #expect(form.status == .ok && form.body.string.contains("name=\"text\""))
            let missing = try await staff.submit("/committee/new/charter", to: "/committee/new/charter",
                                                 fields: ["title": "", "rationale": "Une charte pour tous", "language": "fr", "text": "Bienvenue à chacun."])
            #expect(missing.status == .unprocessableEntity)
            let html = missing.body.string
            #expect(html.contains("Une charte pour tous") && html.contains("Bienvenue à chacun."), "what was typed stays")
            #expect(html.contains("aria-invalid=\"true\""))
            #expect(try await CommitteeProposal.query(on: app.db).count() == 0)

            let created = try await staff.submit("/committee/new/charter", to: "/committee/new/charter",
                                                 fields: ["title": "Charte", "rationale": "Une charte pour tous", "language": "fr", "text": "Bienvenue à chacun."])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers.first(name: .location))
            let page = try await staff.get(location).body.string
            #expect(page.contains("<ins><span class=\"vh\">Ajouté : </span>Bienvenue à chacun.</ins>"))
            #expect(page.contains("Modifier la proposition"), "the author may revise")
            #expect(!page.contains("name=\"choice\""), "the author has no vote form")

            let words = try await staff.submit("/committee/new/sensitive_words", to: "/committee/new/sensitive_words",
                                               fields: ["title": "Mot", "rationale": "R", "language": "fr", "add": "zorglub", "category": "", "remove": "nimportequoi"])
            #expect(words.status == .unprocessableEntity && words.body.string.contains("nimportequoi"))
        }
    }

    @Test func theProposalPageShowsTheChangeSideBySideAndTakesVotes() async throws {
        try await withEntraide { app in
            let committee = try await app.committee(members: 2)
            let proposal = try await app.propose(by: committee.author, before: "ligne gardée\nancienne ligne", after: "ligne gardée\nnouvelle ligne")
            let (voter, _) = try await WebClient.staff(app, roles: [.committee])
            let path = "/committee/proposals/\(try proposal.requireID())"
            let page = try await voter.get(path)
            let html = page.body.string
            #expect(page.status == .ok)
            #expect(html.contains("<del><span class=\"vh\">Retiré : </span>ancienne ligne</del>"))
            #expect(html.contains("<ins><span class=\"vh\">Ajouté : </span>nouvelle ligne</ins>"))
            #expect(html.contains("<tr class=\"same\"><td>ligne gardée</td><td>ligne gardée</td></tr>"))
            #expect(html.contains("2 sur 3"), "the threshold: 2 of 3 voters")

            let noComment = try await voter.submit(path, to: path + "/votes", fields: ["choice": "reject", "comment": ""])
            #expect(noComment.status == .unprocessableEntity)
            #expect(noComment.body.string.contains("value=\"reject\" checked"), "the chosen vote stays chosen")
            let noChoice = try await voter.submit(path, to: path + "/votes", fields: ["comment": "Mon avis détaillé"])
            #expect(noChoice.status == .unprocessableEntity && noChoice.body.string.contains("Mon avis détaillé"))

            let voted = try await voter.submit(path, to: path + "/votes", fields: ["choice": "request_changes", "comment": "Plus simple"])
            #expect(voted.status == .seeOther)
            let after = try await voter.get(path + "?voted=1").body.string
            #expect(after.contains("Votre vote est enregistré.") && after.contains("Plus simple"))
            #expect(after.contains("value=\"request_changes\" checked"), "one's own vote shows and can be changed")
        }
    }

    @Test func theAuthorRevisesAndWithdraws() async throws {
        try await withEntraide { app in
            let (author, user) = try await WebClient.staff(app, roles: [.moderator])
            let proposal = try await CommitteeService.submit(kind: .other, title: "Horaires", rationale: "Plus tôt", before: "9h", after: "8h",
                                                             payload: [String: String](), by: user, on: app.db)
            let path = "/committee/proposals/\(try proposal.requireID())"
            let form = try await author.get(path + "/revise")
            #expect(form.status == .ok && form.body.string.contains("8h"))
            let revised = try await author.submit(path + "/revise", to: path + "/revise", fields: ["title": "Horaires", "rationale": "Plus tôt", "before": "9h", "after": "7h30"])
            #expect(revised.status == .seeOther)
            #expect(try await app.reloaded(proposal).revision == 2)
            let withdrawn = try await author.submit(path, to: path + "/withdraw", fields: [:])
            #expect(withdrawn.status == .seeOther)
            #expect(try await app.reloaded(proposal).statusValue == .withdrawn)
            let list = try await author.get("/committee").body.string
            #expect(list.contains("Retirée"))
            #expect(!list.contains("Aucune proposition n’a encore été décidée."))
        }
    }

    @Test func theSignUpPageLinksTheCharter() async throws {
        try await withEntraide { app in
            let signup = try await WebClient(app).get("/signup")
            #expect(signup.body.string.contains("href=\"/charter\""))
        }
    }
}

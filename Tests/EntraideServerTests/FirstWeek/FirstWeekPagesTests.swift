import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import EntraideCore
@testable import EntraideServer

@Suite struct FirstWeekPagesTests {
    /// Texts of a page with Leaf's apostrophe put back.
    static func text(_ res: TestingHTTPResponse) -> String { res.body.string.replacingOccurrences(of: "&#39;", with: "'") }

    @Test func aNeighboursHomeShowsTheChecklistWithTheNextStepHighlighted() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let web = try await WebClient.loggedIn(app, marie)
            let html = Self.text(try await web.get("/"))
            #expect(html.contains("Bonjour Marie M. !") && html.contains("Votre première semaine") && html.contains("0 étapes faites sur 4"))
            #expect(html.contains("<a href=\"/me\"><strong>Compléter votre profil</strong></a>"), "the next step is the highlighted link")
            #expect(html.contains("<a href=\"/learn\">Suivre le premier parcours</a>"))
            #expect(html.contains("action=\"/first-week/dismiss\""))
            #expect(!html.contains("href=\"/signup\""), "a member is not invited to sign up")
            // In English, for the same member.
            let english = Self.text(try await web.get("/?lang=en"))
            #expect(english.contains("Your first week") || english.contains("Votre première semaine"), "the member's own language setting wins")
        }
    }

    @Test func eachGoalsHomeLeadsToItsOwnFirstStep() async throws {
        try await withEntraide { app in
            let karim = try await app.member("Karim", goal: "ask_for_help")
            let asking = Self.text(try await WebClient.loggedIn(app, karim).get("/"))
            #expect(asking.contains("<a href=\"/services\"><strong>Trouver les services près de vous</strong></a>"))
            #expect(asking.contains("Publier un premier besoin") && asking.contains("Rencontrer l'équipe locale"))
            #expect(!asking.contains("Compléter votre profil"))

            let claire = try await app.member("Claire", goal: "organisation")
            let web = try await WebClient.loggedIn(app, claire)
            let organisation = Self.text(try await web.get("/"))
            #expect(organisation.contains("<a href=\"/rounds\"><strong>Créer votre structure</strong></a>"))
            // The association is opened from /rounds; a name too short comes back with what was typed.
            let rounds = Self.text(try await web.get("/rounds"))
            #expect(rounds.contains("action=\"/rounds/organisations\"") && rounds.contains("Votre association n'est pas encore sur Entraide."))
            let short = try await web.submit("/rounds", to: "/rounds/organisations", fields: ["name": "Ab"])
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.string.contains("value=\"Ab\"") && short.body.string.contains("aria-invalid=\"true\""))
            let created = try await web.submit("/rounds", to: "/rounds/organisations", fields: ["name": "Maraude du Canal"])
            #expect(created.status == .seeOther)
            #expect(created.headers.first(name: .location)?.hasPrefix("/rounds/organisations/") == true)
            let after = Self.text(try await web.get("/"))
            #expect(after.contains("1 étapes faites sur 2") && after.contains("<a href=\"/events/new\"><strong>Prévoir une maraude ou une sortie</strong></a>"))
            // A neighbour may not open an association.
            let marie = try await WebClient.loggedIn(app, try await app.member("Marie"))
            #expect(!(Self.text(try await marie.get("/rounds")).contains("action=\"/rounds/organisations\"")))
            #expect(try await marie.submit("/rounds", to: "/rounds/organisations", fields: ["name": "Maraude"]).status == .forbidden)
        }
    }

    @Test func aPutAwayChecklistLeavesTheNextUsefulStep() async throws {
        try await withEntraide { app in
            let karim = try await app.member("Karim", goal: "ask_for_help")
            let web = try await WebClient.loggedIn(app, karim)
            let dismissed = try await web.submit("/", to: "/first-week/dismiss", fields: [:])
            #expect(dismissed.status == .seeOther && dismissed.headers.first(name: .location) == "/")
            let html = Self.text(try await web.get("/"))
            #expect(!html.contains("Votre première semaine") && html.contains("Votre prochaine étape"))
            #expect(html.contains("<a class=\"button\" href=\"/services\">Trouver les services près de vous</a>"))
        }
    }

    @Test func visitorsKeepTodaysHomePage() async throws {
        try await withEntraide { app in
            let html = Self.text(try await WebClient(app).get("/"))
            #expect(html.contains("Entraide, le réseau") || html.contains("href=\"/signup\""))
            #expect(html.contains("href=\"/signup\"") && !html.contains("Votre première semaine") && !html.contains("first-week"))
            #expect(try await WebClient(app).post("/first-week/dismiss", form: [:]).status != .ok)
        }
    }

    @Test func staffSeeDropOffPerStepAsCountsOnly() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie", "Zéphyrine")
            _ = try await app.send(.PATCH, "/api/v1/me", json: ["about": "Voisine", "interests": ["cooking"]], headers: marie.auth)
            _ = try await app.member("Paul")
            let karim = try await app.member("Karim", goal: "ask_for_help")
            try await app.createAction(by: karim)
            let admin = try await app.member("Camille")
            try await app.grant(.admin, to: admin)

            let counts = try await FirstWeekService.dropOff(signedUpFrom: Date().addingTimeInterval(-3600), to: Date().addingTimeInterval(60), on: app.db)
            let neighbours = try #require(counts.first { $0.goal == .offerHelp })
            #expect(neighbours.started == 3 && neighbours.steps.map(\.withinFirstWeek) == [1, 0, 0, 0])
            let asking = try #require(counts.first { $0.goal == .askForHelp })
            #expect(asking.started == 1 && asking.steps.map(\.reached) == [0, 1, 0])
            // Karim never came back to his home page: the report recorded his need from his data.
            #expect(try await app.recorded(.postNeed, for: karim).count == 1)

            let web = try await WebClient.loggedIn(app, admin)
            let page = try await web.get("/admin/first-week")
            #expect(page.status == .ok)
            let html = Self.text(page)
            #expect(html.contains("3 membres inscrits") && html.contains("1 membres inscrits"))
            #expect(html.contains("<th scope=\"row\">Publier un premier besoin</th><td>1 (100 %)</td><td>1</td>"))
            #expect(!html.contains("Zéphyrine") && !html.contains("Karim"), "counts only, no names")
            let wrong = try await web.get("/admin/first-week?from=hier&to=2026-01-01")
            #expect(wrong.status == .badRequest && Self.text(wrong).contains("value=\"hier\""))
            let neighbour = try await WebClient.loggedIn(app, marie)
            #expect(try await neighbour.get("/admin/first-week").status == .forbidden)
            #expect(!Self.text(try await neighbour.get("/")).contains("href=\"/admin/first-week\""))
            #expect(Self.text(try await web.get("/")).contains("href=\"/admin/first-week\""))
        }
    }
}

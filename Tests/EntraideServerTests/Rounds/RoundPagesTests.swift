import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

@Suite struct RoundPagesTests {
    /// The round's page on a phone: a member of the association reads the encounters (and that
    /// read is logged), writes one by form; a replay of that form from the phone's queue under
    /// the same Idempotency-Key records nothing new; anyone else gets "not found".
    @Test func aVolunteerWritesEncountersOnTheRoundsPage() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            try await app.ok(.POST, "\(fixture.round)/encounters", fixture.admin, json: ["person": ["alias": "Jojo"], "notes": "Tousse beaucoup",
                                                                                        "needs": [["need": "shoes", "size": 44]]])
            let volunteer = try await WebClient.member(app, "Léa", "Moreau")
            let user = try #require(try await User.query(on: app.db).filter(\.$lastName == "Moreau").first())
            try await app.ok(.POST, "\(fixture.base)/members", fixture.admin, json: ["userID": try user.requireID().uuidString, "role": "staff"])

            let list = try await volunteer.get("/rounds")
            #expect(list.status == .ok && list.body.string.contains("Maraude du Canal") && list.body.string.contains("/rounds/\(fixture.roundID)"))
            let page = try await volunteer.get("/rounds/\(fixture.roundID)")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Jojo") && html.contains("Tousse beaucoup") && html.contains("Chaussures (44)"))
            #expect(html.contains("data-offline-queue=\"alias\""))
            #expect(try await EncounterAccess.query(on: app.db).filter(\.$via == "web").count() == 1)

            let csrf = try #require(WebClient.csrf(in: html))
            let form = ["csrf": csrf, "alias": "Nour", "need_blankets": "yes", "need_shoes": "yes", "shoeSize": "39", "notes": "Écrit dans la rue"]
            let key: HTTPHeaders = ["Idempotency-Key": "queued-\(UUID())"]
            let sent = try await volunteer.post("/rounds/\(fixture.roundID)/encounters", form: form, headers: key)
            #expect(sent.status == .seeOther && sent.headers.first(name: .location) == "/rounds/\(fixture.roundID)?recorded=1")
            let replayed = try await volunteer.post("/rounds/\(fixture.roundID)/encounters", form: form, headers: key)
            #expect(replayed.status == .seeOther && replayed.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try await FollowedPerson.query(on: app.db).filter(\.$alias == "Nour").count() == 1)
            #expect(try await EncounterNeedRecord.query(on: app.db).filter(\.$size == 39).count() == 1)

            let refused = try await volunteer.post("/rounds/\(fixture.roundID)/encounters", form: ["csrf": csrf, "alias": "Nour Haddad"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("jamais son nom de famille") && refused.body.string.contains("aria-invalid=\"true\""))

            let stranger = try await WebClient.member(app, "Marc", "Durand")
            let hidden = try await stranger.get("/rounds/\(fixture.roundID)")
            #expect(hidden.status == .notFound && !hidden.body.string.contains("Jojo"))
            let none = try await stranger.get("/rounds")
            #expect(none.status == .ok && none.body.string.contains("aucune association"))
        }
    }
}

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

    /// The round's page records the team's path: a batch sent by the phone's script is kept,
    /// a batch that cannot be read or is out of range is refused with its code, nobody outside
    /// the association can add to it, and an ended round takes no more points.
    @Test func theTeamRecordsItsPathFromTheRoundsPage() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            let admin = try await WebClient.member(app, "Léa", "Moreau")
            let user = try #require(try await User.query(on: app.db).filter(\.$lastName == "Moreau").first())
            try await app.ok(.POST, "\(fixture.base)/members", fixture.admin, json: ["userID": try user.requireID().uuidString, "role": "staff"])
            let page = try await admin.get("/rounds/\(fixture.roundID)")
            let html = page.body.string
            #expect(html.contains("data-path-recorder") && html.contains("action=\"/rounds/\(fixture.roundID)/path\""))
            let csrf = try #require(WebClient.csrf(in: html))
            let at = Date().addingTimeInterval(-60).formatted(.iso8601)
            let points = "[{\"lat\":48.8761,\"lon\":2.3590,\"at\":\"\(at)\"},{\"lat\":48.8772,\"lon\":2.3601,\"at\":\"\(at)\"}]"
            let sent = try await admin.post("/rounds/\(fixture.roundID)/path", form: ["csrf": csrf, "points": points], headers: ["Accept": "application/json"])
            #expect(sent.status == .created && sent.body.string.contains("\"recorded\":2"))
            #expect(try await RoundPathPoint.query(on: app.db).filter(\.$round.$id == fixture.roundID).count() == 2)

            for (bad, code) in [("not json", "validation.type_invalid"), ("", "validation.required"),
                                ("[{\"lat\":95,\"lon\":2.35,\"at\":\"\(at)\"}]", "validation.location_invalid")] {
                let refused = try await admin.post("/rounds/\(fixture.roundID)/path", form: ["csrf": csrf, "points": bad], headers: ["Accept": "application/json"])
                let message = app.catalogue.text(code, .fr).replacingOccurrences(of: "'", with: "&#39;")
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(message), "\(bad): \(refused.body.string)")
            }
            let stranger = try await WebClient.member(app, "Marc", "Durand")
            let strangerCSRF = try #require(WebClient.csrf(in: try await stranger.get("/rounds").body.string))
            let hidden = try await stranger.post("/rounds/\(fixture.roundID)/path", form: ["csrf": strangerCSRF, "points": points], headers: ["Accept": "application/json"])
            #expect(hidden.status == .notFound)

            try await app.ok(.POST, "\(fixture.round)/finish", fixture.admin)
            let late = try await admin.post("/rounds/\(fixture.roundID)/path", form: ["csrf": csrf, "points": points], headers: ["Accept": "application/json"])
            #expect(late.status == .conflict && late.body.string.contains(app.catalogue.text("rounds.not_ongoing", .fr).replacingOccurrences(of: "'", with: "&#39;")))
            #expect(try await RoundPathPoint.query(on: app.db).filter(\.$round.$id == fixture.roundID).count() == 0, "an ended round keeps only its length")
            #expect(!(try await admin.get("/rounds/\(fixture.roundID)")).body.string.contains("data-path-recorder"))
        }
    }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

@Suite struct EncounterReplayTests {
    /// A phone without signal keeps its encounter and sends it again later, maybe twice,
    /// maybe both copies at once: the client's id makes it one encounter, with its needs once.
    @Test func theSameClientIDSentTwiceCreatesOneEncounter() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            let id = UUID(), personID = UUID()
            let body: [String: Any] = [
                "id": id.uuidString, "person": ["id": personID.uuidString, "alias": "Jojo"],
                "needs": [["need": "shoes", "size": 42], ["need": "food"]], "notes": "Écrit sans réseau",
            ]
            let first = try await app.send(.POST, "\(fixture.round)/encounters", json: body, headers: fixture.admin.auth)
            #expect(first.status == .created)
            let second = try await app.send(.POST, "\(fixture.round)/encounters", json: body, headers: fixture.admin.auth)
            #expect(second.status == .ok)
            #expect(second.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try app.id(try app.json(second)) == id)

            // Both copies at the same moment.
            let racing = UUID()
            var copy = body
            copy["id"] = racing.uuidString
            let sent = String(decoding: try JSONSerialization.data(withJSONObject: copy), as: UTF8.self)
            let headers = fixture.admin.auth.withHeader("Content-Type", "application/json")
            async let a = app.send(.POST, "\(fixture.round)/encounters", raw: sent, headers: headers)
            async let b = app.send(.POST, "\(fixture.round)/encounters", raw: sent, headers: headers)
            let statuses = try await [a.status, b.status]
            #expect(statuses.allSatisfy { $0 == .created || $0 == .ok }, "\(statuses)")

            #expect(try await Encounter.query(on: app.db).count() == 2)
            #expect(try await EncounterNeedRecord.query(on: app.db).count() == 4)
            #expect(try await FollowedPerson.query(on: app.db).count() == 1)
            let listed = try await app.jsonList(try await app.send(.GET, "\(fixture.round)/encounters", headers: fixture.admin.auth))
            #expect(Set(listed.compactMap { $0["id"] as? String }) == [id.uuidString, racing.uuidString])
        }
    }

    /// The web app's queue sends its forms with an Idempotency-Key: a replay under the same key
    /// gets the first answer, and creates nothing new.
    @Test func anIdempotencyKeyReplaysTheFirstAnswer() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            let headers = fixture.admin.auth.withHeader("Idempotency-Key", "offline-\(UUID())")
            let body: [String: Any] = ["person": ["alias": "Malo"], "needs": [["need": "hygiene_kit"]]]
            let first = try await app.send(.POST, "\(fixture.round)/encounters", json: body, headers: headers)
            let again = try await app.send(.POST, "\(fixture.round)/encounters", json: body, headers: headers)
            #expect(first.status == .created && again.status == .created)
            #expect(again.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try app.id(try app.json(first)) == app.id(try app.json(again)))
            #expect(try await Encounter.query(on: app.db).count() == 1)
        }
    }

    /// The queue may leave the phone after the round ended: the encounter is still taken.
    @Test func anEncounterSentAfterTheRoundEndedIsKept() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            try await app.ok(.POST, "\(fixture.round)/finish", fixture.admin)
            let metAt = Date().addingTimeInterval(-1800)
            let late = try await app.send(.POST, "\(fixture.round)/encounters", json: [
                "id": UUID().uuidString, "person": ["alias": "Nour"], "metAt": metAt.formatted(.iso8601),
            ], headers: fixture.admin.auth)
            #expect(late.status == .created, "\(late.body.string)")
            let future = try await app.send(.POST, "\(fixture.round)/encounters", json: [
                "person": ["alias": "Nour"], "metAt": Date().addingTimeInterval(86_400).formatted(.iso8601),
            ], headers: fixture.admin.auth)
            #expect(future.status == .unprocessableEntity && errorCode(future) == "rounds.met_in_future")
        }
    }

    /// A person met is known by one first name or nickname: a family name cannot get in.
    @Test func aPersonIsKnownByOneWordOnly() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            for (alias, code) in [("Jean Dupont", "rounds.alias_one_word"), ("Ali 1987", "rounds.alias_one_word"),
                                  ("06123456", "rounds.alias_letters_only"), ("", "validation.required")] {
                let res = try await app.send(.POST, "\(fixture.round)/encounters", json: ["person": ["alias": alias]], headers: fixture.admin.auth)
                #expect(res.status == .unprocessableEntity && errorCode(res) == code, "\(alias): \(res.body.string)")
            }
            let shoes = try await app.send(.POST, "\(fixture.round)/encounters", json: ["person": ["alias": "Jojo"], "needs": [["need": "shoes"]]],
                                           headers: fixture.admin.auth)
            #expect(shoes.status == .unprocessableEntity && errorCode(shoes) == "rounds.shoe_size_required")
            let unknownNeed = try await app.send(.POST, "\(fixture.round)/encounters", json: ["person": ["alias": "Jojo"], "needs": [["need": "caviar"]]],
                                                 headers: fixture.admin.auth)
            #expect(unknownNeed.status == .unprocessableEntity && errorCode(unknownNeed) == "validation.choice_invalid")
            let ok = try await app.ok(.POST, "\(fixture.round)/encounters", fixture.admin, json: ["person": ["alias": "Jean-Pierre"]])
            #expect((ok["person"] as? [String: Any])?["alias"] as? String == "Jean-Pierre")
        }
    }
}

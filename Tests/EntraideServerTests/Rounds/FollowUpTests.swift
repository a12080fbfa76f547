import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import SQLKit
@testable import EntraideServer

@Suite struct FollowUpTests {
    /// Needs noted on one round stay open until a later round meets them; the person keeps
    /// the date of first contact and of engagement, and becomes inactive after 90 days.
    @Test func needsStayOpenUntilALaterRoundMeetsThem() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            let firstMet = Date().addingTimeInterval(-3600)
            let encounter = try await app.ok(.POST, "\(fixture.round)/encounters", fixture.admin, json: [
                "person": ["alias": "Jojo"], "metAt": firstMet.formatted(.iso8601),
                "needs": [["need": "shoes", "size": 42], ["need": "sleeping_bag"], ["need": "medical_referral"]],
            ])
            let personID = try app.id(try #require(encounter["person"] as? [String: Any]))
            let needs = try #require(encounter["needs"] as? [[String: Any]])
            let shoes = try #require(needs.first { $0["need"] as? String == "shoes" })
            #expect(shoes["size"] as? Int == 42 && shoes["label"] as? String == "Chaussures")
            let shoesID = try app.id(shoes)
            try await app.ok(.POST, "\(fixture.round)/finish", fixture.admin)

            // The next round brings the shoes, and the person agrees to be followed.
            let next = try await app.ok(.POST, "\(fixture.base)/rounds", fixture.admin, json: [
                "kind": "social", "startsAt": Date().formatted(.iso8601), "transport": "vehicle", "sectorID": fixture.sectorID.uuidString,
            ])
            let nextID = try app.id(next)
            try await app.ok(.POST, "\(fixture.base)/rounds/\(nextID)/start", fixture.admin)
            try await app.ok(.POST, "\(fixture.base)/rounds/\(nextID)/encounters", fixture.admin, json: [
                "person": ["id": personID.uuidString], "metNeedIDs": [shoesID.uuidString], "engaged": true,
            ])
            let detail = try await app.json(try await app.send(.GET, "\(fixture.base)/people/\(personID)", headers: fixture.admin.auth))
            let person = try #require(detail["person"] as? [String: Any])
            let open = try #require(person["openNeeds"] as? [[String: Any]]).compactMap { $0["need"] as? String }
            #expect(Set(open) == ["sleeping_bag", "medical_referral"])
            #expect(person["status"] as? String == "engaged")
            let first = try #require((person["firstContactAt"] as? String).flatMap(ListQuery.parseDate))
            #expect(abs(first.timeIntervalSince(firstMet)) < 1)
            #expect(person["engagedAt"] != nil)
            let met = try #require((detail["needs"] as? [[String: Any]])?.first { $0["need"] as? String == "shoes" })
            #expect(met["status"] as? String == "met" && met["metRoundID"] as? String == nextID.uuidString)
            #expect((detail["encounters"] as? [[String: Any]])?.count == 2)

            // Staff mark a need met outside a round; twice is harmless.
            let sleepingBag = try #require((detail["needs"] as? [[String: Any]])?.first { $0["need"] as? String == "sleeping_bag" })
            let metOnce = try await app.ok(.POST, "\(fixture.base)/needs/\(try app.id(sleepingBag))/met", fixture.admin, json: [:])
            #expect(metOnce["status"] as? String == "met")
            try await app.ok(.POST, "\(fixture.base)/needs/\(try app.id(sleepingBag))/met", fixture.admin, json: [:])

            // 90 days without a meeting: inactive.
            let row = try #require(try await FollowedPerson.find(personID, on: app.db))
            row.lastMetAt = Date().addingTimeInterval(-91 * 24 * 3600)
            try await row.save(on: app.db)
            let inactive = try await app.json(try await app.send(.GET, "\(fixture.base)/people?status=inactive", headers: fixture.admin.auth))
            let items = try #require(inactive["items"] as? [[String: Any]])
            #expect(items.count == 1 && items.first?["status"] as? String == "inactive")
            let active = try await app.json(try await app.send(.GET, "\(fixture.base)/people?status=engaged", headers: fixture.admin.auth))
            #expect((active["items"] as? [[String: Any]])?.isEmpty == true)
        }
    }

    /// The path is recorded only while the round is ongoing, for its team and staff, and is
    /// deleted when the round ends: only its length stays.
    @Test func thePathIsKeptOnlyWhileTheRoundIsOngoing() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            let volunteer = try await app.addMember(to: fixture, role: "volunteer", firstName: "Léa")
            let points: [[String: Any]] = [
                ["lat": 48.8760, "lon": 2.3590], ["lat": 48.8770, "lon": 2.3600], ["lat": 48.8790, "lon": 2.3620],
            ]
            let recorded = try await app.ok(.POST, "\(fixture.round)/path", fixture.admin, json: ["points": points])
            #expect((recorded["points"] as? [[String: Any]])?.count == 3)
            let outsider = try await app.send(.GET, "\(fixture.round)/path", headers: volunteer.auth)
            #expect(outsider.status == .forbidden && errorCode(outsider) == "rounds.not_on_team")
            let bad = try await app.send(.POST, "\(fixture.round)/path", json: ["points": [["lat": 123.0, "lon": 2.0]]], headers: fixture.admin.auth)
            #expect(bad.status == .unprocessableEntity && errorCode(bad) == "validation.location_invalid")

            let done = try await app.ok(.POST, "\(fixture.round)/finish", fixture.admin)
            let distance = try #require(done["distanceMetres"] as? Int)
            #expect((300...500).contains(distance), "\(distance)")
            #expect(try await RoundPathPoint.query(on: app.db).count() == 0)
            let after = try await app.send(.POST, "\(fixture.round)/path", json: ["points": points], headers: fixture.admin.auth)
            #expect(after.status == .conflict && errorCode(after) == "rounds.not_ongoing")
            let again = try await app.send(.POST, "\(fixture.round)/finish", headers: fixture.admin.auth)
            #expect(again.status == .conflict)
            // No answer about the round gives a point.
            let round = try await app.send(.GET, fixture.round, headers: fixture.admin.auth)
            #expect(!round.body.string.contains("48.87") && !round.body.string.contains("\"lat\""))
        }
    }
}

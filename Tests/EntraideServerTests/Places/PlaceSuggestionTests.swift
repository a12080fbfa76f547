import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer
import EntraideCore

@Suite struct PlaceSuggestionTests {
    static var newPlace: [String: Any] { [
        "place": [
            "name": "Fontaine du square Saint-Ambroise", "categories": ["food.drinking_water"],
            "location": ["lat": 48.8610, "lon": 2.3760], "city": "Paris", "postalCode": "75011", "hoursText": "24/7",
        ],
        "note": "Elle marche de nouveau.",
    ] }

    @Test func aSuggestedPlaceWaitsForStaffThenAppears() async throws {
        try await withEntraide { app in
            let member = try await app.member("Marie", "Dupont")
            let created = try await app.send(.POST, "/api/v1/places/suggestions", json: Self.newPlace, headers: member.auth)
            #expect(created.status == .created, "\(created.body.string)")
            let suggestion = try JSONBody(created)
            #expect(suggestion["status"].string == "pending" && suggestion["kind"].string == "new")
            #expect(suggestion["author"].string == "Marie D.", "a family name is never shown")
            #expect(try JSONBody(try await app.send(.GET, "/api/v1/places?q=fontaine"))["items"].array.isEmpty, "nothing before review")

            // Members do not see the queue; they see their own suggestions.
            #expect(try await app.send(.GET, "/api/v1/places/suggestions", headers: member.auth).status == .forbidden)
            let mine = try JSONBody(try await app.send(.GET, "/api/v1/places/suggestions?mine=true", headers: member.auth))
            #expect(mine["items"].array.count == 1)
            let decideAsMember = try await app.send(.POST, "/api/v1/places/suggestions/\(suggestion["id"].string!)/decision",
                                                    json: ["action": "accept"], headers: member.auth)
            #expect(decideAsMember.status == .forbidden)

            let animator = try await app.staff("Sophie", .animator)
            let queue = try JSONBody(try await app.send(.GET, "/api/v1/places/suggestions", headers: animator.auth))
            #expect(queue["items"].array.map { $0["id"].string } == [suggestion["id"].string])
            let decided = try await app.send(.POST, "/api/v1/places/suggestions/\(suggestion["id"].string!)/decision",
                                             json: ["action": "accept"], headers: animator.auth)
            #expect(decided.status == .ok, "\(decided.body.string)")
            #expect(try JSONBody(decided)["status"].string == "accepted")
            let found = try JSONBody(try await app.send(.GET, "/api/v1/places?q=fontaine&lat=48.8674&lon=2.3636&openNow=true"))
            #expect(found["items"].array.map { $0["name"].string } == ["Fontaine du square Saint-Ambroise"])
            #expect(try await Place.query(on: app.db).filter(\.$source == "community").count() == 1)

            let again = try await app.send(.POST, "/api/v1/places/suggestions/\(suggestion["id"].string!)/decision",
                                           json: ["action": "reject", "reason": "doublon"], headers: animator.auth)
            #expect(again.status == .conflict && errorCode(again) == "places.suggestion_decided")
        }
    }

    @Test func aCorrectionChangesOnlyTheFieldsGiven() async throws {
        try await withEntraide { app in
            try await app.importSamples()
            let meals = try await app.placeID(named: "Repas du midi Saint-Martin")
            let member = try await app.member("Ali", "Benali")
            let res = try await app.send(.POST, "/api/v1/places/suggestions", json: [
                "placeId": meals.uuidString, "place": ["phone": "01 42 99 99 99", "hoursText": "mo-sa 12:00-14:00"],
            ], headers: member.auth)
            #expect(res.status == .created, "\(res.body.string)")
            let id = try #require(try JSONBody(res)["id"].string)
            let moderator = try await app.staff("Yacine", .moderator)
            let decided = try await app.send(.POST, "/api/v1/places/suggestions/\(id)/decision", json: ["action": "accept"], headers: moderator.auth)
            #expect(decided.status == .ok, "\(decided.body.string)")
            let place = try JSONBody(try await app.send(.GET, "/api/v1/places/\(meals)"))
            #expect(place["phone"].string == "01 42 99 99 99")
            #expect(place["hoursText"].string == "mo-sa 12:00-14:00", "hours given as text replace the weekly hours whole")
            #expect(place["name"].string == "Repas du midi Saint-Martin")
            #expect(place["categories"].array.map(\.string) == ["food.meals"])
        }
    }

    @Test func aClosureRetiresThePlaceOnceAccepted() async throws {
        try await withEntraide { app in
            try await app.importSamples()
            let storage = try await app.placeID(named: "Bagagerie de la Guillotière")
            let member = try await app.member("Ali", "Benali")
            let missingNote = try await app.send(.POST, "/api/v1/places/suggestions", json: ["placeId": storage.uuidString, "kind": "closure"], headers: member.auth)
            #expect(missingNote.status == .unprocessableEntity && errorCode(missingNote) == "validation.required")
            let res = try await app.send(.POST, "/api/v1/places/suggestions", json: ["placeId": storage.uuidString, "kind": "closure", "note": "Fermé définitivement."], headers: member.auth)
            let id = try #require(try JSONBody(res)["id"].string)
            let admin = try await app.staff("Camille", .admin)
            let rejectWithoutReason = try await app.send(.POST, "/api/v1/places/suggestions/\(id)/decision", json: ["action": "reject"], headers: admin.auth)
            #expect(rejectWithoutReason.status == .unprocessableEntity && errorCode(rejectWithoutReason) == "validation.required")
            _ = try await app.send(.POST, "/api/v1/places/suggestions/\(id)/decision", json: ["action": "accept"], headers: admin.auth)
            #expect(try await Place.find(storage, on: app.db)?.status == Place.retired)
        }
    }

    @Test(arguments: [
        (#"{"place": {"name": "X", "categories": ["food.meals"], "location": {"lat": 48.8, "lon": 2.3}}}"#, "validation.too_short"),
        (#"{"place": {"name": "Lieu", "categories": ["food.nothing"], "location": {"lat": 48.8, "lon": 2.3}}}"#, "places.category_unknown"),
        (#"{"place": {"name": "Lieu", "categories": ["food.meals"]}}"#, "validation.required"),
        (#"{"place": {"name": "Lieu", "categories": ["food.meals"], "location": {"lat": 48.8, "lon": 2.3}, "hoursText": "lundi"}}"#, "places.hours_invalid"),
        (#"{"place": {"name": "Lieu", "categories": ["food.meals"], "location": {"lat": 48.8, "lon": 2.3}, "website": "javascript:alert(1)"}}"#, "validation.url_invalid"),
        (#"{"kind": "correction"}"#, "validation.required"),
        ("{}", "validation.required"),
    ])
    func aWrongSuggestionIsRefusedWithAStableCode(body: String, code: String) async throws {
        try await withEntraide { app in
            let member = try await app.member("Marie")
            let res = try await app.send(.POST, "/api/v1/places/suggestions", raw: body, headers: member.auth)
            #expect(res.status == .unprocessableEntity, "\(res.body.string)")
            #expect(errorCode(res) == code, "\(res.body.string)")
        }
    }

    @Test func suggestingNeedsAnAccount() async throws {
        try await withEntraide { app in
            let res = try await app.send(.POST, "/api/v1/places/suggestions", json: Self.newPlace)
            #expect(res.status == .unauthorized)
        }
    }
}

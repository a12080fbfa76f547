import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

@Suite struct ProfileTests {
    @Test func profileFieldsAreUpdatedAndNormalised() async throws {
        try await withEntraide { app in
            let member = try await app.signUp()
            let res = try await app.send(.PATCH, "/api/v1/me", json: [
                "about": "  Voisine du quartier  ", "languages": ["FR", "ar", "fr"], "interests": ["sport", "cooking"],
                "availability": ["weekend_mornings"], "postalCode": "75011", "city": "Paris", "travelDistanceKm": 5, "language": "en",
            ], headers: member.auth)
            #expect(res.status == .ok)
            let me = try res.content.decode(MeDTO.self)
            #expect(me.about == "Voisine du quartier")
            #expect(me.languages == ["fr", "ar"])
            #expect(me.interests == ["sport", "cooking"])
            #expect(me.availability == ["weekend_mornings"])
            #expect(me.postalCode == "75011" && me.city == "Paris" && me.travelDistanceKm == 5 && me.language == "en")
        }
    }

    @Test(arguments: [
        (["about": String(repeating: "a", count: 201)] as [String: any Sendable], "validation.too_long", "about"),
        (["interests": ["skydiving"]], "validation.choice_invalid", "interests"),
        (["availability": ["always"]], "validation.choice_invalid", "availability"),
        (["travelDistanceKm": 0], "validation.out_of_range", "travelDistanceKm"),
        (["travelDistanceKm": "far"], "validation.type_invalid", "travelDistanceKm"),
        (["languages": ["français"]], "validation.language_invalid", "languages"),
        (["postalCode": "<script>"], "validation.postal_code_invalid", "postalCode"),
        (["language": "klingon"], "validation.choice_invalid", "language"),
        (["firstName": ""], "validation.required", "firstName"),
    ])
    func wrongValuesGetACodeAndAField(patch: [String: any Sendable], code: String, field: String) async throws {
        try await withEntraide { app in
            let member = try await app.signUp()
            let res = try await app.send(.PATCH, "/api/v1/me", json: patch, headers: member.auth)
            #expect(res.status == .unprocessableEntity)
            let error = try res.content.decode(ErrorEnvelope.self).error
            #expect(error.code == code)
            #expect(error.field == field)
            #expect(!error.message.isEmpty && error.message != code)
        }
    }

    @Test func aRefusedChangeChangesNothing() async throws {
        try await withEntraide { app in
            let member = try await app.signUp()
            _ = try await app.send(.PATCH, "/api/v1/me", json: ["about": "Avant", "city": "Lyon"], headers: member.auth)
            let res = try await app.send(.PATCH, "/api/v1/me", json: ["about": "Après", "travelDistanceKm": 500], headers: member.auth)
            #expect(res.status == .unprocessableEntity)
            let me = try await app.send(.GET, "/api/v1/me", headers: member.auth).content.decode(MeDTO.self)
            #expect(me.about == "Avant")
        }
    }
}

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

@Suite struct UserRowDecodingTests {
    /// The hand-written row decoder of the authentication path reads what Fluent reads.
    @Test func handDecoderMatchesFluent() async throws {
        try await withEntraide { app in
            let member = try await app.signUp(firstName: "Olena", lastName: "Kovalenko")
            _ = try await app.send(.PATCH, "/api/v1/me", json: ["about": "Bonjour", "languages": ["uk", "en"], "interests": ["crafts"],
                                                             "availability": ["weekend_mornings"], "postalCode": "69008", "city": "Lyon", "gender": "woman"], headers: member.auth)
            let row = try #require(try await app.db.sql.raw("SELECT * FROM users").first())
            let byHand = try User.decode(row: row)
            let byFluent = try row.decode(model: User.self)
            #expect(byHand.id == byFluent.id && byHand.firstName == byFluent.firstName && byHand.lastName == byFluent.lastName)
            #expect(byHand.email == byFluent.email && byHand.phone == byFluent.phone && byHand.passwordHash == byFluent.passwordHash)
            #expect(byHand.spokenLanguages == ["uk", "en"] && byHand.interests == byFluent.interests && byHand.availability == byFluent.availability)
            #expect(byHand.postalCode == byFluent.postalCode && byHand.city == byFluent.city && byHand.about == byFluent.about)
            #expect(byHand.gender == "woman" && byFluent.gender == "woman")
            #expect(byHand.travelDistanceKm == byFluent.travelDistanceKm && byHand.goal == byFluent.goal && byHand.language == byFluent.language)
            #expect(byHand.createdAt.map { Int($0.timeIntervalSince1970) } == byFluent.createdAt.map { Int($0.timeIntervalSince1970) })

            // A member read by hand is saved as an update, not a second insert.
            byHand.about = "Changé"
            try await byHand.save(on: app.db)
            #expect(try await User.query(on: app.db).count() == 1)
            #expect(try await User.find(member.id, on: app.db)?.about == "Changé")
        }
    }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

@Suite struct DemoRoundsTests {
    /// `seed --demo` adds one association with rounds done and planned, once.
    @Test func theDemoAssociationIsSeededOnce() async throws {
        try await withEntraide { app in
            let hasher = app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.any())
            try await DemoData.seed(on: app.db, hasher: hasher)
            #expect(try await DemoRounds.seed(on: app.db, cipher: app.encounterNotes))
            #expect(try await DemoRounds.seed(on: app.db, cipher: app.encounterNotes) == false)
            #expect(try await Organisation.query(on: app.db).count() == 1)
            let statuses = try await OutreachRound.query(on: app.db).all().map(\.status).sorted()
            #expect(statuses == ["done", "done", "planned"])
            #expect(try await Encounter.query(on: app.db).count() == 4)
            #expect(try await FollowedPerson.query(on: app.db).count() == 3)
            #expect(try await EncounterNeedRecord.query(on: app.db).filter(\.$status == "met").count() == 1)

            let login = try await app.send(.POST, "/api/v1/auth/login", json: ["email": "association@demo.entraide.example", "password": DemoData.password])
            let token = try #require(try login.content.decode(AuthResult.self).token)
            let organisation = try #require(try await Organisation.query(on: app.db).first()?.id)
            let people = try await app.send(.GET, "/api/v1/organisations/\(organisation)/people", headers: ["Authorization": "Bearer \(token)"])
            #expect(people.status == .ok && people.body.string.contains("Jojo") && people.body.string.contains("\"engaged\""))
            let rounds = try await app.json(try await app.send(.GET, "/api/v1/organisations/\(organisation)/rounds?status=done", headers: ["Authorization": "Bearer \(token)"]))
            let round = try #require((rounds["items"] as? [[String: Any]])?.first { $0["kind"] as? String == "food" }?["id"] as? String)
            let encounters = try await app.send(.GET, "/api/v1/organisations/\(organisation)/rounds/\(round)/encounters", headers: ["Authorization": "Bearer \(token)"])
            #expect(encounters.body.string.contains("accueil de jour"))
        }
    }
}

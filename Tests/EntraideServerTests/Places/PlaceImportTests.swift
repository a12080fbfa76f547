import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer
import EntraideCore

@Suite struct PlaceImportTests {
    /// Each place's id and last write.
    static func writes(_ app: Application) async throws -> [UUID: Date] {
        var dates: [UUID: Date] = [:]
        for place in try await Place.query(on: app.db).all() { dates[place.id!] = place.updatedAt }
        return dates
    }

    @Test func importingTheSameFileTwiceChangesNothing() async throws {
        try await withEntraide { app in
            let first = try await app.importSamples()
            #expect(first == PlaceImporter.Summary(created: 5, updated: 0, unchanged: 0, retired: 0, skipped: 3))
            let before = try await Self.writes(app)
            let second = try await app.importSamples()
            #expect(second == PlaceImporter.Summary(created: 0, updated: 0, unchanged: 5, retired: 0, skipped: 3))
            let after = try await Self.writes(app)
            #expect(after == before, "no row was written again")
            #expect(try await Place.query(on: app.db).count() == 5)
            #expect(try await PlaceStop.query(on: app.db).count() == 2, "the round's stops are not duplicated")
        }
    }

    @Test func reimportingUpdatesChangedPlacesAndRetiresThoseThatDisappeared() async throws {
        try await withEntraide { app in
            try await app.importSamples()
            let renamed = try PlaceSamples.soliguide { places in
                places[0]["name"] = "Repas du midi Saint-Martin (nouvelle salle)"
                places.removeAll { ($0["lieu_id"] as? Int) == 107 }
            }
            let summary = try await PlaceImporter.run(renamed, source: "soliguide", on: app.db)
            #expect(summary == PlaceImporter.Summary(created: 0, updated: 1, unchanged: 3, retired: 1, skipped: 3))
            let storage = try await app.placeID(named: "Bagagerie de la Guillotière")
            let shown = try await app.send(.GET, "/api/v1/places/\(storage)")
            #expect(try JSONBody(shown)["state"].string == "retired")
            let lyon = try JSONBody(try await app.send(.GET, "/api/v1/places?lat=45.758&lon=4.842"))
            #expect(lyon["items"].array.isEmpty, "a retired place is not listed")
            #expect(try await Place.query(on: app.db).count() == 5, "nothing is duplicated")

            // Listed again later, it comes back under the same id.
            let back = try await app.importSamples()
            #expect(back.updated == 2 && back.created == 0)
            #expect(try await app.placeID(named: "Bagagerie de la Guillotière") == storage)
            #expect(try await Place.find(storage, on: app.db)?.status == Place.active)
        }
    }

    @Test func anEmptyOrUnreadableFileRetiresNothing() async throws {
        try await withEntraide { app in
            try await app.importSamples()
            let summary = try await PlaceImporter.run(SoliguideReader.read(Data("[]".utf8)), source: "soliguide", on: app.db)
            #expect(summary.retired == 0)
            let broken = try await PlaceImporter.run(SoliguideReader.read(Data("[{".utf8)), source: "soliguide", on: app.db)
            #expect(broken.retired == 0 && broken.skipped == 1)
            #expect(try await Place.query(on: app.db).filter(\.$status == Place.active).count() == 5)
        }
    }

    @Test func eachSourceRetiresOnlyItsOwnPlaces() async throws {
        try await withEntraide { app in
            try await app.importSamples()
            let csv = try await PlaceImporter.run(try PlaceSamples.csv(), source: "partner-csv", on: app.db)
            #expect(csv == PlaceImporter.Summary(created: 4, updated: 0, unchanged: 0, retired: 0, skipped: 3))
            let again = try await PlaceImporter.run(try PlaceSamples.csv(), source: "partner-csv", on: app.db)
            #expect(again.unchanged == 4 && again.created == 0)
            #expect(try await Place.query(on: app.db).filter(\.$status == Place.active).count() == 9)
        }
    }

    /// The full-text index follows every write: a renamed place is found by its new name only.
    @Test func theSearchIndexFollowsUpdates() async throws {
        try await withEntraide { app in
            try await app.importSamples()
            let renamed = try PlaceSamples.soliguide { places in places[0]["name"] = "Cantine Bonne Humeur" }
            _ = try await PlaceImporter.run(renamed, source: "soliguide", on: app.db)
            let found = try JSONBody(try await app.send(.GET, "/api/v1/places?q=humeur"))
            #expect(found["items"].array.map { $0["name"].string } == ["Cantine Bonne Humeur"])
            let old = try JSONBody(try await app.send(.GET, "/api/v1/places?q=saint-martin"))
            #expect(old["items"].array.isEmpty)
        }
    }

    @Test func theDemoPlacesImportAndStayOnce() async throws {
        try await withEntraide { app in
            let first = try await DemoPlaces.seed(app)
            #expect(first.created >= 10 && first.skipped == 0)
            let second = try await DemoPlaces.seed(app)
            #expect(second.created == 0 && second.unchanged == first.created)
        }
    }
}

import Foundation
import Testing
import Vapor
import Fluent
@testable import EntraideServer
import EntraideCore

/// The sample files shipped in `Resources/Places/`, read as the import command reads them.
enum PlaceSamples {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Resources/Places").standardized

    static func data(_ name: String) throws -> Data { try Data(contentsOf: folder.appendingPathComponent(name)) }

    static func soliguide() throws -> PlaceImportFile { SoliguideReader.read(try data("sample-soliguide.json")) }
    static func csv() throws -> PlaceImportFile { PlaceCSVReader.read(try data("sample-places.csv")) }

    /// The Soliguide sample with some places changed or left out (a JSON edit, as a newer export would be).
    static func soliguide(editing edit: (inout [[String: Any]]) -> Void) throws -> PlaceImportFile {
        var places = try #require(try JSONSerialization.jsonObject(with: try data("sample-soliguide.json")) as? [[String: Any]])
        edit(&places)
        return SoliguideReader.read(try JSONSerialization.data(withJSONObject: places, options: [.prettyPrinted]))
    }
}

extension Application {
    @discardableResult
    func importSamples() async throws -> PlaceImporter.Summary {
        try await PlaceImporter.run(try PlaceSamples.soliguide(), source: "soliguide", on: db)
    }

    func placeID(named name: String) async throws -> UUID {
        try #require(try await Place.query(on: db).filter(\.$name == name).first()?.id)
    }
}

/// An instant given as a wall-clock time in Paris ("2026-03-03 12:30").
func parisTime(_ text: String) -> Date {
    let parts = text.split(separator: " ")
    return LocalMoment(day: LocalDay(String(parts[0]))!, minute: TimeSlot.minutes(String(parts[1]))!).date(in: TimeZone(identifier: "Europe/Paris")!)
}

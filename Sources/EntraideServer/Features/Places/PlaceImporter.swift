import Foundation
import Fluent
import SQLKit
import EntraideCore

/// Writes the places of an import file for one source: new ones are created, changed ones
/// updated, unchanged ones left alone (their fingerprint is the same), and the source's
/// places that the file no longer lists are retired — hidden, kept for the record, and
/// brought back if a later file lists them again. Running the same file twice changes nothing.
enum PlaceImporter {
    struct Summary: Equatable, Sendable {
        var created = 0
        var updated = 0
        var unchanged = 0
        var retired = 0
        var skipped = 0
    }

    /// `retireMissing` is ignored when the file gave no place at all: an empty or unreadable
    /// file must not empty the directory.
    static func run(_ file: PlaceImportFile, source: String, retireMissing: Bool = true, now: Date = Date(),
                    on database: any Database) async throws -> Summary {
        try await database.atomically { db in
            var summary = Summary(skipped: file.issues.count)
            let existing = try await Place.query(on: db).filter(\.$source == source).all()
            var bySourceID: [String: Place] = [:]
            for place in existing { if let id = place.sourceID { bySourceID[id] = place } }
            var seen = Set<String>()
            var created: [Place] = []
            var stops: [PlaceStop] = []
            for row in file.rows {
                guard let sourceID = row.draft.sourceID else { continue }
                seen.insert(sourceID)
                let hash = fingerprint(row.draft)
                if let place = bySourceID[sourceID] {
                    if place.contentHash == hash && place.status == Place.active { summary.unchanged += 1; continue }
                    try await save(row.draft, into: place, hash: hash, on: db)
                    summary.updated += 1
                } else {
                    // New places are written in batches: one statement per few hundred rows.
                    let place = Place()
                    place.id = UUID()
                    place.source = source
                    place.apply(row.draft, hash: hash)
                    place.status = Place.active
                    created.append(place)
                    stops += row.draft.stops.enumerated().map { PlaceStop(placeID: place.id!, position: $0.offset, $0.element) }
                    summary.created += 1
                }
            }
            for batch in stride(from: 0, to: created.count, by: batchSize) {
                try await Array(created[batch..<min(batch + batchSize, created.count)]).create(on: db)
            }
            for batch in stride(from: 0, to: stops.count, by: batchSize) {
                try await Array(stops[batch..<min(batch + batchSize, stops.count)]).create(on: db)
            }
            guard retireMissing, !file.rows.isEmpty else { return summary }
            for place in existing where place.status == Place.active && !seen.contains(place.sourceID ?? "") {
                place.status = Place.retired
                place.retiredAt = now
                try await place.save(on: db)
                summary.retired += 1
            }
            return summary
        }
    }

    /// Rows per insert statement (30 columns each: within SQLite's and PostgreSQL's bind limits).
    static let batchSize = 500

    /// Creates or rewrites a place and its stops from a validated draft.
    static func save(_ draft: PlaceDraft, into place: Place, hash: String? = nil, on db: any Database) async throws {
        let existed = place.id != nil && place.createdAt != nil
        if place.id == nil { place.id = UUID() }
        place.apply(draft, hash: hash ?? fingerprint(draft))
        place.status = Place.active
        place.retiredAt = nil
        try await place.save(on: db)
        let id = try place.requireID()
        if existed { try await PlaceStop.query(on: db).filter(\.$place.$id == id).delete() }
        for (index, stop) in draft.stops.enumerated() {
            try await PlaceStop(placeID: id, position: index, stop).create(on: db)
        }
    }

    static func fingerprint(_ draft: PlaceDraft) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Secrets.sha256(String(decoding: (try? encoder.encode(draft)) ?? Data(), as: UTF8.self))
    }
}

import Foundation

/// Where a feed page stopped: the snapshot instant every score is measured from, the last
/// item's score and identity, and the search it belongs to (a cursor is only valid for the
/// same point and radius).
struct FeedCursor: Codable, Equatable {
    /// Whole milliseconds, so the instant survives the trip through the cursor bit for bit
    /// and every page computes the same scores.
    let snapshotMillis: Int64
    let score: Double
    let type: String
    let id: UUID
    let lat: Double
    let lon: Double
    let radiusKm: Double

    var snapshot: Date { Self.instant(snapshotMillis) }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
    static func instant(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    var encoded: String {
        ((try? JSONEncoder().encode(self)) ?? Data()).base64URLEncodedString()
    }

    static func decode(_ text: String) throws -> FeedCursor {
        guard let data = Data(base64URLEncoded: text), let cursor = try? JSONDecoder().decode(FeedCursor.self, from: data),
              cursor.score.isFinite
        else { throw PageCursor.invalid }
        return cursor
    }
}

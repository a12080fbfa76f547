import Foundation

/// Where a feed page stopped: the snapshot instant every score is measured from, the last
/// item's score and identity, and the search it belongs to (a cursor is only valid for the
/// same point and radius).
struct FeedCursor: Codable, Equatable {
    let snapshot: Date
    let score: Double
    let type: String
    let id: UUID
    let lat: Double
    let lon: Double
    let radiusKm: Double

    var encoded: String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return ((try? encoder.encode(self)) ?? Data()).base64URLEncodedString()
    }

    static func decode(_ text: String) throws -> FeedCursor {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        guard let data = Data(base64URLEncoded: text), let cursor = try? decoder.decode(FeedCursor.self, from: data),
              cursor.score.isFinite
        else { throw PageCursor.invalid }
        return cursor
    }

    /// Whether an item comes after this cursor in feed order (score, then type, then id).
    func precedes(score: Double, type: String, id: UUID) -> Bool {
        if score != self.score { return score > self.score }
        if type != self.type { return type > self.type }
        return id.uuidString > self.id.uuidString
    }
}

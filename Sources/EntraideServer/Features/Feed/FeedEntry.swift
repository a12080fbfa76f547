import Foundation
import SQLKit
import NIOConcurrencyHelpers
import EntraideCore

/// One open action or upcoming event as the feed reads it: what places and filters it, and
/// its card as the page shows it ("City (postal code)", never a point; the author as
/// "Marie D."). The distance is the only part of the card that depends on the search.
struct FeedEntry: Sendable {
    let type: String
    let id: UUID
    let lat: Double?
    let lon: Double?
    let online: Bool
    let createdAt: Date
    let authorID: UUID
    /// For an occurrence of a recurring event: its series and start.
    let series: UUID?
    let startsAt: Date?
    let endsAt: Date?
    let womenOnly: Bool
    let reservedGoal: String?
    /// The rest of the row, read into a card only if a page shows it: most entries of a
    /// cell in memory never reach a page.
    private let row: any SQLRow
    private let shown = Shown()

    /// Ties in the order and the cursor are broken by the id as text.
    var key: String { id.uuidString }

    /// The card without its distance, and as the API sends it (`FeedResult.json`): made the
    /// first time a page shows the entry, then kept with it.
    func card() throws -> FeedItemDTO { try shown.get(self).card }
    func json() throws -> [UInt8] { try shown.get(self).json }

    private static let encoder = JSONEncoder.custom(dates: .iso8601)

    /// Shared by the copies of an entry (a cell in memory is read by many searches at once).
    private final class Shown: Sendable {
        private let stored = NIOLockedValueBox<(card: FeedItemDTO, json: [UInt8])?>(nil)

        func get(_ entry: FeedEntry) throws -> (card: FeedItemDTO, json: [UInt8]) {
            if let made = stored.withLockedValue({ $0 }) { return made }
            let card = try entry.makeCard()
            let made = (card: card, json: Array(try FeedEntry.encoder.encode(card)))
            stored.withLockedValue { $0 = made }
            return made
        }
    }

    // MARK: Reading from the store

    /// The columns of an event and of its organiser, as `init(row:)` reads them.
    static let eventColumns: SQLQueryString = """
        SELECT 'event' AS type, e.id, e.lat, e.lon, e.created_at, e.title, e.city, e.postal_code,
               NULL AS kind, NULL AS category, e.online, e.series_id, e.starts_at, e.ends_at, e.time_zone, e.place_name,
               e.participant_count, e.capacity, e.sport_activity, e.women_only, e.reserved_goal,
               u.id AS author_id, u.first_name, u.last_name, u.anonymised_at
        """

    /// The same columns for an action and its author (events come first in a union: their
    /// typed columns give PostgreSQL the types of the actions' NULLs).
    static let actionColumns: SQLQueryString = """
        SELECT 'action' AS type, a.id, a.lat, a.lon, a.created_at, a.title, a.city, a.postal_code,
               a.kind, a.category, NULL AS online, NULL AS series_id, NULL AS starts_at, NULL AS ends_at, NULL AS time_zone,
               NULL AS place_name, NULL AS participant_count, NULL AS capacity, NULL AS sport_activity, NULL AS women_only,
               NULL AS reserved_goal, u.id AS author_id, u.first_name, u.last_name, u.anonymised_at
        """

    init(row: any SQLRow) throws {
        self.row = row
        type = try row.decode(column: "type", as: String.self)
        id = try row.decode(column: "id", as: UUID.self)
        lat = try row.decode(column: "lat", as: Double?.self)
        lon = try row.decode(column: "lon", as: Double?.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
        authorID = try row.decode(column: "author_id", as: UUID.self)
        guard type == "event" else {
            online = false
            series = nil
            startsAt = nil
            endsAt = nil
            womenOnly = false
            reservedGoal = nil
            return
        }
        online = try row.decode(column: "online", as: Bool.self)
        series = try row.decode(column: "series_id", as: UUID?.self)
        startsAt = try row.decode(column: "starts_at", as: Date.self)
        endsAt = try row.decode(column: "ends_at", as: Date.self)
        womenOnly = try row.decode(column: "women_only", as: Bool.self)
        reservedGoal = try row.decode(column: "reserved_goal", as: String?.self)
    }

    private func makeCard() throws -> FeedItemDTO {
        let author = MemberSummary(id: authorID, firstName: try row.decode(column: "first_name", as: String.self),
                                   lastName: try row.decode(column: "last_name", as: String.self),
                                   active: try row.decode(column: "anonymised_at", as: Date?.self) == nil)
        let title = try row.decode(column: "title", as: String.self)
        let city = try row.decode(column: "city", as: String?.self), postalCode = try row.decode(column: "postal_code", as: String?.self)
        guard type == "event", let startsAt, let endsAt else {
            return FeedItemDTO(type: type, id: id, title: title, place: PublicPlace.label(city: city, postalCode: postalCode),
                               distanceKm: nil, author: author, createdAt: createdAt,
                               action: .init(kind: try row.decode(column: "kind", as: String.self),
                                             category: try row.decode(column: "category", as: String.self)),
                               event: nil)
        }
        let zoneName = try row.decode(column: "time_zone", as: String.self)
        let zone = TimeZone(identifier: zoneName) ?? TimeZone(identifier: "Europe/Paris")!
        let capacity = try row.decode(column: "capacity", as: Int?.self)
        let count = try row.decode(column: "participant_count", as: Int.self)
        let event = FeedItemDTO.EventPart(
            startsAt: startsAt, endsAt: endsAt, startsAtLocal: OutingDTO.local(startsAt, in: zone), timeZone: zoneName, online: online,
            placeName: try row.decode(column: "place_name", as: String?.self), participantCount: count,
            capacity: capacity, full: capacity.map { count >= $0 } ?? false,
            sportActivity: try row.decode(column: "sport_activity", as: String?.self))
        return FeedItemDTO(type: type, id: id, title: title, place: online ? nil : PublicPlace.label(city: city, postalCode: postalCode),
                           distanceKm: nil, author: author, createdAt: createdAt, action: nil, event: event)
    }

    /// Whether this member may see it: not from a member blocked either way; women-only
    /// events for women; events reserved to a goal for members with that goal.
    func isShown(to viewer: User, hiding hidden: Set<UUID>) -> Bool {
        if hidden.contains(authorID) { return false }
        if womenOnly && !viewer.isWoman { return false }
        if let reservedGoal, reservedGoal != viewer.goal { return false }
        return true
    }
}

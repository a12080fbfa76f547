import Foundation
import Fluent
import SQLKit
import EntraideCore

/// One window of the feed read in one query: the located events, the online events and the
/// open actions that can score at most `threshold`, each with what the page shows of it and
/// of its author. A search usually reads a single window (`FeedHints`), so it costs the
/// member's session lookup and this query.
///
/// Each part reads its partial index (`*_cell_idx` for a small box, `*_feed_idx` by age for
/// a large one, `events_online_idx`): an index is only usable when the query repeats its
/// conditions word for word, so status, moderation and `online` are literals.
struct FeedWindow {
    let threshold: Double
    let center: GeoPoint
    let radiusKm: Double
    let snapshot: Date
    let now: Date
    let viewer: User
    let postgres: Bool

    var reach: Double { min(threshold, radiusKm) }
    var box: (minLat: Double, maxLat: Double, minLon: Double, maxLon: Double) { FeedRanking.boundingBox(around: center, km: reach) }
    var oldest: Date { threshold.isFinite ? snapshot.addingTimeInterval(-threshold * 86_400) : Date(timeIntervalSince1970: 0) }
    /// The grid cells under the box, or nil when there are too many (or no bound at all).
    var cells: [Int]? {
        guard threshold.isFinite else { return nil }
        let box = box
        return FeedGrid.cells(minLat: box.minLat, maxLat: box.maxLat, minLon: box.minLon, maxLon: box.maxLon)
    }

    // MARK: The query

    var sql: SQLQueryString {
        let cells = cells
        let viewerID = viewer.id ?? UUID()
        // Members blocked either way are hidden both ways.
        return """
        WITH hidden AS (
            SELECT blocked_id AS other FROM blocks WHERE blocker_id = \(bind: viewerID)
            UNION ALL SELECT blocker_id AS other FROM blocks WHERE blocked_id = \(bind: viewerID))
        \(locatedEvents(cells))
        UNION ALL
        \(onlineEvents)
        UNION ALL
        \(actions(cells))
        """
    }

    /// The event columns and the author's, shared by both event parts.
    private static let eventColumns: SQLQueryString = """
        SELECT 'event' AS type, e.id, e.lat, e.lon, e.created_at, e.title, e.city, e.postal_code,
               NULL AS kind, NULL AS category, e.online, e.series_id, e.starts_at, e.ends_at, e.time_zone, e.place_name,
               e.participant_count, e.capacity, e.sport_activity,
               u.id AS author_id, u.first_name, u.last_name, u.anonymised_at
        """

    private func locatedEvents(_ cells: [Int]?) -> SQLQueryString {
        let source: SQLQueryString = cells != nil && !postgres ? "events e INDEXED BY events_cell_idx" : "events e"
        return """
        \(Self.eventColumns)
        FROM \(source) JOIN users u ON u.id = e.organiser_id
        WHERE e.status = 'scheduled' AND e.moderation = 'visible' \(inCells("e", cells))
          \(period("e")) AND e.ends_at > \(bind: now)
          \(inBox("e"))
          \(eligible)
          AND e.organiser_id NOT IN (SELECT other FROM hidden)
        """
    }

    /// Online events have no place: every search sees them, ranked as if 5 km away.
    private var onlineEvents: SQLQueryString {
        """
        \(Self.eventColumns)
        FROM events e JOIN users u ON u.id = e.organiser_id
        WHERE e.status = 'scheduled' AND e.moderation = 'visible' AND e.online = TRUE
          \(period("e")) AND e.ends_at > \(bind: now)
          \(eligible)
          AND e.organiser_id NOT IN (SELECT other FROM hidden)
        """
    }

    private func actions(_ cells: [Int]?) -> SQLQueryString {
        let source: SQLQueryString = cells != nil && !postgres ? "actions a INDEXED BY actions_cell_idx" : "actions a"
        return """
        SELECT 'action' AS type, a.id, a.lat, a.lon, a.created_at, a.title, a.city, a.postal_code,
               a.kind, a.category, NULL AS online, NULL AS series_id, NULL AS starts_at, NULL AS ends_at, NULL AS time_zone,
               NULL AS place_name, NULL AS participant_count, NULL AS capacity, NULL AS sport_activity,
               u.id AS author_id, u.first_name, u.last_name, u.anonymised_at
        FROM \(source) JOIN users u ON u.id = a.author_id
        WHERE a.status = 'open' AND a.moderation = 'visible' \(inCells("a", cells))
          \(period("a"))
          \(inBox("a"))
          AND a.author_id NOT IN (SELECT other FROM hidden)
        """
    }

    private func inCells(_ table: String, _ cells: [Int]?) -> SQLQueryString {
        cells.map { "AND \(unsafeRaw: table).cell IN (\(binds: $0))" } ?? ""
    }

    private func period(_ table: String) -> SQLQueryString {
        "AND \(unsafeRaw: table).created_at >= \(bind: oldest) AND \(unsafeRaw: table).created_at <= \(bind: snapshot)"
    }

    /// Within the box, only rows that can score under the threshold: a planar distance
    /// (exact enough at these scales, with a margin; the exact score is computed afterwards)
    /// no further than the threshold minus the age in days, and than the reach. Rows of the
    /// box's corners and old items far away are not even read.
    private func inBox(_ t: String) -> SQLQueryString {
        let box = box
        let bounds: SQLQueryString = """
            AND \(unsafeRaw: t).lat >= \(bind: box.minLat) AND \(unsafeRaw: t).lat <= \(bind: box.maxLat)
            AND \(unsafeRaw: t).lon >= \(bind: box.minLon) AND \(unsafeRaw: t).lon <= \(bind: box.maxLon)
            """
        guard threshold.isFinite else { return bounds }
        let kx = 111.32 * cos(center.lat * .pi / 180), ky = 111.0
        let epoch: SQLQueryString = postgres ? "EXTRACT(EPOCH FROM \(unsafeRaw: t).created_at)" : "\(unsafeRaw: t).created_at"
        let distance: SQLQueryString = """
            ((\(unsafeRaw: t).lat - \(bind: center.lat)) * \(bind: ky)) * ((\(unsafeRaw: t).lat - \(bind: center.lat)) * \(bind: ky))
            + ((\(unsafeRaw: t).lon - \(bind: center.lon)) * \(bind: kx)) * ((\(unsafeRaw: t).lon - \(bind: center.lon)) * \(bind: kx))
            """
        let slack = threshold * 1.01 + 0.05
        let left: SQLQueryString = "(\(bind: slack) - (\(bind: snapshot.timeIntervalSince1970) - \(epoch)) / 86400.0)"
        let reachSquared = pow(reach * 1.01 + 0.05, 2)
        return "\(bounds) AND \(distance) <= \(bind: reachSquared) AND \(distance) <= \(left) * \(left)"
    }

    /// Women-only events for women, events reserved to a goal for members with that goal.
    private var eligible: SQLQueryString {
        let women: SQLQueryString = viewer.isWoman ? "" : "AND e.women_only = \(bind: false)"
        return "\(women) AND (e.reserved_goal IS NULL OR e.reserved_goal = \(bind: viewer.goal))"
    }

    // MARK: Reading the rows

    /// An item of the window, scored; its card is built only if it makes the page.
    struct Item {
        let type: String
        let id: UUID
        let score: Double
        let distanceKm: Double?
        /// The id as text, made once: it breaks ties in the order and in the cursor.
        let key: String
        /// For an occurrence of a recurring event: its series and start.
        let series: UUID?
        let startsAt: Date?
        let createdAt: Date
        let row: any SQLRow
    }

    /// Scores a row; drops a located item out of reach (online events have no reach).
    func item(_ row: any SQLRow) throws -> Item? {
        let type = try row.decode(column: "type", as: String.self)
        let event = type == "event"
        let online = event ? try row.decode(column: "online", as: Bool.self) : false
        var distance: Double?
        if !online, let lat = try row.decode(column: "lat", as: Double?.self), let lon = try row.decode(column: "lon", as: Double?.self) {
            let km = GeoPoint(lat: lat, lon: lon).distance(to: center) / 1000
            if km <= radiusKm { distance = km }
        }
        if distance == nil && !online { return nil }
        let id = try row.decode(column: "id", as: UUID.self)
        let createdAt = try row.decode(column: "created_at", as: Date.self)
        let score = FeedRanking.score(distanceKm: distance ?? FeedRanking.onlineDistanceKm, createdAt: createdAt, snapshot: snapshot)
        return Item(type: type, id: id, score: score, distanceKm: distance, key: id.uuidString,
                    series: event ? try row.decode(column: "series_id", as: UUID?.self) : nil,
                    startsAt: event ? try row.decode(column: "starts_at", as: Date.self) : nil,
                    createdAt: createdAt, row: row)
    }

    /// What the page shows of an item: "City (postal code)", never a point; the author as
    /// "Marie D."; the distance to a tenth of a kilometre.
    static func card(_ item: Item) throws -> FeedItemDTO {
        let row = item.row
        let online = item.type == "event" ? try row.decode(column: "online", as: Bool.self) : false
        let author = MemberSummary(id: try row.decode(column: "author_id", as: UUID.self),
                                   firstName: try row.decode(column: "first_name", as: String.self),
                                   lastName: try row.decode(column: "last_name", as: String.self),
                                   active: try row.decode(column: "anonymised_at", as: Date?.self) == nil)
        let place = online ? nil : PublicPlace.label(city: try row.decode(column: "city", as: String?.self),
                                                     postalCode: try row.decode(column: "postal_code", as: String?.self))
        let distance = item.distanceKm.map { ($0 * 10).rounded() / 10 }
        let title = try row.decode(column: "title", as: String.self)
        guard item.type == "event", let startsAt = item.startsAt else {
            return FeedItemDTO(type: item.type, id: item.id, title: title, place: place, distanceKm: distance, author: author,
                               createdAt: item.createdAt,
                               action: .init(kind: try row.decode(column: "kind", as: String.self),
                                             category: try row.decode(column: "category", as: String.self)),
                               event: nil)
        }
        let zoneName = try row.decode(column: "time_zone", as: String.self)
        let zone = TimeZone(identifier: zoneName) ?? TimeZone(identifier: "Europe/Paris")!
        let capacity = try row.decode(column: "capacity", as: Int?.self)
        let count = try row.decode(column: "participant_count", as: Int.self)
        let event = FeedItemDTO.EventPart(
            startsAt: startsAt, endsAt: try row.decode(column: "ends_at", as: Date.self),
            startsAtLocal: OutingDTO.local(startsAt, in: zone), timeZone: zoneName, online: online,
            placeName: try row.decode(column: "place_name", as: String?.self), participantCount: count,
            capacity: capacity, full: capacity.map { count >= $0 } ?? false,
            sportActivity: try row.decode(column: "sport_activity", as: String?.self))
        return FeedItemDTO(type: item.type, id: item.id, title: title, place: place, distanceKm: distance, author: author,
                           createdAt: item.createdAt, action: nil, event: event)
    }
}

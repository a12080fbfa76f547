import Vapor
import Fluent
import SQLKit
import EntraideCore

/// The nearby feed: open actions and upcoming events around a point, nearest and newest
/// first (`FeedRanking`), 20 a page.
///
/// Every item scoring at most T lies within T km and T days, so each page reads a window of
/// the partial feed indexes (`actions_feed_idx`, `events_feed_idx`: age, then position)
/// and widens it until a page is full: a dense city answers from the last days, a quiet
/// area widens to older items. Scores are then computed exactly here, in Swift.
enum FeedService {
    struct Candidate {
        let type: String
        let id: UUID
        let score: Double
        let distanceKm: Double?
        /// The id as text, made once: it breaks ties in the order and in the cursor.
        let key: String
        /// For an occurrence of a recurring event: its series and start.
        var series: UUID? = nil
        var startsAt: Date? = nil
    }

    struct Search {
        let center: GeoPoint
        let radiusKm: Double
        let cursor: FeedCursor?
    }

    static func page(_ search: Search, viewer: User, on database: any Database, now: Date = Date()) async throws -> Page<FeedItemDTO> {
        let snapshot = search.cursor?.snapshot ?? FeedCursor.instant(FeedCursor.millis(now))
        let hidden = Array(try await BlockService.hiddenMembers(for: viewer.requireID(), on: database))
        // Feed order is (score, type, id): a page starts strictly after the cursor's item.
        let after = search.cursor.map { (score: $0.score, type: $0.type, key: $0.id.uuidString) }
        var picked: [Candidate] = []
        var threshold = (search.cursor?.score ?? 0) + FeedRanking.firstWindow
        while true {
            let candidates = try await window(threshold, search, snapshot: snapshot, now: now, viewer: viewer, hidden: hidden, on: database)
            picked = candidates
                .filter { item in item.score <= threshold && (after.map { (item.score, item.type, item.key) > $0 } ?? true) }
                .sorted { ($0.score, $0.type, $0.key) < ($1.score, $1.type, $1.key) }
            if picked.count > FeedRanking.pageSize || !threshold.isFinite { break }
            threshold = FeedRanking.widen(threshold, found: picked.count)
        }
        let page = Array(picked.prefix(FeedRanking.pageSize))
        let next = picked.count > FeedRanking.pageSize ? page.last.map {
            FeedCursor(snapshotMillis: FeedCursor.millis(snapshot), score: $0.score, type: $0.type, id: $0.id,
                       lat: search.center.lat, lon: search.center.lon, radiusKm: search.radiusKm).encoded
        } : nil
        return Page(items: try await details(page, on: database), nextCursor: next)
    }

    /// Open actions and upcoming events created in the last `threshold` days (all of them
    /// once the threshold is infinite), within `threshold` km (at most the radius), scored.
    static func window(_ threshold: Double, _ search: Search, snapshot: Date, now: Date, viewer: User, hidden: [UUID],
                       on database: any Database) async throws -> [Candidate] {
        let reach = min(threshold, search.radiusKm)
        let box = FeedRanking.boundingBox(around: search.center, km: reach)
        let oldest = threshold.isFinite ? snapshot.addingTimeInterval(-threshold * 86_400) : Date(timeIntervalSince1970: 0)
        let cone = Cone(center: search.center, reach: reach, threshold: threshold, snapshot: snapshot, postgres: database.isPostgres)
        let cells = threshold.isFinite ? FeedGrid.cells(minLat: box.minLat, maxLat: box.maxLat, minLon: box.minLon, maxLon: box.maxLon) : nil
        let actions = try await database.sql.raw(actionsWindow(box: box, from: oldest, to: snapshot, hidden: hidden, cone: cone,
                                                               cells: cells, sqlite: !database.isPostgres)).all()
        let events = try await database.sql.raw(eventsWindow(box: box, from: oldest, to: snapshot, now: now, viewer: viewer, hidden: hidden, cone: cone)).all()
        let occurrences = try events.compactMap { try candidate($0, type: "event", search, snapshot: snapshot) }
        return try actions.compactMap { try candidate($0, type: "action", search, snapshot: snapshot) } + nextOccurrences(occurrences)
    }

    /// A recurring event shows once, as its next occurrence: the occurrences share their
    /// place and creation date, so they would otherwise fill a page with one event.
    static func nextOccurrences(_ events: [Candidate]) -> [Candidate] {
        var next: [UUID: Candidate] = [:]
        var single: [Candidate] = []
        for event in events {
            guard let series = event.series, let start = event.startsAt else { single.append(event); continue }
            if let kept = next[series], let keptStart = kept.startsAt, keptStart <= start { continue }
            next[series] = event
        }
        return single + next.values
    }

    typealias Box = (minLat: Double, maxLat: Double, minLon: Double, maxLon: Double)

    /// The status and moderation terms are literals: a partial index is only usable when the
    /// query repeats its conditions word for word.
    /// Within the box, only rows that can score under the threshold come back: a planar
    /// distance (exact enough at these scales, with a margin; the exact score is computed
    /// afterwards) no further than the threshold minus the age in days, and than the reach.
    /// Rows of the box's corners and of old items far away are not even decoded.
    struct Cone {
        let center: GeoPoint
        let reach: Double
        let threshold: Double
        let snapshot: Date
        let postgres: Bool

        var sql: SQLQueryString {
            guard threshold.isFinite else { return "" }
            let kx = 111.32 * cos(center.lat * .pi / 180), ky = 111.0
            let epoch: SQLQueryString = postgres ? "EXTRACT(EPOCH FROM created_at)" : "created_at"
            let distance: SQLQueryString = """
                ((lat - \(bind: center.lat)) * \(bind: ky)) * ((lat - \(bind: center.lat)) * \(bind: ky))
                + ((lon - \(bind: center.lon)) * \(bind: kx)) * ((lon - \(bind: center.lon)) * \(bind: kx))
                """
            let slack = threshold * 1.01 + 0.05
            let left: SQLQueryString = "(\(bind: slack) - (\(bind: snapshot.timeIntervalSince1970) - \(epoch)) / 86400.0)"
            let reachSquared = pow(reach * 1.01 + 0.05, 2)
            return "AND \(distance) <= \(bind: reachSquared) AND \(distance) <= \(left) * \(left)"
        }
    }

    /// A small box reads the cells under it from `actions_cell_idx` (SQLite is told so: its
    /// planner, without a cost model for IN lists, would take the age index); a large one
    /// reads `actions_feed_idx` by age.
    static func actionsWindow(box: Box, from oldest: Date, to snapshot: Date, hidden: [UUID], cone: Cone? = nil,
                              cells: [Int]? = nil, sqlite: Bool = false) -> SQLQueryString {
        let source: SQLQueryString = cells != nil && sqlite ? "actions INDEXED BY actions_cell_idx" : "actions"
        let inCells: SQLQueryString = cells.map { "AND cell IN (\(binds: $0))" } ?? ""
        return """
        SELECT id, lat, lon, created_at FROM \(source)
        WHERE status = 'open' AND moderation = 'visible' \(inCells)
          AND created_at >= \(bind: oldest) AND created_at <= \(bind: snapshot)
          AND lat >= \(bind: box.minLat) AND lat <= \(bind: box.maxLat)
          AND lon >= \(bind: box.minLon) AND lon <= \(bind: box.maxLon)
          \(cone?.sql ?? "")
          \(hiddenClause("author_id", hidden))
        """
    }

    static func eventsWindow(box: Box, from oldest: Date, to snapshot: Date, now: Date, viewer: User, hidden: [UUID], cone: Cone? = nil) -> SQLQueryString {
        """
        SELECT id, lat, lon, online, series_id, starts_at, created_at FROM events
        WHERE status = 'scheduled' AND moderation = 'visible'
          AND created_at >= \(bind: oldest) AND created_at <= \(bind: snapshot)
          AND ends_at > \(bind: now)
          AND (online = \(bind: true) OR (lat >= \(bind: box.minLat) AND lat <= \(bind: box.maxLat)
               AND lon >= \(bind: box.minLon) AND lon <= \(bind: box.maxLon) \(cone?.sql ?? "")))
          \(viewer.isWoman ? "" : SQLQueryString("AND women_only = \(bind: false)"))
          AND (reserved_goal IS NULL OR reserved_goal = \(bind: viewer.goal))
          \(hiddenClause("organiser_id", hidden))
        """
    }

    private static func hiddenClause(_ column: String, _ hidden: [UUID]) -> SQLQueryString {
        hidden.isEmpty ? "" : "AND \(ident: column) NOT IN (\(binds: hidden))"
    }

    /// Scores a row; drops a located item out of reach (online events have no reach).
    private static func candidate(_ row: any SQLRow, type: String, _ search: Search, snapshot: Date) throws -> Candidate? {
        let id = try row.decode(column: "id", as: UUID.self)
        let createdAt = try row.decode(column: "created_at", as: Date.self)
        let online = type == "event" ? try row.decode(column: "online", as: Bool.self) : false
        var distance: Double?
        if let lat = try row.decode(column: "lat", as: Double?.self), let lon = try row.decode(column: "lon", as: Double?.self) {
            let km = GeoPoint(lat: lat, lon: lon).distance(to: search.center) / 1000
            if km <= search.radiusKm { distance = km }
        }
        if distance == nil && !online { return nil }
        let score = FeedRanking.score(distanceKm: distance ?? FeedRanking.onlineDistanceKm, createdAt: createdAt, snapshot: snapshot)
        var result = Candidate(type: type, id: id, score: score, distanceKm: distance, key: id.uuidString)
        if type == "event" {
            result.series = try row.decode(column: "series_id", as: UUID?.self)
            result.startsAt = try row.decode(column: "starts_at", as: Date.self)
        }
        return result
    }

    /// Loads the page's items, keeping the page's order: one query per kind, joined with
    /// the author, read column by column (Fluent's reflective decoding of two models per
    /// item cost more than the whole window search).
    private static func details(_ page: [Candidate], on database: any Database) async throws -> [FeedItemDTO] {
        let actionIDs = page.filter { $0.type == "action" }.map(\.id)
        let eventIDs = page.filter { $0.type == "event" }.map(\.id)
        var items: [UUID: FeedItemDTO] = [:]
        let distances = Dictionary(page.map { ($0.id, $0.distanceKm.map { ($0 * 10).rounded() / 10 }) }, uniquingKeysWith: { a, _ in a })
        if !actionIDs.isEmpty {
            let rows = try await database.sql.raw("""
                SELECT a.id, a.title, a.kind, a.category, a.city, a.postal_code, a.created_at,
                       u.id AS author_id, u.first_name, u.last_name, u.anonymised_at
                FROM actions a JOIN users u ON u.id = a.author_id WHERE a.id IN (\(binds: actionIDs))
                """).all()
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                items[id] = FeedItemDTO(
                    type: "action", id: id, title: try row.decode(column: "title", as: String.self),
                    place: PublicPlace.label(city: try row.decode(column: "city", as: String?.self), postalCode: try row.decode(column: "postal_code", as: String?.self)),
                    distanceKm: distances[id] ?? nil, author: try author(row), createdAt: try row.decode(column: "created_at", as: Date.self),
                    action: .init(kind: try row.decode(column: "kind", as: String.self), category: try row.decode(column: "category", as: String.self)),
                    event: nil)
            }
        }
        if !eventIDs.isEmpty {
            let rows = try await database.sql.raw("""
                SELECT e.id, e.title, e.online, e.city, e.postal_code, e.created_at, e.starts_at, e.ends_at, e.time_zone,
                       e.place_name, e.participant_count, e.capacity, e.sport_activity,
                       u.id AS author_id, u.first_name, u.last_name, u.anonymised_at
                FROM events e JOIN users u ON u.id = e.organiser_id WHERE e.id IN (\(binds: eventIDs))
                """).all()
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let online = try row.decode(column: "online", as: Bool.self)
                let startsAt = try row.decode(column: "starts_at", as: Date.self)
                let zoneName = try row.decode(column: "time_zone", as: String.self)
                let zone = TimeZone(identifier: zoneName) ?? TimeZone(identifier: "Europe/Paris")!
                let capacity = try row.decode(column: "capacity", as: Int?.self)
                let count = try row.decode(column: "participant_count", as: Int.self)
                items[id] = FeedItemDTO(
                    type: "event", id: id, title: try row.decode(column: "title", as: String.self),
                    place: online ? nil : PublicPlace.label(city: try row.decode(column: "city", as: String?.self),
                                                            postalCode: try row.decode(column: "postal_code", as: String?.self)),
                    distanceKm: distances[id] ?? nil, author: try author(row), createdAt: try row.decode(column: "created_at", as: Date.self),
                    action: nil,
                    event: .init(startsAt: startsAt, endsAt: try row.decode(column: "ends_at", as: Date.self),
                                 startsAtLocal: OutingDTO.local(startsAt, in: zone), timeZone: zoneName, online: online,
                                 placeName: try row.decode(column: "place_name", as: String?.self), participantCount: count,
                                 capacity: capacity, full: capacity.map { count >= $0 } ?? false,
                                 sportActivity: try row.decode(column: "sport_activity", as: String?.self)))
            }
        }
        return page.compactMap { items[$0.id] }
    }

    /// The author as every list shows them: "Marie D.", never the family name.
    private static func author(_ row: any SQLRow) throws -> MemberSummary {
        let user = User()
        user.id = try row.decode(column: "author_id", as: UUID.self)
        user.firstName = try row.decode(column: "first_name", as: String.self)
        user.lastName = try row.decode(column: "last_name", as: String.self)
        user.anonymisedAt = try row.decode(column: "anonymised_at", as: Date?.self)
        return try MemberSummary(user)
    }
}

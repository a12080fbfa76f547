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
        for threshold in FeedRanking.windows(startingAt: (search.cursor?.score ?? 0) + 2) {
            let candidates = try await window(threshold, search, snapshot: snapshot, now: now, viewer: viewer, hidden: hidden, on: database)
            picked = candidates
                .filter { item in item.score <= threshold && (after.map { (item.score, item.type, item.key) > $0 } ?? true) }
                .sorted { ($0.score, $0.type, $0.key) < ($1.score, $1.type, $1.key) }
            if picked.count > FeedRanking.pageSize { break }
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
        let actions = try await database.sql.raw(actionsWindow(box: box, from: oldest, to: snapshot, hidden: hidden)).all()
        let events = try await database.sql.raw(eventsWindow(box: box, from: oldest, to: snapshot, now: now, viewer: viewer, hidden: hidden)).all()
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
    static func actionsWindow(box: Box, from oldest: Date, to snapshot: Date, hidden: [UUID]) -> SQLQueryString {
        """
        SELECT id, lat, lon, created_at FROM actions
        WHERE status = 'open' AND moderation = 'visible'
          AND created_at >= \(bind: oldest) AND created_at <= \(bind: snapshot)
          AND lat >= \(bind: box.minLat) AND lat <= \(bind: box.maxLat)
          AND lon >= \(bind: box.minLon) AND lon <= \(bind: box.maxLon)
          \(hiddenClause("author_id", hidden))
        """
    }

    static func eventsWindow(box: Box, from oldest: Date, to snapshot: Date, now: Date, viewer: User, hidden: [UUID]) -> SQLQueryString {
        """
        SELECT id, lat, lon, online, series_id, starts_at, created_at FROM events
        WHERE status = 'scheduled' AND moderation = 'visible'
          AND created_at >= \(bind: oldest) AND created_at <= \(bind: snapshot)
          AND ends_at > \(bind: now)
          AND (online = \(bind: true) OR (lat >= \(bind: box.minLat) AND lat <= \(bind: box.maxLat)
               AND lon >= \(bind: box.minLon) AND lon <= \(bind: box.maxLon)))
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

    /// Loads the page's items, keeping the page's order.
    private static func details(_ page: [Candidate], on database: any Database) async throws -> [FeedItemDTO] {
        let actionIDs = page.filter { $0.type == "action" }.map(\.id)
        let eventIDs = page.filter { $0.type == "event" }.map(\.id)
        let actions = actionIDs.isEmpty ? [] : try await HelpAction.query(on: database).filter(\.$id ~~ actionIDs).with(\.$author).all()
        let events = eventIDs.isEmpty ? [] : try await Outing.query(on: database).filter(\.$id ~~ eventIDs).with(\.$organiser).all()
        let actionsByID = Dictionary(uniqueKeysWithValues: actions.map { ($0.id!, $0) })
        let eventsByID = Dictionary(uniqueKeysWithValues: events.map { ($0.id!, $0) })
        return try page.compactMap { candidate in
            let distance = candidate.distanceKm.map { ($0 * 10).rounded() / 10 }
            if let action = actionsByID[candidate.id], candidate.type == "action" {
                return FeedItemDTO(type: "action", id: candidate.id, title: action.title,
                                   place: PublicPlace.label(city: action.city, postalCode: action.postalCode),
                                   distanceKm: distance, author: try MemberSummary(action.author), createdAt: action.createdAt,
                                   action: .init(kind: action.kind, category: action.category), event: nil)
            }
            if let outing = eventsByID[candidate.id], candidate.type == "event" {
                return FeedItemDTO(type: "event", id: candidate.id, title: outing.title,
                                   place: outing.online ? nil : PublicPlace.label(city: outing.city, postalCode: outing.postalCode),
                                   distanceKm: outing.online && candidate.distanceKm == nil ? nil : distance,
                                   author: try MemberSummary(outing.organiser), createdAt: outing.createdAt, action: nil,
                                   event: .init(startsAt: outing.startsAt, endsAt: outing.endsAt,
                                                startsAtLocal: OutingDTO.local(outing.startsAt, in: outing.zone), timeZone: outing.timeZone,
                                                online: outing.online, placeName: outing.placeName, participantCount: outing.participantCount,
                                                capacity: outing.capacity, full: outing.isFull, sportActivity: outing.sportActivity))
            }
            return nil
        }
    }
}

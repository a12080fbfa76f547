import Foundation
import Fluent
import SQLKit
import EntraideCore

/// One window of the feed: the open actions and upcoming events that can score at most
/// `threshold`. Every item scoring at most T lies within T km and T days.
///
/// A small window (a few grid cells under its box) is read from `FeedCellCache`; a large one
/// from the store in one query (`sql`) whose parts each read their partial index:
/// `*_feed_idx` by age, `events_online_idx` for online events. An index is only usable when
/// the query repeats its conditions word for word, so status, moderation and `online` are
/// literals. Both ways end in `item(_:)`, which scores and filters in Swift.
struct FeedWindow {
    let threshold: Double
    let center: GeoPoint
    let radiusKm: Double
    let snapshot: Date
    let now: Date
    let viewer: User
    let hidden: Set<UUID>
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

    // MARK: Scoring

    /// An item of the window, scored.
    struct Item {
        let entry: FeedEntry
        let score: Double
        let distanceKm: Double?
        var type: String { entry.type }
        var key: String { entry.key }

        /// Feed order: score, then type, then id as text (only made for a tie: formatting
        /// ids in every comparison was the feed's costliest step).
        static func precedes(_ a: Item, _ b: Item) -> Bool {
            if a.score != b.score { return a.score < b.score }
            if a.type != b.type { return a.type < b.type }
            return a.key < b.key
        }

        /// The distance shown: to a tenth of a kilometre.
        var shownDistanceKm: Double? { distanceKm.map { ($0 * 10).rounded() / 10 } }

        /// The card with this search's distance.
        func card() throws -> FeedItemDTO {
            var card = try entry.card()
            card.distanceKm = shownDistanceKm
            return card
        }
    }

    /// Scores an entry, or drops it: out of the window's period, over, out of reach (online
    /// events have no reach), or not for this member.
    func item(_ entry: FeedEntry) -> Item? {
        guard entry.createdAt >= oldest, entry.createdAt <= snapshot else { return nil }
        if let ends = entry.endsAt, ends <= now { return nil }
        guard entry.isShown(to: viewer, hiding: hidden) else { return nil }
        var distance: Double?
        if !entry.online {
            guard let lat = entry.lat, let lon = entry.lon else { return nil }
            let km = GeoPoint(lat: lat, lon: lon).distance(to: center) / 1000
            guard km <= radiusKm else { return nil }
            distance = km
        }
        let score = FeedRanking.score(distanceKm: distance ?? FeedRanking.onlineDistanceKm, createdAt: entry.createdAt, snapshot: snapshot)
        guard score <= threshold else { return nil }
        return Item(entry: entry, score: score, distanceKm: distance)
    }

    // MARK: A large window, from the store

    var sql: SQLQueryString {
        """
        \(FeedEntry.eventColumns)
        FROM events e JOIN users u ON u.id = e.organiser_id
        WHERE e.status = 'scheduled' AND e.moderation = 'visible'
          \(period("e")) AND e.ends_at > \(bind: now)
          \(inBox("e"))
          \(eligible) \(notHidden("e.organiser_id"))
        UNION ALL
        \(FeedEntry.eventColumns)
        FROM events e JOIN users u ON u.id = e.organiser_id
        WHERE e.status = 'scheduled' AND e.moderation = 'visible' AND e.online = TRUE
          \(period("e")) AND e.ends_at > \(bind: now)
          \(eligible) \(notHidden("e.organiser_id"))
        UNION ALL
        \(FeedEntry.actionColumns)
        FROM actions a JOIN users u ON u.id = a.author_id
        WHERE a.status = 'open' AND a.moderation = 'visible'
          \(period("a"))
          \(inBox("a"))
          \(notHidden("a.author_id"))
        """
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

    private func notHidden(_ column: String) -> SQLQueryString {
        hidden.isEmpty ? "" : "AND \(unsafeRaw: column) NOT IN (\(binds: Array(hidden)))"
    }
}

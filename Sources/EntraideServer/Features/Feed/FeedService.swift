import Vapor
import Fluent
import SQLKit
import EntraideCore

/// The nearby feed: open actions and upcoming events around a point, nearest and newest
/// first (`FeedRanking`), 20 a page.
///
/// Every item scoring at most T lies within T km and T days, so each page reads a window
/// (`FeedWindow`) and widens it until a page is full: a dense city answers from the last
/// days, a quiet area widens to older items. A small window is read from the cells kept in
/// memory (`FeedCellCache`), a large one from the store; scores are computed in Swift, and
/// the window a page needed is remembered for the next search nearby (`FeedHints`).
enum FeedService {
    struct Search {
        let center: GeoPoint
        let radiusKm: Double
        let cursor: FeedCursor?
    }

    static func page(_ search: Search, viewer: User, on database: any Database, hints: FeedHints, cache: FeedCellCache,
                     now: Date = Date()) async throws -> FeedResult {
        let snapshot = search.cursor?.snapshot ?? FeedCursor.instant(FeedCursor.millis(now))
        let hidden = try await BlockService.hiddenMembers(for: viewer.requireID(), on: database)
        // Feed order is (score, type, id): a page starts strictly after the cursor's item.
        let after = search.cursor.map { (score: $0.score, type: $0.type, key: $0.id.uuidString) }
        func follows(_ item: FeedWindow.Item) -> Bool {
            guard let after else { return true }
            if item.score != after.score { return item.score > after.score }
            if item.type != after.type { return item.type > after.type }
            return item.key > after.key
        }
        let base = search.cursor?.score ?? 0
        let area = FeedHints.area(search)
        var picked: [FeedWindow.Item] = []
        var threshold = base + hints.startWidth(for: area)
        while true {
            let window = FeedWindow(threshold: threshold, center: search.center, radiusKm: search.radiusKm, snapshot: snapshot,
                                    now: now, viewer: viewer, hidden: hidden, postgres: database.isPostgres)
            let items: [FeedWindow.Item]
            if let cells = window.cells, FeedCellCache.covers(window.oldest, now: now) {
                let oldest = window.oldest
                items = try await cache.entries(in: cells, on: database, now: now)
                    .flatMap { $0.prefix { $0.createdAt >= oldest }.compactMap(window.item) }
            } else {
                items = try await database.sql.raw(window.sql).all().map(FeedEntry.init(row:)).compactMap(window.item)
            }
            picked = nextOccurrences(items)
                .filter(follows)
                .sorted(by: FeedWindow.Item.precedes)
            if picked.count > FeedRanking.pageSize || !threshold.isFinite { break }
            threshold = FeedRanking.widen(threshold, found: picked.count)
        }
        if picked.count > FeedRanking.pageSize { hints.record(picked[FeedRanking.pageSize].score - base, for: area) }
        let page = Array(picked.prefix(FeedRanking.pageSize))
        let next = picked.count > FeedRanking.pageSize ? page.last.map {
            FeedCursor(snapshotMillis: FeedCursor.millis(snapshot), score: $0.score, type: $0.type, id: $0.entry.id,
                       lat: search.center.lat, lon: search.center.lon, radiusKm: search.radiusKm).encoded
        } : nil
        return FeedResult(items: page, nextCursor: next)
    }

    /// A recurring event shows once, as its next occurrence: the occurrences share their
    /// place and creation date, so they would otherwise fill a page with one event.
    static func nextOccurrences(_ items: [FeedWindow.Item]) -> [FeedWindow.Item] {
        var next: [UUID: FeedWindow.Item] = [:]
        var single: [FeedWindow.Item] = []
        for item in items {
            guard let series = item.entry.series, let start = item.entry.startsAt else { single.append(item); continue }
            if let kept = next[series], let keptStart = kept.entry.startsAt, keptStart <= start { continue }
            next[series] = item
        }
        return single + next.values
    }
}

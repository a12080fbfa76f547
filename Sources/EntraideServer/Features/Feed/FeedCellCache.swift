import Vapor
import Fluent
import SQLKit
import NIOConcurrencyHelpers
import EntraideCore

/// The feed items of each grid cell (`FeedGrid`) and the online events, kept in memory for a
/// few seconds: members around one place read the same cells, so a search in a busy city
/// scores items already in memory instead of asking the store again.
///
/// Freshness: any action or event written through this process empties the cache at once
/// (`FeedCacheInvalidation`); what changes elsewhere (another instance, a direct SQL update
/// such as a participant count) shows once the cell is read again: `lifetime` after the last
/// read, plus the time of the background read that refreshes it (at most `staleLimit`). An entry only holds open, visible,
/// upcoming items, and each search filters again for its own member and instant.
final class FeedCellCache: Sendable {
    static let lifetime: TimeInterval = 30
    /// A cell keeps the items of its last ten days; an older window reads the store.
    static let horizon: TimeInterval = 10 * 86_400
    /// The key of the online events, which have no cell.
    static let online = -1

    private typealias Load = Task<[Int: [FeedEntry]], any Error>

    private struct Cell: Sendable {
        let loadedAt: Date
        /// Newest first: a window stops reading at its oldest day.
        let entries: [FeedEntry]
    }

    private struct State: Sendable {
        var generation = 0
        var cells: [Int: Cell] = [:]
        /// Cells being read: a search that needs one waits for that read instead of starting
        /// its own, so an expired busy cell is read once, not once per waiting search.
        var loading: [Int: Load] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// Forgets everything: something the feed shows has changed.
    func invalidate() {
        state.withLockedValue { state in
            state.generation += 1
            state.cells.removeAll(keepingCapacity: true)
            state.loading.removeAll(keepingCapacity: true)
        }
    }

    /// Whether a window reaching back to `oldest` can be read from memory.
    static func covers(_ oldest: Date, now: Date) -> Bool {
        oldest >= now.addingTimeInterval(-horizon)
    }

    /// The entries of these cells (and of the online events), newest first per cell. Cells
    /// not in memory are read in one query that the search waits for; a cell past its
    /// lifetime is still served while one read in the background refreshes it, so busy
    /// cells never make searches wait (until `staleLimit`, when they must).
    func entries(in cells: [Int], on database: any Database, now: Date) async throws -> [[FeedEntry]] {
        let wanted = cells + [Self.online]
        let (generation, known, joined, load, refresh) = state.withLockedValue { state in
            var known: [Int: [FeedEntry]] = [:]
            var joined: [Load] = []
            var missing: [Int] = [], expired: [Int] = []
            for key in wanted {
                let age = state.cells[key].map { now.timeIntervalSince($0.loadedAt) }
                if let age, let cell = state.cells[key], age < Self.staleLimit {
                    known[key] = cell.entries
                    if age >= Self.lifetime && state.loading[key] == nil { expired.append(key) }
                } else if let running = state.loading[key] {
                    if !joined.contains(running) { joined.append(running) }
                } else {
                    missing.append(key)
                }
            }
            let load = missing.isEmpty ? nil : Self.start(missing, in: &state, on: database, now: now)
            let refresh = expired.isEmpty ? nil : Self.start(expired, in: &state, on: database, now: now)
            return (state.generation, known, joined, load, refresh)
        }
        if let refresh {
            Task { _ = try? await self.finish(refresh, generation: generation, readAt: now) }
        }
        var found = known
        for running in joined { found.merge(try await running.value, uniquingKeysWith: { mine, _ in mine }) }
        if let load { found.merge(try await finish(load, generation: generation, readAt: now), uniquingKeysWith: { mine, _ in mine }) }
        return wanted.map { found[$0] ?? [] }
    }

    /// A cell older than this is not served any more: the search waits for a fresh read.
    static let staleLimit: TimeInterval = 120

    private static func start(_ keys: [Int], in state: inout State, on database: any Database, now: Date) -> Load {
        let load = Load { try await read(keys, on: database, now: now) }
        for key in keys { state.loading[key] = load }
        return load
    }

    /// Waits for a read and keeps what it found, unless a write came in the meantime: then
    /// it serves the searches that waited for it only.
    private func finish(_ load: Load, generation: Int, readAt: Date) async throws -> [Int: [FeedEntry]] {
        do {
            let loaded = try await load.value
            state.withLockedValue { state in
                for (key, entries) in loaded where state.loading[key] == load {
                    state.loading[key] = nil
                    if state.generation == generation { state.cells[key] = Cell(loadedAt: readAt, entries: entries) }
                }
            }
            return loaded
        } catch {
            state.withLockedValue { state in state.loading = state.loading.filter { $0.value != load } }
            throw error
        }
    }

    /// The items of these cells of the last `horizon`, each part reading its partial index (`*_cell_idx`,
    /// `events_online_idx`; SQLite is told which: without a cost model for IN lists its
    /// planner would read the age index).
    static func query(_ keys: [Int], now: Date, sqlite: Bool) -> SQLQueryString {
        let cells = keys.filter { $0 != Self.online }
        let since = now.addingTimeInterval(-horizon)
        var parts: [SQLQueryString] = []
        if !cells.isEmpty {
            parts.append("""
                \(FeedEntry.eventColumns), e.cell
                FROM \(unsafeRaw: sqlite ? "events e INDEXED BY events_cell_idx" : "events e") JOIN users u ON u.id = e.organiser_id
                WHERE e.status = 'scheduled' AND e.moderation = 'visible' AND e.cell IN (\(binds: cells)) AND e.created_at >= \(bind: since) AND e.ends_at > \(bind: now)
                """)
        }
        if keys.contains(Self.online) {
            parts.append("""
                \(FeedEntry.eventColumns), \(bind: Self.online) AS cell
                FROM \(unsafeRaw: sqlite ? "events e INDEXED BY events_online_idx" : "events e") JOIN users u ON u.id = e.organiser_id
                WHERE e.status = 'scheduled' AND e.moderation = 'visible' AND e.online = TRUE AND e.created_at >= \(bind: since) AND e.ends_at > \(bind: now)
                """)
        }
        if !cells.isEmpty {
            parts.append("""
                \(FeedEntry.actionColumns), a.cell
                FROM \(unsafeRaw: sqlite ? "actions a INDEXED BY actions_cell_idx" : "actions a") JOIN users u ON u.id = a.author_id
                WHERE a.status = 'open' AND a.moderation = 'visible' AND a.cell IN (\(binds: cells)) AND a.created_at >= \(bind: since)
                """)
        }
        return parts.joined(separator: " UNION ALL ")
    }

    private static func read(_ keys: [Int], on database: any Database, now: Date) async throws -> [Int: [FeedEntry]] {
        let rows = try await database.sql.raw(query(keys, now: now, sqlite: !database.isPostgres)).all()
        var loaded = Dictionary(uniqueKeysWithValues: keys.map { ($0, [FeedEntry]()) })
        for row in rows {
            let entry = try FeedEntry(row: row)
            loaded[try row.decode(column: "cell", as: Int.self), default: []].append(entry)
        }
        return loaded.mapValues { $0.sorted { $0.createdAt > $1.createdAt } }
    }
}

extension Application {
    private struct FeedCellCacheKey: StorageKey {
        typealias Value = FeedCellCache
    }

    /// Made at configuration time (`configure`), shared by every request of this process.
    var feedCache: FeedCellCache {
        get {
            guard let cache = storage[FeedCellCacheKey.self] else { fatalError("configure(_:) sets the feed cache first") }
            return cache
        }
        set { storage[FeedCellCacheKey.self] = newValue }
    }
}

/// Empties the feed cache whenever an action or an event is created, changed or deleted
/// through Fluent.
struct FeedCacheInvalidation<Subject: Model>: AsyncModelMiddleware {
    let cache: FeedCellCache

    func create(model: Subject, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.create(model, on: db)
        cache.invalidate()
    }

    func update(model: Subject, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.update(model, on: db)
        cache.invalidate()
    }

    func delete(model: Subject, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.delete(model, force: force, on: db)
        cache.invalidate()
    }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import SQLKit
import EntraideCore
@testable import EntraideServer

@Suite struct FeedTests {
    static let feedPath = "/api/v1/feed?lat=\(republique.lat)&lon=\(republique.lon)"

    @Test func theFeedShowsOnlyWhatTheMemberMayJoin() async throws {
        try await withEntraide { app in
            let paul = try await app.member("Paul", gender: "man")
            let marie = try await app.member("Marie", gender: "woman")
            let eve = try await app.member("Eve")
            try await app.createAction(by: marie, title: "Ouverte")
            let closed = try #require(try await app.createAction(by: marie, title: "Close")["id"].string)
            _ = try await app.send(.POST, "/api/v1/actions/\(closed)/close", json: ["helped": true], headers: marie.auth)
            let held = try #require(try await app.createAction(by: marie, title: "En attente de modération")["id"].uuid)
            try await HelpAction.query(on: app.db).filter(\.$id == held).set(\.$moderation, to: "held").update()
            try await app.createAction(by: eve, title: "De quelqu'un de bloqué")
            _ = try await app.send(.POST, "/api/v1/blocks", json: ["userID": eve.id.uuidString], headers: paul.auth)
            try await app.createAction(by: marie, title: "Trop loin", lat: 48.40, lon: 2.70)

            try await app.createEvent(by: marie, title: "Sortie à venir")
            let cancelled = try #require(try await app.createEvent(by: marie, title: "Annulée")["id"].string)
            _ = try await app.send(.POST, "/api/v1/events/\(cancelled)/cancel", json: [String: String](), headers: marie.auth)
            let past = try #require(try await app.createEvent(by: marie, title: "Passée")["id"].uuid)
            try await Outing.query(on: app.db).filter(\.$id == past)
                .set(\.$startsAt, to: Date().addingTimeInterval(-7200)).set(\.$endsAt, to: Date().addingTimeInterval(-3600)).update()
            try await app.createEvent(by: marie, title: "Entre femmes", extra: ["womenOnly": true])
            try await app.createEvent(by: marie, title: "Réservée", extra: ["reservedGoal": "ask_for_help"])
            try await app.createEvent(by: marie, title: "En ligne", extra: ["online": true, "onlineUrl": "https://visio.example.org/cafe", "location": NSNull(), "placeName": NSNull()])

            let feed = try JSONBody(try await app.send(.GET, Self.feedPath, headers: paul.auth))
            #expect(Set(feed["items"].array.compactMap { $0["title"].string }) == ["Ouverte", "Sortie à venir", "En ligne"])
            let online = try #require(feed["items"].array.first { $0["title"].string == "En ligne" })
            #expect(online["distanceKm"].isNull && online["event"]["online"].bool == true)
            let open = try #require(feed["items"].array.first { $0["title"].string == "Ouverte" })
            #expect(open["place"].string == "Paris (75011)" && (open["distanceKm"].double ?? 9) <= 0.6)

            let hers = try JSONBody(try await app.send(.GET, Self.feedPath, headers: marie.auth))
            #expect(hers["items"].array.contains { $0["title"].string == "Entre femmes" })
            #expect(!hers["items"].array.contains { $0["title"].string == "Réservée" })
        }
    }

    @Test func aRecurringEventShowsOnceAsItsNextOccurrence() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul")
            let first = try await app.createEvent(by: marie, title: "Café du samedi", extra: ["recurrence": ["frequency": "weekly", "count": 6]])
            try await app.createAction(by: marie, title: "Une demande")
            let feed = try JSONBody(try await app.send(.GET, Self.feedPath, headers: paul.auth))
            let events = feed["items"].array.filter { $0["type"].string == "event" }
            #expect(events.count == 1 && events.first?["id"].string == first["id"].string)
            #expect(feed["items"].array.count == 2)
        }
    }

    @Test func nearestAndNewestComeFirst() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul")
            // About 3 km east, 300 m, and 300 m but four days old.
            try await app.createAction(by: marie, title: "Loin et neuve", lon: republique.lon + 0.041)
            try await app.createAction(by: marie, title: "Proche et neuve", lon: republique.lon + 0.004)
            let old = try #require(try await app.createAction(by: marie, title: "Proche et ancienne", lon: republique.lon + 0.004)["id"].uuid)
            try await app.db.sql.update(HelpAction.schema).set("created_at", to: Date().addingTimeInterval(-4 * 86_400))
                .where("id", .equal, old).run()
            let feed = try JSONBody(try await app.send(.GET, Self.feedPath, headers: paul.auth))
            #expect(feed["items"].array.map { $0["title"].string } == ["Proche et neuve", "Loin et neuve", "Proche et ancienne"])
        }
    }

    static let arrivals: Set<String> = Set((0..<10).map { "Nouvelle \($0)" })

    static func titles(_ page: JSONBody) -> Set<String> {
        Set(page["items"].array.compactMap { $0["title"].string })
    }

    @Test func pagesStayStableWhileNewItemsArrive() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul")
            var generator = SystemRandomNumberGenerator()
            var created: Set<String> = []
            for index in 0..<45 {
                let action = try await app.createAction(by: marie, title: "Demande \(index)",
                                                        lat: republique.lat + .random(in: -0.05...0.05, using: &generator),
                                                        lon: republique.lon + .random(in: -0.05...0.05, using: &generator))
                created.insert(try #require(action["id"].string))
            }
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let path = Self.feedPath + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try JSONBody(try await app.send(.GET, path, headers: paul.auth))
                seen += page["items"].array.compactMap { $0["id"].string }
                cursor = page["nextCursor"].string
                pages += 1
                if pages == 1 {
                    #expect(seen.count == 20)
                    // New requests nearby arrive while the member reads the first page.
                    for index in 0..<10 { try await app.createAction(by: marie, title: "Nouvelle \(index)") }
                }
            } while cursor != nil && pages < 10
            #expect(pages == 3)
            #expect(seen.count == 45 && Set(seen) == created, "no item repeated, none skipped")
            let fresh = try JSONBody(try await app.send(.GET, Self.feedPath, headers: paul.auth))
            // A fresh look (a new snapshot) shows the new nearby requests on its first page.
            #expect(Self.titles(fresh).isSuperset(of: Self.arrivals), "\(Self.titles(fresh))")
        }
    }

    @Test func wrongSearchesGetStableCodes() async throws {
        try await withEntraide { app in
            let paul = try await app.member("Paul")
            let far = try await app.send(.GET, Self.feedPath + "&radiusKm=41", headers: paul.auth)
            #expect(far.status == .unprocessableEntity && errorCode(far) == "validation.radius_invalid")
            let noPoint = try await app.send(.GET, "/api/v1/feed", headers: paul.auth)
            #expect(errorCode(noPoint) == "validation.required")
            let forged = try await app.send(.GET, Self.feedPath + "&cursor=bm9wZQ", headers: paul.auth)
            #expect(forged.status == .badRequest && errorCode(forged) == "paging.invalid_cursor")
            let cursor = FeedCursor(snapshotMillis: FeedCursor.millis(Date()), score: 1, type: "action", id: UUID(), lat: 45.76, lon: 4.83, radiusKm: 10).encoded
            let elsewhere = try await app.send(.GET, Self.feedPath + "&cursor=\(cursor)", headers: paul.auth)
            #expect(errorCode(elsewhere) == "paging.invalid_cursor")
            #expect(try await app.send(.GET, Self.feedPath).status == .unauthorized)
        }
    }

    /// The width remembered for an area only decides where the search starts: a hint far
    /// too narrow or far too wide gives the same pages as none.
    @Test func aRememberedWindowNeverChangesThePage() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try #require(try await User.query(on: app.db).filter(\.$id == (try await app.member("Paul")).id).first())
            var generator = SystemRandomNumberGenerator()
            for index in 0..<30 {
                let action = try #require(try await app.createAction(by: marie, title: "Demande \(index)",
                                                                     lat: republique.lat + .random(in: -0.06...0.06, using: &generator),
                                                                     lon: republique.lon + .random(in: -0.06...0.06, using: &generator))["id"].uuid)
                let age = Double.random(in: 0...(20 * 86_400), using: &generator)
                try await app.db.sql.update(HelpAction.schema).set("created_at", to: Date().addingTimeInterval(-age)).where("id", .equal, action).run()
            }
            let now = Date()
            let search = FeedService.Search(center: GeoPoint(lat: republique.lat, lon: republique.lon), radiusKm: 10, cursor: nil)
            var pages: [[UUID]] = []
            for width in [nil, 0.01, 2_000.0] {
                let hints = FeedHints()
                if let width { hints.record(width, for: FeedHints.area(search)) }
                let first = try await FeedService.page(search, viewer: paul, on: app.db, hints: hints, cache: app.feedCache, now: now)
                let cursor = try FeedCursor.decode(try #require(first.nextCursor))
                let next = FeedService.Search(center: search.center, radiusKm: 10, cursor: cursor)
                let second = try await FeedService.page(next, viewer: paul, on: app.db, hints: hints, cache: app.feedCache, now: now)
                pages.append(first.items.map(\.entry.id) + second.items.map(\.entry.id))
            }
            #expect(pages[0].count == 30 && Set(pages[0]).count == 30)
            #expect(pages[1] == pages[0] && pages[2] == pages[0])
        }
    }

    /// A small window is read from the cells kept in memory, a large one from the store:
    /// both ways find the same items with the same scores.
    @Test func theCellsInMemoryAndTheStoreAgree() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie", gender: "woman")
            let eve = try await app.member("Eve")
            let paul = try #require(try await User.find((try await app.member("Paul")).id, on: app.db))
            var generator = SystemRandomNumberGenerator()
            for index in 0..<40 {
                let action = try #require(try await app.createAction(by: index % 5 == 0 ? eve : marie, title: "Demande \(index)",
                                                                     lat: republique.lat + .random(in: -0.03...0.03, using: &generator),
                                                                     lon: republique.lon + .random(in: -0.03...0.03, using: &generator))["id"].uuid)
                let age = Double.random(in: 0...(4 * 86_400), using: &generator)
                try await app.db.sql.update(HelpAction.schema).set("created_at", to: Date().addingTimeInterval(-age)).where("id", .equal, action).run()
            }
            try await app.createEvent(by: marie, title: "Sortie")
            try await app.createEvent(by: marie, title: "Entre femmes", extra: ["womenOnly": true])
            try await app.createEvent(by: marie, title: "En ligne", extra: ["online": true, "onlineUrl": "https://visio.example.org/cafe", "location": NSNull(), "placeName": NSNull()])
            let now = Date()
            let window = FeedWindow(threshold: 6, center: GeoPoint(lat: republique.lat, lon: republique.lon), radiusKm: 10, snapshot: now, now: now,
                                    viewer: paul, hidden: [eve.id], postgres: app.db.isPostgres)
            let cells = try #require(window.cells)
            let fromMemory = try await app.feedCache.entries(in: cells, on: app.db, now: now).flatMap { $0.compactMap(window.item) }
            let fromStore = try await app.db.sql.raw(window.sql).all().map(FeedEntry.init(row:)).compactMap(window.item)
            let memory = Dictionary(uniqueKeysWithValues: fromMemory.map { ($0.entry.id, $0.score) })
            let store = Dictionary(uniqueKeysWithValues: fromStore.map { ($0.entry.id, $0.score) })
            #expect(memory.count > 5)
            #expect(memory == store)
            let shown = try fromMemory.map { (author: $0.entry.authorID, title: try $0.card().title) }
            #expect(!shown.contains { $0.author == eve.id || $0.title == "Entre femmes" })
            #expect(shown.contains { $0.title == "En ligne" })
        }
    }

    /// The API writes the page from each card's stored JSON: it must say exactly what the
    /// encoder says of the same page (actions, located, online and full events, a cursor).
    @Test func theFeedJSONIsWhatTheEncoderWrites() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try #require(try await User.find((try await app.member("Paul")).id, on: app.db))
            for index in 0..<22 {
                let action = try #require(try await app.createAction(by: marie, title: "Demande « \(index) » \"ici\"")["id"].uuid)
                if index >= 10 {
                    try await app.db.sql.update(HelpAction.schema).set("created_at", to: Date().addingTimeInterval(-10 * 86_400)).where("id", .equal, action).run()
                }
            }
            try await app.createEvent(by: marie, title: "Sortie", extra: ["capacity": 1])
            try await app.createEvent(by: marie, title: "En ligne", extra: ["online": true, "onlineUrl": "https://visio.example.org/cafe", "location": NSNull(), "placeName": NSNull()])
            let search = FeedService.Search(center: GeoPoint(lat: republique.lat, lon: republique.lon), radiusKm: 10, cursor: nil)
            let result = try await FeedService.page(search, viewer: paul, on: app.db, hints: FeedHints(), cache: app.feedCache)
            #expect(result.items.count == 20 && result.nextCursor != nil)
            #expect(result.items.contains { $0.distanceKm == nil } && result.items.contains { $0.type == "event" && $0.distanceKm != nil })
            let written = try JSONSerialization.jsonObject(with: Data(buffer: try result.json())) as? NSDictionary
            let encoded = try JSONSerialization.jsonObject(with: try JSONEncoder.custom(dates: .iso8601).encode(try result.page())) as? NSDictionary
            #expect(written != nil && written == encoded)
        }
    }

    /// A change made here shows at once: writing an action or an event empties the cells in
    /// memory. (More than a page of items, so that pages come from a small window, in memory.)
    @Test func aChangeShowsAtOnceDespiteTheCellsInMemory() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul")
            for index in 0..<24 {
                let action = try #require(try await app.createAction(by: marie, title: "Demande \(index)")["id"].uuid)
                try await app.db.sql.update(HelpAction.schema).set("created_at", to: Date().addingTimeInterval(-2 * 86_400)).where("id", .equal, action).run()
            }
            let before = try JSONBody(try await app.send(.GET, Self.feedPath, headers: paul.auth))
            #expect(before["items"].array.count == 20 && !Self.titles(before).contains("Nouvelle"))
            let fresh = try #require(try await app.createAction(by: marie, title: "Nouvelle")["id"].string)
            let after = try JSONBody(try await app.send(.GET, Self.feedPath, headers: paul.auth))
            #expect(after["items"].array.first?["title"].string == "Nouvelle")
            _ = try await app.send(.POST, "/api/v1/actions/\(fresh)/close", json: ["helped": true], headers: marie.auth)
            let closed = try JSONBody(try await app.send(.GET, Self.feedPath, headers: paul.auth))
            #expect(!Self.titles(closed).contains("Nouvelle") && closed["items"].array.count == 20)
        }
    }

    /// A change the cache is not told of (another instance, a direct update) shows once the
    /// cell is read again: past its lifetime a cell is served while one read refreshes it;
    /// past the stale limit a search waits for a fresh read.
    @Test func cellsInMemoryAreRefreshedAfterTheirLifetime() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let action = try #require(try await app.createAction(by: marie, title: "Avant")["id"].uuid)
            let cells = try #require(FeedGrid.cells(minLat: republique.lat - 0.01, maxLat: republique.lat + 0.01,
                                                    minLon: republique.lon - 0.01, maxLon: republique.lon + 0.01))
            let cache = FeedCellCache()
            let start = Date()
            func titles(at seconds: TimeInterval) async throws -> [String] {
                try await cache.entries(in: cells, on: app.db, now: start.addingTimeInterval(seconds)).flatMap { try $0.map { try $0.card().title } }
            }
            #expect(try await titles(at: 0) == ["Avant"])
            try await app.db.sql.update(HelpAction.schema).set("title", to: "Après").where("id", .equal, action).run()
            #expect(try await titles(at: 1) == ["Avant"], "within its lifetime, the cell in memory answers")
            #expect(try await titles(at: FeedCellCache.lifetime + 1) == ["Avant"], "expired: served while it is read again")
            var refreshed: [String] = []
            for _ in 0..<100 {
                refreshed = try await titles(at: FeedCellCache.lifetime + 2)
                if refreshed == ["Après"] { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(refreshed == ["Après"])
            try await app.db.sql.update(HelpAction.schema).set("title", to: "Bien après").where("id", .equal, action).run()
            #expect(try await titles(at: FeedCellCache.lifetime + 2 + FeedCellCache.staleLimit) == ["Bien après"], "too old: read before answering")
        }
    }

    /// Each part of a window query reads its partial index, on both databases: the cells
    /// under a small box, the age index for a large one, and the online events' index.
    @Test func theFeedQueriesUseTheirIndexes() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let user = try #require(try await User.find(marie.id, on: app.db))
            let center = GeoPoint(lat: republique.lat, lon: republique.lon)
            let now = Date()
            let small = FeedWindow(threshold: 3, center: center, radiusKm: 10, snapshot: now, now: now, viewer: user, hidden: [],
                                   postgres: app.db.isPostgres)
            let large = FeedWindow(threshold: 30, center: center, radiusKm: 40, snapshot: now, now: now, viewer: user, hidden: [UUID()],
                                   postgres: app.db.isPostgres)
            let cells = try #require(small.cells)
            #expect(large.cells == nil)
            let queries: [(SQLQueryString, [String])] = [
                (FeedCellCache.query(cells + [FeedCellCache.online], now: now, sqlite: !app.db.isPostgres),
                 ["actions_cell_idx", "events_cell_idx", "events_online_idx"]),
                (large.sql, ["actions_feed_idx", "events_feed_idx", "events_online_idx"]),
            ]
            for (query, indexes) in queries {
                let plan: String
                if app.db.isPostgres {
                    // A handful of test rows would be read sequentially; forbid that to see which index the planner can use.
                    plan = try await app.db.transaction { db in
                        try await db.sql.raw("SET LOCAL enable_seqscan = off").run()
                        let rows = try await db.sql.raw("EXPLAIN " + query).all()
                        return try rows.map { try $0.decode(column: "QUERY PLAN", as: String.self) }.joined(separator: "\n")
                    }
                } else {
                    let rows = try await app.db.sql.raw("EXPLAIN QUERY PLAN " + query).all()
                    plan = try rows.map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "\n")
                }
                for index in indexes {
                    // SQLite is told which index to read; PostgreSQL's planner picks one of the
                    // table's partial feed indexes by cost (the bench prints its choice at scale).
                    let table = index.hasPrefix("actions") ? "actions" : "events"
                    let acceptable = app.db.isPostgres && !index.contains("online") ? [table + "_feed_idx", table + "_cell_idx"] : [index]
                    #expect(acceptable.contains { plan.contains($0) }, "\(index): \(plan)")
                }
            }
        }
    }
}

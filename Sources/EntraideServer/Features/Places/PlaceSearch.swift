import Foundation
import Fluent
import SQLKit
import NIOConcurrencyHelpers
import EntraideCore

/// Finding places: nearest first around a point (a mobile round counts at its nearest stop),
/// or by name when no point is given; filtered by category or family, by words of the name
/// and description (FTS5 on SQLite, `tsvector` on PostgreSQL), and by "open now" on each
/// place's own clock.
///
/// Around a point the search starts with a small circle and widens it (×3) up to the radius
/// asked, so a dense city answers from the few hundred metres around the point instead of
/// sorting every place of the radius. Rows come in distance order, so a page is full as soon
/// as enough rows pass the filters; "open now" is computed in Swift from the stored hours.
enum PlaceSearch {
    struct Query {
        var center: GeoPoint?
        var radiusKm: Double = PlaceRules.defaultRadiusKm
        /// Category codes any of which a place must have (a family is expanded to its categories).
        var categories: [String]?
        /// Folded words, all of which must start a word of the place's text.
        var words: [String] = []
        var openNow = false
        var limit = 20
        var cursor: PlaceCursor?
        var now = Date()
    }

    struct Hit {
        let row: PlaceRow
        let distanceMeters: Double?
        let status: OpeningHours.Status
    }

    struct Result {
        let hits: [Hit]
        let next: PlaceCursor?
    }

    /// Rows read at most for one page: a filter that almost nothing passes stops there and
    /// hands back a cursor to go on from.
    static let scanBudget = 20_000
    static let firstRadiusKm = 1.0

    static func search(_ query: Query, on database: any Database) async throws -> Result {
        var hits: [Hit] = []
        var shownPlaces = Set<UUID>()
        var after = query.cursor
        var scanned = 0
        let batch = query.openNow ? max(query.limit * 3, 60) : query.limit + 1
        var radius = query.center == nil ? query.radiusKm : min(firstRadiusKm, query.radiusKm)
        var stopsByPlace: [UUID: [PlaceStop]] = [:]
        let clock = LocalNow(query.now)
        while hits.count <= query.limit && scanned < scanBudget {
            let rows = try await fetch(query, radiusKm: radius, after: after, limit: batch, on: database)
            scanned += rows.count
            let rounds = Set(rows.filter { $0.stopID != nil }.map(\.id)).subtracting(stopsByPlace.keys)
            if !rounds.isEmpty {
                let stops = try await PlaceStop.query(on: database).filter(\.$place.$id ~~ Array(rounds)).all()
                for id in rounds { stopsByPlace[id] = [] }
                for stop in stops { stopsByPlace[stop.$place.id, default: []].append(stop) }
            }
            for row in rows {
                after = row.key
                guard let hit = hit(row, query, stops: stopsByPlace[row.id], clock: clock) else { continue }
                guard shownPlaces.insert(row.id).inserted else { continue }
                hits.append(hit)
                if hits.count > query.limit { break }
            }
            if hits.count > query.limit { break }
            if rows.count < batch {
                guard query.center != nil, radius < query.radiusKm else { after = nil; break }
                radius = min(radius * 3, query.radiusKm)
            }
        }
        if hits.count > query.limit {
            hits = Array(hits.prefix(query.limit))
            return Result(hits: hits, next: hits.last?.row.key)
        }
        // Out of budget before the page was full: the client may go on from where it stopped.
        return Result(hits: hits, next: scanned >= scanBudget ? after : nil)
    }

    /// The three (or `count`) nearest places of a category, or of a family, open at `now`
    /// around `point`: what the SMS `SERVICES` command answers. The circle widens from 2 km
    /// to 40 km until enough are found.
    static func nearestOpen(category: String, from point: GeoPoint, count: Int = 3, now: Date = Date(),
                            on database: any Database) async throws -> [Hit] {
        guard let categories = PlaceCategory.filter(category) else { throw RuleViolation("places.category_unknown", field: "category", arguments: ["value": category]) }
        return try await nearestOpen(categories: categories, from: point, count: count, now: now, on: database)
    }

    /// The same, for any of several categories (a word may name more than one).
    static func nearestOpen(categories: [String], from point: GeoPoint, count: Int = 3, now: Date = Date(),
                            on database: any Database) async throws -> [Hit] {
        var found: [Hit] = []
        for radius in [2.0, 10.0, 40.0] {
            var query = Query(center: point, radiusKm: radius, categories: categories, openNow: true, limit: count, now: now)
            query.cursor = nil
            found = try await search(query, on: database).hits
            if found.count >= count { break }
        }
        return found
    }

    /// The row as a hit, or nil when a filter drops it: closed when "open now" is asked, or a
    /// stop of a round that another of its stops stands for (the nearest that passes).
    static func hit(_ row: PlaceRow, _ query: Query, stops: [PlaceStop]?, clock: LocalNow) -> Hit? {
        let now = clock.moment(in: row.zone)
        if query.openNow && !PlaceStatus.isOpen(row.pointHours, fallback: row.hours, country: row.country, at: now) { return nil }
        if let stopID = row.stopID, let center = query.center, let stops, !stops.isEmpty {
            let radius2 = query.radiusKm * query.radiusKm
            let candidates = stops.filter { stop in
                guard Geo.planar2(stop.point, from: center) <= radius2 else { return false }
                return !query.openNow || PlaceStatus.isOpen(stop.openingHours, fallback: row.hours, country: row.country, at: now)
            }
            let nearest = candidates.min { a, b in
                let da = Geo.planar2(a.point, from: center), db = Geo.planar2(b.point, from: center)
                return da != db ? da < db : a.id!.uuidString < b.id!.uuidString
            }
            if let nearest, nearest.id != stopID { return nil }
        }
        let status = PlaceStatus.of(row.pointHours, fallback: row.hours, country: row.country, at: now)
        let distance = query.center.map { row.point.distance(to: $0) }
        return Hit(row: row, distanceMeters: distance, status: status)
    }

    // MARK: SQL

    static func fetch(_ query: Query, radiusKm: Double, after: PlaceCursor?, limit: Int, on database: any Database) async throws -> [PlaceRow] {
        let postgres = database.isPostgres
        var filters: SQLQueryString = ""
        if let categories = query.categories, !categories.isEmpty {
            let likes = categories.map { code -> SQLQueryString in "p.categories LIKE \(bind: "%,\(code),%")" }
            filters = "\(filters) AND (\(likes.joined(separator: " OR ")))"
        }
        if !query.words.isEmpty {
            if postgres {
                let text = query.words.map { "\($0):*" }.joined(separator: " & ")
                filters = "\(filters) AND p.search_vector @@ to_tsquery('simple', \(bind: text))"
            } else {
                let text = query.words.map { "\"\($0)\"*" }.joined(separator: " ")
                // `+` keeps SQLite on the box's index: the words' matches are gathered once and
                // probed, instead of reading every matching place of the country by its key.
                filters = "\(filters) AND +p.search_key IN (SELECT rowid FROM places_fts WHERE places_fts MATCH \(bind: text))"
            }
        }
        let sql: SQLQueryString
        if let center = query.center {
            let box = FeedRanking.boundingBox(around: center, km: radiusKm)
            let kx = Geo.kx(center), ky = Geo.ky
            func distance(_ t: String) -> SQLQueryString {
                """
                ((\(unsafeRaw: t).lat - \(bind: center.lat)) * \(bind: ky)) * ((\(unsafeRaw: t).lat - \(bind: center.lat)) * \(bind: ky))
                + ((\(unsafeRaw: t).lon - \(bind: center.lon)) * \(bind: kx)) * ((\(unsafeRaw: t).lon - \(bind: center.lon)) * \(bind: kx))
                """
            }
            func inBox(_ t: String) -> SQLQueryString {
                """
                \(unsafeRaw: t).lat >= \(bind: box.minLat) AND \(unsafeRaw: t).lat <= \(bind: box.maxLat)
                AND \(unsafeRaw: t).lon >= \(bind: box.minLon) AND \(unsafeRaw: t).lon <= \(bind: box.maxLon)
                """
            }
            var keyset: SQLQueryString = ""
            if case .distance(let d2, let point)? = after {
                keyset = "AND (x.d2 > \(bind: d2) OR (x.d2 = \(bind: d2) AND x.point_id > \(bind: point)))"
            }
            sql = """
                SELECT x.* FROM (
                  SELECT \(PlaceRow.placeColumns), NULL AS stop_id, p.id AS point_id, p.lat AS point_lat, p.lon AS point_lon,
                         NULL AS stop_hours, NULL AS stop_name, NULL AS stop_address, NULL AS stop_city, NULL AS stop_postal_code,
                         \(distance("p")) AS d2
                  FROM places p
                  WHERE p.status = 'active' AND p.kind = 'fixed' AND \(inBox("p")) \(filters)
                  UNION ALL
                  SELECT \(PlaceRow.placeColumns), s.id AS stop_id, s.id AS point_id, s.lat AS point_lat, s.lon AS point_lon,
                         s.hours AS stop_hours, s.name AS stop_name, s.address AS stop_address, s.city AS stop_city, s.postal_code AS stop_postal_code,
                         \(distance("s")) AS d2
                  FROM place_stops s JOIN places p ON p.id = s.place_id
                  WHERE p.status = 'active' AND \(inBox("s")) \(filters)
                ) x
                WHERE x.d2 <= \(bind: radiusKm * radiusKm) \(keyset)
                ORDER BY x.d2, x.point_id
                LIMIT \(literal: limit)
                """
        } else {
            var keyset: SQLQueryString = ""
            if case .name(let name, let id)? = after {
                keyset = "AND (p.name > \(bind: name) OR (p.name = \(bind: name) AND p.id > \(bind: id)))"
            }
            sql = """
                SELECT \(PlaceRow.placeColumns), NULL AS stop_id, p.id AS point_id, p.lat AS point_lat, p.lon AS point_lon,
                       NULL AS stop_hours, NULL AS stop_name, NULL AS stop_address, NULL AS stop_city, NULL AS stop_postal_code
                FROM places p
                WHERE p.status = 'active' \(filters) \(keyset)
                ORDER BY p.name, p.id
                LIMIT \(literal: limit)
                """
        }
        return try await database.sql.raw(sql).all().map { try PlaceRow(row: $0, byName: query.center == nil) }
    }
}

/// Planar distances (km²) for ordering: exact enough at a city's scale, and the same sum in
/// SQL and in Swift.
enum Geo {
    static let ky = 111.0
    static func kx(_ center: GeoPoint) -> Double { 111.32 * max(cos(center.lat * .pi / 180), 0.01) }

    static func planar2(_ point: GeoPoint, from center: GeoPoint) -> Double {
        let kx = kx(center)
        let dy = (point.lat - center.lat) * ky, dx = (point.lon - center.lon) * kx
        return dy * dy + dx * dx
    }
}

/// Where a page of places stopped: at a distance and point, or at a name and place.
enum PlaceCursor: Equatable {
    case distance(d2: Double, point: UUID)
    case name(name: String, id: UUID)

    var encoded: String {
        let raw: String
        switch self {
        case .distance(let d2, let point): raw = "d|\(d2)|\(point.uuidString)"
        case .name(let name, let id): raw = "n|\(id.uuidString)|\(name)"
        }
        return Data(raw.utf8).base64URLEncodedString()
    }

    init(_ text: String) throws {
        guard let data = Data(base64URLEncoded: text), let raw = String(data: data, encoding: .utf8) else { throw PageCursor.invalid }
        let parts = raw.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { throw PageCursor.invalid }
        switch parts[0] {
        case "d":
            guard let d2 = Double(parts[1]), d2.isFinite, let id = UUID(uuidString: parts[2]) else { throw PageCursor.invalid }
            self = .distance(d2: d2, point: id)
        case "n":
            guard let id = UUID(uuidString: parts[1]) else { throw PageCursor.invalid }
            self = .name(name: parts[2], id: id)
        default:
            throw PageCursor.invalid
        }
    }
}

/// "Open now" for a place or a stop: its hours on its clock, French public holidays for
/// places in France. A stop with no hours of its own follows its round's.
enum PlaceStatus {
    static func of(_ hours: OpeningHours?, fallback: OpeningHours, zone: TimeZone, country: String, now: Date) -> OpeningHours.Status {
        of(hours, fallback: fallback, country: country, at: LocalMoment(now, in: zone))
    }

    /// The same, with "now" already read on the place's clock.
    static func of(_ hours: OpeningHours?, fallback: OpeningHours, country: String, at now: LocalMoment) -> OpeningHours.Status {
        used(hours, fallback).status(at: now, isHoliday: holidays(country))
    }

    /// Only whether it is open: what "open now" filters ask of every row.
    static func isOpen(_ hours: OpeningHours?, fallback: OpeningHours, country: String, at now: LocalMoment) -> Bool {
        used(hours, fallback).isOpen(at: now, isHoliday: holidays(country))
    }

    private static func used(_ hours: OpeningHours?, _ fallback: OpeningHours) -> OpeningHours {
        hours.flatMap { $0.isKnown ? $0 : nil } ?? fallback
    }

    private static func holidays(_ country: String) -> (LocalDay) -> Bool {
        if country == "FR" { return FrenchPublicHolidays.contains }
        return { _ in false }
    }
}

/// "Now" on each time zone's clock, read once per zone for a search rather than once per
/// row (a calendar's reading costs more than the opening-hours check it serves).
final class LocalNow {
    let date: Date
    private var byZone: [String: LocalMoment] = [:]

    init(_ date: Date) { self.date = date }

    func moment(in zone: TimeZone) -> LocalMoment {
        if let known = byZone[zone.identifier] { return known }
        let moment = LocalMoment(date, in: zone)
        byZone[zone.identifier] = moment
        return moment
    }
}

/// One row of a search: a place, and the point it was found at (itself, or one of its stops).
struct PlaceRow {
    let id: UUID
    let kind: PlaceKind
    let name: String
    let categories: [String]
    let audience: [String]
    let access: [String]
    let phone: String?
    let address: String?
    let city: String?
    let postalCode: String?
    let country: String
    let zone: TimeZone
    let hours: OpeningHours
    let wheelchair: Bool?
    let stopID: UUID?
    let stopName: String?
    let stopAddress: String?
    let stopCity: String?
    let stopPostalCode: String?
    let pointHours: OpeningHours?
    let point: GeoPoint
    let key: PlaceCursor

    /// Time zones by name, made once each (a search reads one per row).
    private static let zones = NIOLockedValueBox<[String: TimeZone]>([:])

    static func zone(_ identifier: String) -> TimeZone {
        zones.withLockedValue { known in
            if let zone = known[identifier] { return zone }
            let zone = TimeZone(identifier: identifier) ?? TimeZone(identifier: "Europe/Paris")!
            if known.count < 1000 { known[identifier] = zone }
            return zone
        }
    }

    static let placeColumns: SQLQueryString = """
        p.id, p.kind, p.name, p.categories, p.audience, p.access, p.phone, p.address, p.city, p.postal_code, p.country,
        p.time_zone, p.hours, p.wheelchair
        """

    init(row: any SQLRow, byName: Bool) throws {
        id = try row.decode(column: "id", as: UUID.self)
        kind = PlaceKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .fixed
        name = try row.decode(column: "name", as: String.self)
        categories = Place.items(try row.decode(column: "categories", as: String.self))
        audience = Place.items(try row.decode(column: "audience", as: String.self))
        access = Place.items(try row.decode(column: "access", as: String.self))
        phone = try row.decode(column: "phone", as: String?.self)
        address = try row.decode(column: "address", as: String?.self)
        city = try row.decode(column: "city", as: String?.self)
        postalCode = try row.decode(column: "postal_code", as: String?.self)
        country = try row.decode(column: "country", as: String.self)
        zone = PlaceRow.zone(try row.decode(column: "time_zone", as: String.self))
        hours = OpeningHours.fromJSON(try row.decode(column: "hours", as: String.self))
        wheelchair = try row.decode(column: "wheelchair", as: Bool?.self)
        stopID = try row.decode(column: "stop_id", as: UUID?.self)
        stopName = try row.decode(column: "stop_name", as: String?.self)
        stopAddress = try row.decode(column: "stop_address", as: String?.self)
        stopCity = try row.decode(column: "stop_city", as: String?.self)
        stopPostalCode = try row.decode(column: "stop_postal_code", as: String?.self)
        pointHours = try row.decode(column: "stop_hours", as: String?.self).map(OpeningHours.fromJSON)
        let lat = try row.decode(column: "point_lat", as: Double?.self) ?? 0
        let lon = try row.decode(column: "point_lon", as: Double?.self) ?? 0
        point = GeoPoint(lat: lat, lon: lon)
        let pointID = try row.decode(column: "point_id", as: UUID.self)
        key = byName ? .name(name: name, id: id) : .distance(d2: try row.decode(column: "d2", as: Double.self), point: pointID)
    }
}

import Vapor
import Fluent
import SQLKit
import EntraideCore

/// "What is happening nearby" on a member's home page: the next events and the groups around
/// their zone, within their travel distance. Where there is none, the page offers online
/// events and the nearest zone with activity rather than nothing (issue 8). Only events and
/// groups are shown: both are public by nature (an event happens in a public place, a group's
/// centre is stored blurred), while help requests may say where someone sleeps.
struct FirstWeekNearby {
    enum Situation: String, Codable {
        /// Events or groups within reach.
        case nearby
        /// Nothing within reach: online events and the nearest active zone instead.
        case nothingNearby = "nothing_nearby"
        /// No postal code yet: nothing can be found around the member.
        case noZone = "no_zone"
    }

    static let shown = 3

    let situation: Situation
    let radiusKm: Int?
    let events: [Outing]
    let groups: [NeighbourhoodGroup]
    let onlineEvents: [Outing]
    let nearestZone: ActiveZone?
    /// Events organised by a local team (an association or an animator): "meet the local team".
    let teamEvents: Set<UUID>

    static func around(_ user: User, on database: any Database, now: Date = Date()) async throws -> FirstWeekNearby {
        guard let postalCode = user.postalCode, let zone = PostalZone.centre(of: postalCode) else {
            let online = try await OutingService.upcomingOnline(limit: shown, viewer: user, on: database, now: now)
            return FirstWeekNearby(situation: .noZone, radiusKm: nil, events: [], groups: [], onlineEvents: online, nearestZone: nil,
                                   teamEvents: try await LocalTeam.events(online.compactMap(\.id), on: database))
        }
        let radius = FirstWeekRules.zoneRadiusKm(travelDistanceKm: user.travelDistanceKm)
        let events = try await OutingService.upcoming(near: zone, radiusKm: radius, limit: shown, viewer: user, on: database, now: now)
        let groups = try await GroupService.list(near: zone, radiusKm: radius, mine: false, ListQuery(limit: shown), viewer: user, on: database)
            .items.prefix(shown).map { $0.0 }
        if !events.isEmpty || !groups.isEmpty {
            return FirstWeekNearby(situation: .nearby, radiusKm: Int(radius), events: events, groups: Array(groups), onlineEvents: [],
                                   nearestZone: nil, teamEvents: try await LocalTeam.events(events.compactMap(\.id), on: database))
        }
        let online = try await OutingService.upcomingOnline(limit: shown, viewer: user, on: database, now: now)
        let nearest = NearestActiveZone.pick(from: zone, ownDepartment: PostalZone.department(of: postalCode),
                                             activity: try await activity(visibleTo: user, on: database, now: now))
        return FirstWeekNearby(situation: .nothingNearby, radiusKm: Int(radius), events: [], groups: [], onlineEvents: online,
                               nearestZone: nearest, teamEvents: try await LocalTeam.events(online.compactMap(\.id), on: database))
    }

    /// Upcoming events in a place and groups, counted by postal code: a few thousand codes at
    /// most, read only for members with nothing around them.
    static func activity(visibleTo user: User, on database: any Database, now: Date) async throws -> [NearestActiveZone.Activity] {
        let womenOnly: SQLQueryString = user.isWoman ? "" : " AND women_only = \(bind: false)"
        let eventRows = try await database.sql.raw("""
            SELECT postal_code, city, COUNT(*) AS n FROM events
            WHERE status = \(bind: OutingStatus.scheduled.rawValue) AND moderation = \(bind: ModerationState.visible.rawValue)
            AND online = \(bind: false) AND starts_at > \(bind: now) AND postal_code IS NOT NULL\(womenOnly)
            AND (reserved_goal IS NULL OR reserved_goal = \(bind: user.goal))
            GROUP BY postal_code, city
            """).all()
        let groupRows = try await database.sql.raw("""
            SELECT postal_code, city, COUNT(*) AS n FROM neighbourhood_groups
            WHERE moderation = \(bind: ModerationState.visible.rawValue) AND postal_code IS NOT NULL\(womenOnly)
            GROUP BY postal_code, city
            """).all()
        func read(_ row: any SQLRow) throws -> (String, String?, Int) {
            (try row.decode(column: "postal_code", as: String.self), try row.decode(column: "city", as: String?.self),
             try row.decode(column: "n", as: Int.self))
        }
        return try eventRows.map(read).map { NearestActiveZone.Activity(postalCode: $0.0, city: $0.1, events: $0.2, groups: 0) }
            + groupRows.map(read).map { NearestActiveZone.Activity(postalCode: $0.0, city: $0.1, events: 0, groups: $0.2) }
    }
}

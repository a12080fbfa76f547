import Vapor
import Fluent
import EntraideCore

/// Everything the home page and `GET /api/v1/me/first-week` show a member: their checklist,
/// where each step is done, and what is happening nearby.
struct FirstWeekOverview {
    let status: FirstWeekService.Status
    let nearby: FirstWeekNearby
    let firstJourney: String?
    let now: Date

    static func of(_ user: User, on database: any Database, now: Date = Date()) async throws -> FirstWeekOverview {
        let status = try await FirstWeekService.status(of: user, on: database, now: now)
        let nearby = try await FirstWeekNearby.around(user, on: database, now: now)
        let journey = try await LearningJourney.query(on: database).filter(\.$status == JourneyStatus.published.rawValue)
            .sort(\.$position).sort(\.$slug).first()
        return FirstWeekOverview(status: status, nearby: nearby, firstJourney: journey?.slug, now: now)
    }

    var checklist: FirstWeekChecklist { status.checklist }
    var isShown: Bool { status.isShown(at: now) }

    /// Where a step is done, as precisely as known: the nearest group or event rather than
    /// their lists when there is one.
    func link(for step: FirstWeekStep) -> String {
        switch step {
        case .completeProfile: "/me"
        case .followFirstJourney: firstJourney.map { "/learn/\($0)" } ?? "/learn"
        case .joinGroup: nearby.groups.first?.id.map { "/groups/\($0)" } ?? "/groups"
        case .goToEvent: nearby.events.first?.id.map { "/events/\($0)" } ?? "/events"
        case .findServices: "/services"
        case .postNeed: "/actions/new"
        case .meetLocalTeam: (nearby.events + nearby.onlineEvents).first { $0.id.map(nearby.teamEvents.contains) ?? false }?.id
            .map { "/events/\($0)" } ?? "/events"
        case .createOrganisation: "/rounds"
        case .planRoundOrEvent: "/events/new"
        }
    }

    /// The link to "what is happening" in the nearest active zone: the nearby feed as wide as
    /// it goes around its prefecture, a public point.
    var nearestZoneLink: String? {
        nearby.nearestZone.map { zone in
            "/feed?lat=\(zone.centre.lat)&lon=\(zone.centre.lon)&radiusKm=\(Int(CommunityRules.feedMaximumRadiusKm))"
        }
    }
}

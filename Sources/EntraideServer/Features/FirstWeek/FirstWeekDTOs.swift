import Vapor
import EntraideCore

/// `GET /api/v1/me/first-week`: the member's checklist with what is done and what is next,
/// and what is happening nearby (or, with nothing nearby, online events and the nearest zone
/// with activity). No point is given but a zone's prefecture.
struct FirstWeekDTO: Content {
    struct Step: Content {
        let step: String
        let done: Bool
        let completedAt: Date?
        let next: Bool
        let link: String
    }

    struct NextStep: Content {
        let step: String
        let link: String
    }

    struct Event: Content {
        let id: UUID
        let title: String
        let startsAt: Date
        let startsAtLocal: String
        let timeZone: String
        let online: Bool
        let placeName: String?
        let city: String?
        let postalCode: String?
        /// Organised by an association or the zone's animator: a way to meet the local team.
        let byLocalTeam: Bool
    }

    struct Group: Content {
        let id: UUID
        let name: String
        let city: String?
        let postalCode: String?
        let memberCount: Int
    }

    struct Zone: Content {
        let department: String
        let city: String?
        let distanceKm: Int
        let events: Int
        let groups: Int
        let link: String
    }

    struct Nearby: Content {
        let situation: String
        let radiusKm: Int?
        let events: [Event]
        let groups: [Group]
        let onlineEvents: [Event]
        let nearestZone: Zone?
    }

    let goal: String
    let startedAt: Date
    let inFirstWeek: Bool
    /// The checklist is shown (first week, or not all done), unless the member put it away.
    let shown: Bool
    let dismissed: Bool
    let complete: Bool
    let steps: [Step]
    let next: String?
    let nextUseful: NextStep
    let nearby: Nearby

    init(_ overview: FirstWeekOverview) throws {
        let checklist = overview.checklist
        goal = checklist.goal.rawValue
        startedAt = checklist.startedAt
        inFirstWeek = checklist.isInFirstWeek(at: overview.now)
        shown = overview.isShown
        dismissed = overview.status.dismissed
        complete = checklist.isComplete
        steps = checklist.items.map {
            Step(step: $0.step.rawValue, done: $0.isDone, completedAt: $0.completedAt, next: $0.step == checklist.next, link: overview.link(for: $0.step))
        }
        next = checklist.next?.rawValue
        nextUseful = NextStep(step: checklist.nextUseful.rawValue, link: overview.link(for: checklist.nextUseful))
        let nearby = overview.nearby
        func event(_ outing: Outing) throws -> Event {
            let id = try outing.requireID()
            return Event(id: id, title: outing.title, startsAt: outing.startsAt, startsAtLocal: OutingDTO.local(outing.startsAt, in: outing.zone),
                         timeZone: outing.timeZone, online: outing.online, placeName: outing.placeName, city: outing.city,
                         postalCode: outing.postalCode, byLocalTeam: nearby.teamEvents.contains(id))
        }
        self.nearby = Nearby(
            situation: nearby.situation.rawValue, radiusKm: nearby.radiusKm,
            events: try nearby.events.map(event),
            groups: try nearby.groups.map {
                Group(id: try $0.requireID(), name: $0.name, city: $0.city, postalCode: $0.postalCode, memberCount: $0.memberCount)
            },
            onlineEvents: try nearby.onlineEvents.map(event),
            nearestZone: nearby.nearestZone.map {
                Zone(department: $0.department, city: $0.city, distanceKm: Int($0.distanceKm.rounded()), events: $0.events,
                     groups: $0.groups, link: overview.nearestZoneLink ?? "/feed")
            })
    }
}

import Vapor
import EntraideCore

/// `/`: visitors see what Entraide is; a member sees their first-week checklist (or, once it
/// is done or put away, the next useful step) and what is happening nearby.
struct HomePage: RouteCollection {
    struct Context: Encodable {
        let page: PageContext
        let deleted: Bool
        let home: MemberHome?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get { req async throws -> View in
            var home: MemberHome?
            if let user = req.auth.get(User.self) {
                home = try MemberHome(try await FirstWeekOverview.of(user, on: req.db), req)
            }
            return try await req.view.render("home", Context(page: PageContext(req, titleKey: "page.home.title"),
                                                             deleted: req.query[String.self, at: "deleted"] != nil, home: home))
        }
    }
}

/// The member's part of the home page, in their language.
struct MemberHome: Encodable {
    struct Step: Encodable {
        let label: String
        let hint: String
        let link: String
        let done: Bool
        let next: Bool
    }

    struct Link: Encodable {
        let label: String
        let hint: String
        let link: String
    }

    struct Event: Encodable {
        let link: String
        let title: String
        let when: String
        let iso: String
        let place: String?
        let online: Bool
        let team: Bool
    }

    struct Group: Encodable {
        let link: String
        let name: String
        let place: String?
    }

    struct Zone: Encodable {
        let text: String
        let link: String
    }

    let shown: Bool
    let dismissed: Bool
    let progress: String
    let steps: [Step]
    let nextUseful: Link
    let situation: String
    let reach: String?
    let events: [Event]
    let groups: [Group]
    let onlineEvents: [Event]
    let hasNearby: Bool
    let hasOnline: Bool
    let zone: Zone?

    init(_ overview: FirstWeekOverview, _ req: Request) throws {
        let checklist = overview.checklist
        func link(_ step: FirstWeekStep) -> Link {
            Link(label: req.t("first_week.step.\(step.rawValue)"), hint: req.t("first_week.hint.\(step.rawValue)"), link: overview.link(for: step))
        }
        shown = overview.isShown
        dismissed = overview.status.dismissed
        progress = req.t("first_week.progress", ["done": "\(checklist.doneCount)", "total": "\(checklist.items.count)"])
        steps = checklist.items.map { item in
            let step = link(item.step)
            return Step(label: step.label, hint: step.hint, link: step.link, done: item.isDone, next: item.step == checklist.next)
        }
        nextUseful = link(checklist.nextUseful)
        let nearby = overview.nearby
        situation = nearby.situation.rawValue
        reach = nearby.radiusKm.map { req.t("first_week.nearby.reach", ["km": "\($0)"]) }
        let language = req.language
        func event(_ outing: Outing) throws -> Event {
            let id = try outing.requireID()
            let place = [outing.placeName, outing.city].compactMap { $0 }.joined(separator: ", ")
            return Event(link: "/events/\(id)", title: outing.title, when: PageClock.dayAndTime(outing.startsAt, language, zone: outing.zone),
                         iso: PageClock.iso(outing.startsAt), place: outing.online || place.isEmpty ? nil : place, online: outing.online,
                         team: nearby.teamEvents.contains(id))
        }
        events = try nearby.events.map(event)
        groups = try nearby.groups.map { group in
            let place = [group.city, group.postalCode.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
            return Group(link: "/groups/\(try group.requireID())", name: group.name, place: place.isEmpty ? nil : place)
        }
        onlineEvents = try nearby.onlineEvents.map(event)
        hasNearby = !events.isEmpty || !groups.isEmpty
        hasOnline = !onlineEvents.isEmpty
        zone = nearby.nearestZone.map { zone in
            let name = zone.city.map { "\($0) (\(zone.department))" } ?? zone.department
            return Zone(text: req.t("first_week.nearby.zone", ["zone": name, "km": "\(Int(zone.distanceKm.rounded()))",
                                                                "events": "\(zone.events)", "groups": "\(zone.groups)"]),
                        link: overview.nearestZoneLink ?? "/feed")
        }
    }
}

import Vapor
import EntraideCore

/// The people the association follows: a first name or nickname, their open needs, when they
/// were first met and when they agreed to be followed, and whether they were lost from sight.
/// Reading the list is written to the access log first, as the API does; staff mark a need met.
extension AssociationPages {
    static let peopleShown = 10

    struct PeoplePage: Encodable {
        let page: PageContext
        let association: Header
        let people: [PersonRow]
        let hasPeople: Bool
        let marksMet: Bool
        let filters: [Filter]
        let more: String?
        let met: Bool
    }

    struct PersonRow: Encodable {
        let alias: String
        let status: String
        let inactive: Bool
        let firstContact: String
        let firstContactISO: String
        let engaged: String?
        let engagedISO: String?
        let needs: [NeedRow]
        let hasNeeds: Bool
    }

    struct NeedRow: Encodable {
        let id: String
        let text: String
    }

    struct Filter: Encodable {
        let label: String
        let href: String
        let current: Bool
    }

    static func people(_ req: Request) async throws -> Response {
        guard let context = try await organisation(req) else { return req.redirect(to: "/login") }
        let raw = CommunityForm.given(req.query[String.self, at: "status"])
        let status = try raw.map { try CommunityRules.choice($0, as: FollowUpStatus.self, field: "status") }
        let language = req.language
        let found = try await EncounterService.people(context, status: status, list: ListQuery(req, defaultLimit: peopleShown),
                                                      catalogue: req.application.catalogue, language: language, on: req.db)
        try await EncounterAccessLog.record(.listPeople, subject: nil, rows: found.items.count, via: "web", context: context, on: req.db)
        let here = "\(base(context))/people"
        let day = { (date: Date) in PageClock.day(date, language, zone: PageClock.platformZone) }
        let rows = found.items.map { person in
            PersonRow(alias: person.alias, status: req.t("page.association.follow.\(person.status)"),
                      inactive: person.status == FollowUpStatus.inactive.rawValue,
                      firstContact: day(person.firstContactAt), firstContactISO: PageClock.iso(person.firstContactAt),
                      engaged: person.engagedAt.map(day), engagedISO: person.engagedAt.map(PageClock.iso),
                      needs: person.openNeeds.map { need in
                          NeedRow(id: need.id.uuidString, text: need.size.map { "\(need.label) (\($0))" } ?? need.label)
                      }, hasNeeds: !person.openNeeds.isEmpty)
        }
        let filters = [Filter(label: req.t("page.association.follow.all"), href: here, current: status == nil)]
            + FollowUpStatus.allCases.map { Filter(label: req.t("page.association.follow.\($0.rawValue)"), href: "\(here)?status=\($0.rawValue)", current: status == $0) }
        let filtered = status.map { "status=\($0.rawValue)&" } ?? ""
        let more = found.next.map { cursor in "\(here)?\(filtered)cursor=\(cursor)" }
        let page = PeoplePage(page: PageContext(req, titleKey: "page.association.people"), association: Header(context, req),
                              people: rows, hasPeople: !rows.isEmpty, marksMet: context.role.plansRounds, filters: filters,
                              more: more, met: req.query[String.self, at: "met"] != nil)
        return try await req.view.render("rounds/association/people", page).encodeResponse(for: req)
    }

    /// Marked met outside a round (brought by the office, say): staff and admins only.
    static func needMet(_ req: Request) async throws -> Response {
        guard let context = try await organisation(req) else { return req.redirect(to: "/login") }
        _ = try await EncounterService.markMet(req.parameters.get("needID", as: UUID.self), NeedMetInput(), in: context, on: req.db)
        return req.redirect(to: "\(base(context))/people?met=1")
    }
}

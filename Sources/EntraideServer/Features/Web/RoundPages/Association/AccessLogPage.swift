import Vapor
import EntraideCore

/// Who read encounter data, when, and how much: for the association's admins only
/// (`EncounterAccessLog.entries` refuses the others).
extension AssociationPages {
    struct AccessLogPage: Encodable {
        let page: PageContext
        let association: Header
        let entries: [AccessRow]
        let hasEntries: Bool
        let more: String?
    }

    struct AccessRow: Encodable {
        let member: String
        let action: String
        let rows: String
        let via: String
        let when: String
        let iso: String
    }

    static func accessLog(_ req: Request) async throws -> Response {
        guard let context = try await organisation(req) else { return req.redirect(to: "/login") }
        let entries = try await EncounterAccessLog.entries(context, list: ListQuery(req, defaultLimit: 20), on: req.db)
        let language = req.language
        let rows = entries.items.map { entry in
            AccessRow(member: entry.member.displayName, action: req.t("page.association.access.\(entry.action)"),
                      rows: req.t("page.association.access.rows", ["count": "\(entry.rowCount)"]),
                      via: req.t("page.association.access.via_\(entry.via == "web" ? "web" : "api")"),
                      when: PageClock.dayAndTime(entry.at, language), iso: PageClock.iso(entry.at))
        }
        let page = AccessLogPage(page: PageContext(req, titleKey: "page.association.access_log"), association: Header(context, req),
                                 entries: rows, hasEntries: !rows.isEmpty,
                                 more: entries.nextCursor.map { "\(base(context))/access-log?cursor=\($0)" })
        return try await req.view.render("rounds/association/access-log", page).encodeResponse(for: req)
    }
}

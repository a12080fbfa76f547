import Vapor
import Fluent
import EntraideCore

/// `/rounds/organisations/:organisationID…`: an association's back-office on the web, for its
/// members on a phone: statistics and their CSV, members, sectors, the report form, the people
/// followed, the access log. The same services as the JSON API decide who may do what; a page
/// only hides the links a role cannot follow. A non-member gets "not found", as for an
/// association that does not exist.
struct AssociationPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let one = routes.grouped("rounds", "organisations", ":organisationID")
        one.get(use: Self.home)
        one.get("statistics", use: Self.statistics)
        one.get("statistics.csv", use: Self.statisticsCSV)
        one.get("members", use: Self.members)
        one.post("members", use: Self.addMember)
        one.post("members", ":userID", "role", use: Self.changeRole)
        one.post("members", ":userID", "remove", use: Self.removeMember)
        one.get("sectors", use: Self.sectors)
        one.post("sectors", use: Self.addSector)
        one.get("report-form", use: Self.reportForm)
        one.post("report-form", use: Self.saveReportForm)
        one.get("people", use: Self.people)
        one.post("needs", ":needID", "met", use: Self.needMet)
        one.get("access-log", use: Self.accessLog)
    }

    /// The association named in the path, for the signed-in member; nil sends to the login page.
    static func organisation(_ req: Request) async throws -> OrganisationContext? {
        guard let user = req.auth.get(User.self) else { return nil }
        return try await OrganisationContext.load(req.parameters.get("organisationID", as: UUID.self), for: user, on: req.db)
    }

    static func base(_ context: OrganisationContext) -> String {
        "/rounds/organisations/\(context.organisationID)"
    }

    /// What every page of the back-office shows above its own content.
    struct Header: Encodable {
        let id: String
        let name: String
        let role: String
        let base: String

        init(_ context: OrganisationContext, _ req: Request) {
            id = context.organisationID.uuidString
            name = context.organisation.name
            role = req.t("rounds.role.\(context.role.rawValue)")
            base = AssociationPages.base(context)
        }
    }

    // MARK: Home

    struct HomePage: Encodable {
        let page: PageContext
        let association: Header
        let readsStatistics: Bool
        let managesReportForm: Bool
        let readsAccessLog: Bool
        let hasReportForm: Bool
    }

    static func home(_ req: Request) async throws -> Response {
        guard let context = try await organisation(req) else { return req.redirect(to: "/login") }
        let role = context.role
        let page = HomePage(page: PageContext(req, titleKey: "page.association.title"), association: Header(context, req),
                            readsStatistics: role.readsStatistics, managesReportForm: role.managesReportForm,
                            readsAccessLog: role.readsAccessLog, hasReportForm: !context.organisation.questions.isEmpty)
        return try await req.view.render("rounds/association/home", page).encodeResponse(for: req)
    }

    /// A form sent back with its mistake: the page again, under the error's status.
    static func failed(_ response: Response, _ error: any Error, _ req: Request) -> Response {
        response.status = EntraideErrorMiddleware.appError(for: error, request: req).status
        return response
    }
}

import Vapor
import EntraideCore

/// The association's sectors: named areas, never points. `OrganisationService.addSector`
/// refuses a name that looks like coordinates; the form comes back with the name as typed.
extension AssociationPages {
    struct SectorsPage: Encodable {
        let page: PageContext
        let association: Header
        let sectors: [String]
        let hasSectors: Bool
        let addsSectors: Bool
        let form: FormState
        let added: Bool
    }

    static func sectors(_ req: Request) async throws -> Response {
        guard let context = try await organisation(req) else { return req.redirect(to: "/login") }
        return try await renderSectors(req, context, form: FormState(), added: req.query[String.self, at: "added"] != nil)
    }

    static func renderSectors(_ req: Request, _ context: OrganisationContext, form: FormState, added: Bool) async throws -> Response {
        let sectors = try await OrganisationService.sectors(context, on: req.db)
        let page = SectorsPage(page: PageContext(req, titleKey: "page.association.sectors"), association: Header(context, req),
                               sectors: sectors.map(\.name), hasSectors: !sectors.isEmpty, addsSectors: context.role.plansRounds,
                               form: form, added: added)
        return try await req.view.render("rounds/association/sectors", page).encodeResponse(for: req)
    }

    static func addSector(_ req: Request) async throws -> Response {
        guard let context = try await organisation(req) else { return req.redirect(to: "/login") }
        let fields = try CommunityForm.fields(req)
        do {
            _ = try await OrganisationService.addSector(SectorInput(name: fields["name"]), to: context, on: req.db)
            return req.redirect(to: "\(base(context))/sectors?added=1")
        } catch {
            let form = FormState.failed(error, values: fields, req).placed(on: ["name"])
            return failed(try await renderSectors(req, context, form: form, added: false), error, req)
        }
    }
}

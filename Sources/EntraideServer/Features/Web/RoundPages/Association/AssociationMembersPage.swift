import Vapor
import EntraideCore

/// The association's members as "Firstname L." with their roles. Admins change a role or
/// remove someone, admins and staff add a member by e-mail or phone: `OrganisationService`
/// decides, so "an association always keeps one admin" is its error, shown translated.
extension AssociationPages {
    struct MembersPage: Encodable {
        let page: PageContext
        let association: Header
        let members: [MemberRow]
        let managesMembers: Bool
        let addsMembers: Bool
        let grantable: [RoleChoice]
        let form: FormState
        let done: String?
    }

    struct MemberRow: Encodable {
        let id: String
        let name: String
        let role: String
        let roles: [RoleChoice]
        let isMe: Bool
    }

    struct RoleChoice: Encodable {
        let code: String
        let label: String
        let selected: Bool
    }

    static func members(_ req: Request) async throws -> Response {
        guard let context = try await organisation(req) else { return req.redirect(to: "/login") }
        let done = req.query[String.self, at: "done"].flatMap { ["added", "changed", "removed"].contains($0) ? "page.association.members_\($0)" : nil }
        return try await renderMembers(req, context, form: FormState(), done: done)
    }

    static func renderMembers(_ req: Request, _ context: OrganisationContext, form: FormState, done: String?) async throws -> Response {
        let rows = try await OrganisationService.members(context, on: req.db)
        let roleLabel = { (role: OrganisationRole) in req.t("rounds.role.\(role.rawValue)") }
        let page = MembersPage(
            page: PageContext(req, titleKey: "page.association.members"), association: Header(context, req),
            members: rows.map { member in
                MemberRow(id: member.userID.uuidString, name: member.displayName, role: req.t("rounds.role.\(member.role)"),
                          roles: OrganisationRole.allCases.map { RoleChoice(code: $0.rawValue, label: roleLabel($0), selected: $0.rawValue == member.role) },
                          isMe: member.userID == context.userID)
            },
            managesMembers: context.role.managesMembers, addsMembers: context.role.mayGrant(.volunteer),
            grantable: OrganisationRole.allCases.filter(context.role.mayGrant).map {
                // A new member is a volunteer unless the form said otherwise.
                RoleChoice(code: $0.rawValue, label: roleLabel($0), selected: (form.values["role"] ?? OrganisationRole.volunteer.rawValue) == $0.rawValue)
            },
            form: form, done: done.map { req.t($0) })
        return try await req.view.render("rounds/association/members", page).encodeResponse(for: req)
    }

    /// One field takes an e-mail address or a phone number: an "@" says which.
    static func addMember(_ req: Request) async throws -> Response {
        guard let context = try await organisation(req) else { return req.redirect(to: "/login") }
        let fields = try CommunityForm.fields(req)
        do {
            let contact = CommunityForm.given(fields["contact"])
            let isEmail = contact?.contains("@") ?? true
            let input = MemberInput(email: isEmail ? contact : nil, phone: isEmail ? nil : contact, role: CommunityForm.given(fields["role"]))
            _ = try await OrganisationService.add(input, to: context, defaultCountry: req.config.defaultCountry, on: req.db)
            return req.redirect(to: "\(base(context))/members?done=added")
        } catch {
            let form = FormState.failed(error, values: fields, req).placed(on: ["contact", "role"], renaming: ["email": "contact", "phone": "contact"])
            return failed(try await renderMembers(req, context, form: form, done: nil), error, req)
        }
    }

    static func changeRole(_ req: Request) async throws -> Response {
        guard let context = try await organisation(req) else { return req.redirect(to: "/login") }
        let fields = try CommunityForm.fields(req)
        do {
            _ = try await OrganisationService.changeRole(of: req.parameters.get("userID", as: UUID.self), MemberRoleInput(role: fields["role"]),
                                                         in: context, on: req.db)
            return req.redirect(to: "\(base(context))/members?done=changed")
        } catch {
            // The error goes above the list: it is about the member's row, not the add form.
            let form = FormState.failed(error, values: [:], req).placed(on: [])
            return failed(try await renderMembers(req, context, form: form, done: nil), error, req)
        }
    }

    static func removeMember(_ req: Request) async throws -> Response {
        guard let context = try await organisation(req) else { return req.redirect(to: "/login") }
        let userID = req.parameters.get("userID", as: UUID.self)
        do {
            try await OrganisationService.remove(userID, from: context, on: req.db)
            // A member who left no longer sees the association.
            return req.redirect(to: userID == context.userID ? "/rounds" : "\(base(context))/members?done=removed")
        } catch {
            let form = FormState.failed(error, values: [:], req).placed(on: [])
            return failed(try await renderMembers(req, context, form: form, done: nil), error, req)
        }
    }
}

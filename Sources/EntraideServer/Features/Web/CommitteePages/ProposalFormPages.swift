import Vapor
import Fluent
import EntraideCore

/// The staff forms: propose a charter change (the current text to edit), a word-list change
/// (terms to add and to remove), or another proposal; and the author's revision of an open
/// proposal. A mistake shows the form again with everything typed kept.
extension CommitteePages {
    struct FormPage: Encodable {
        let page: PageContext
        let kind: String
        let heading: String
        let action: String
        let isCharter: Bool
        let isWords: Bool
        let isOther: Bool
        let languages: [Option]
        let categories: [Option]
        let matches: [Option]
        let form: FormState
    }

    struct Option: Encodable {
        let code: String
        let label: String
        let selected: Bool
    }

    static func formKind(_ req: Request) throws -> ProposalKind {
        guard let kind = req.parameters.get("kind").flatMap(ProposalKind.init(rawValue:)), ProposalDraft.formKinds.contains(kind) else {
            throw AppError.notFound("committee.not_found")
        }
        return kind
    }

    static func proposer(_ req: Request) async throws -> User? {
        guard let user = try await reader(req) else { return nil }
        guard try await proposes(user, req) else { throw AppError.forbidden }
        return user
    }

    static func newForm(_ req: Request) async throws -> Response {
        guard try await proposer(req) != nil else { return req.redirect(to: "/login") }
        let kind = try formKind(req)
        var values: [String: String] = ["language": req.query[String.self, at: "language"] ?? req.language.rawValue]
        if kind == .charter, let language = Language(rawValue: values["language"] ?? "") {
            values["text"] = try await CharterService.current(language, on: req.db)?.text ?? ""
        }
        return try await renderForm(req, kind: kind, action: "/committee/new/\(kind.rawValue)", form: FormState(values: values))
    }

    static func create(_ req: Request) async throws -> Response {
        guard let user = try await proposer(req) else { return req.redirect(to: "/login") }
        let kind = try formKind(req)
        let fields = try CommunityForm.fields(req)
        do {
            let proposal = try await CommitteeService.submit(input(fields), kind: kind, by: user, screening: req.application.screening, on: req.db)
            return req.redirect(to: "/committee/proposals/\(try proposal.requireID())")
        } catch {
            return try await renderForm(req, kind: kind, action: "/committee/new/\(kind.rawValue)", form: failed(error, fields, req),
                                        status: EntraideErrorMiddleware.appError(for: error, request: req).status)
        }
    }

    static func authorsProposal(_ req: Request, _ user: User) async throws -> CommitteeProposal {
        let proposal = try await CommitteeService.find(req.parameters.get("proposalID", as: UUID.self), on: req.db)
        guard proposal.$author.id == user.id else { throw AppError(.forbidden, "committee.not_author") }
        guard proposal.statusValue == .open else { throw AppError(.conflict, "committee.closed") }
        guard ProposalDraft.formKinds.contains(proposal.kindValue) else { throw AppError(.conflict, "committee.revise_elsewhere") }
        return proposal
    }

    static func reviseForm(_ req: Request) async throws -> Response {
        guard let user = try await reader(req) else { return req.redirect(to: "/login") }
        let proposal = try await authorsProposal(req, user)
        let input = ProposalDraft.input(of: proposal)
        let values = ["title": input.title, "rationale": input.rationale, "language": input.language, "text": input.text, "add": input.add,
                      "category": input.category, "match": input.match, "remove": input.remove, "before": input.before, "after": input.after]
            .compactMapValues { $0 }
        return try await renderForm(req, kind: proposal.kindValue, action: "/committee/proposals/\(try proposal.requireID())/revise",
                                    form: FormState(values: values))
    }

    static func revise(_ req: Request) async throws -> Response {
        guard let user = try await reader(req) else { return req.redirect(to: "/login") }
        let proposal = try await authorsProposal(req, user)
        let fields = try CommunityForm.fields(req)
        do {
            try await CommitteeService.revise(proposal, with: input(fields), by: user, screening: req.application.screening, on: req.db)
            return req.redirect(to: "/committee/proposals/\(try proposal.requireID())")
        } catch {
            return try await renderForm(req, kind: proposal.kindValue, action: "/committee/proposals/\(try proposal.requireID())/revise",
                                        form: failed(error, fields, req), status: EntraideErrorMiddleware.appError(for: error, request: req).status)
        }
    }

    static func input(_ fields: [String: String]) -> ProposalInput {
        ProposalInput(title: fields["title"], rationale: fields["rationale"], language: fields["language"], text: fields["text"],
                      add: fields["add"], category: fields["category"], match: fields["match"], remove: fields["remove"],
                      before: fields["before"], after: fields["after"])
    }

    static func failed(_ error: any Error, _ fields: [String: String], _ req: Request) -> FormState {
        FormState.failed(error, values: fields, req)
            .placed(on: ["title", "rationale", "language", "text", "add", "category", "match", "remove", "before", "after"])
    }

    static func renderForm(_ req: Request, kind: ProposalKind, action: String, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let language = form.values["language"], category = form.values["category"], match = form.values["match"] ?? "exact"
        let page = FormPage(
            page: PageContext(req, titleKey: "page.committee.new_title"), kind: kind.rawValue, heading: req.t("committee.new.\(kind.rawValue)"),
            action: action, isCharter: kind == .charter, isWords: kind == .sensitiveWords, isOther: kind == .other,
            languages: Language.allCases.map { Option(code: $0.rawValue, label: $0.endonym, selected: $0.rawValue == language) },
            categories: SensitiveCategory.allCases.map { Option(code: $0.rawValue, label: req.t("committee.category.\($0.rawValue)"), selected: $0.rawValue == category) },
            matches: [SensitiveWordList.Match.exact, .stem].map { Option(code: $0.rawValue, label: req.t("committee.match.\($0.rawValue)"), selected: $0.rawValue == match) },
            form: form)
        return try await req.view.render("committee/form", page).encodeResponse(status: status, for: req)
    }
}

/// `/charter`: the platform's community charter, public, in the reader's language when the
/// committee approved one in it.
struct CharterPage: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("charter", use: Self.show)
    }

    struct Page: Encodable {
        let page: PageContext
        let text: String?
        let language: String?
        let since: String?
        let iso: String?
        let proposes: Bool
    }

    static func show(_ req: Request) async throws -> Response {
        let version = try await CharterService.forReader(req.language, fallback: req.config.defaultLanguage, on: req.db)
        let proposes = try await req.auth.get(User.self).asyncMap { try await CommitteePages.proposes($0, req) } ?? false
        let page = Page(page: PageContext(req, titleKey: "page.charter.title"), text: version?.text,
                        language: version.flatMap { $0.language == req.language.rawValue ? nil : $0.language },
                        since: version?.createdAt.map { PageClock.dayAndTime($0, req.language) }, iso: version?.createdAt.map(PageClock.iso),
                        proposes: proposes)
        return try await req.view.render("committee/charter", page).encodeResponse(for: req)
    }
}

private extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

import Vapor
import EntraideCore

/// `/people`: an association member registers people who use Entraide by SMS only, with
/// their consent, sees whom they registered, and confirms a change of number for someone
/// who lost their phone.
struct SMSPeoplePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("people", use: Self.list)
        routes.post("people", use: Self.register)
        routes.post("people", "moves", ":moveID", "confirm", use: Self.confirmMove)
    }

    struct Page: Encodable {
        let page: PageContext
        let people: [SMSRegistration.Registered]
        let languages: [PageContext.LanguageLink]
        let form: FormState
        let registered: String?
        let moved: Bool
    }

    private static func referent(_ req: Request) async throws -> User? {
        guard let user = req.auth.get(User.self) else { return nil }
        guard try await SMSRegistration.mayRegister(user, on: req.db) else { throw AppError(.forbidden, "sms.register_forbidden") }
        return user
    }

    static func list(_ req: Request) async throws -> Response {
        guard let user = try await referent(req) else { return req.redirect(to: "/login") }
        return try await render(req, user, form: FormState(values: ["language": req.language.rawValue]))
    }

    static func render(_ req: Request, _ user: User, form: FormState) async throws -> Response {
        let page = PageContext(req, titleKey: "page.people.title")
        let context = Page(page: page, people: try await SMSRegistration.registered(by: user, on: req.db),
                           languages: page.languages.map { .init(code: $0.code, name: $0.name, current: $0.code == (form.values["language"] ?? page.lang)) },
                           form: form, registered: req.query[String.self, at: "registered"], moved: req.query[String.self, at: "moved"] != nil)
        return try await req.view.render("sms/people", context).encodeResponse(for: req)
    }

    static func register(_ req: Request) async throws -> Response {
        guard let user = try await referent(req) else { return req.redirect(to: "/login") }
        let input = try req.content.decode(SMSRegistration.Input.self)
        do {
            try await req.rateLimit(.publishPerMember, key: user.requireID().uuidString)
            let person = try await SMSRegistration.register(input, by: user, channel: SMSChannel(application: req.application, database: req.db, logger: req.logger))
            let name = person.firstName.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""
            return req.redirect(to: "/people?registered=\(name)")
        } catch {
            let values = ["firstName": input.firstName ?? "", "phone": input.phone ?? "", "postalCode": input.postalCode ?? "",
                          "language": input.language ?? req.language.rawValue]
            let response = try await render(req, user, form: .failed(error, values: values, req))
            response.status = EntraideErrorMiddleware.appError(for: error, request: req).status
            return response
        }
    }

    static func confirmMove(_ req: Request) async throws -> Response {
        guard let user = try await referent(req) else { return req.redirect(to: "/login") }
        try await SMSRegistration.confirmMove(req.parameters.get("moveID", as: UUID.self), by: user,
                                              channel: SMSChannel(application: req.application, database: req.db, logger: req.logger))
        return req.redirect(to: "/people?moved=1")
    }
}

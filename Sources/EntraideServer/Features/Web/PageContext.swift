import Vapor
import EntraideCore

/// What every page's layout needs: language and direction, the CSRF token for its forms,
/// who is signed in (as "Firstname L."), and the language picker's links.
struct PageContext: Encodable {
    struct LanguageLink: Encodable {
        let code: String
        let name: String
        let current: Bool
    }

    let lang: String
    let dir: String
    var title: String
    let csrf: String
    let member: String?
    /// Moderators and admins get a link to the moderation queue; admins to its log.
    let moderates: Bool
    let administers: Bool
    /// Association members, animators and admins register people who use SMS only.
    let registersPeople: Bool
    /// Animators and admins see where newcomers stop in their first week.
    let measuresFirstWeek: Bool
    /// Committee members and staff read the street committee's proposals.
    let reviews: Bool
    let languages: [LanguageLink]
    let path: String
    let stylesheet: String

    init(_ req: Request, titleKey: String) {
        let language = req.language
        lang = language.rawValue
        dir = language.isRightToLeft ? "rtl" : "ltr"
        title = req.t(titleKey)
        csrf = req.csrfToken
        member = req.auth.get(User.self)?.displayName
        let roles = Set(req.authenticated?.roles ?? [])
        moderates = !roles.isDisjoint(with: [StaffRole.moderator.rawValue, StaffRole.admin.rawValue])
        administers = roles.contains(StaffRole.admin.rawValue)
        registersPeople = req.auth.get(User.self)?.goalValue == .organisation
            || !roles.isDisjoint(with: [StaffRole.animator.rawValue, StaffRole.admin.rawValue])
        measuresFirstWeek = !roles.isDisjoint(with: [StaffRole.animator.rawValue, StaffRole.admin.rawValue])
        reviews = !roles.isDisjoint(with: CommitteeService.readers.map(\.rawValue))
        languages = Language.allCases
            .filter { req.application.catalogue.languages.contains($0) }
            .map { LanguageLink(code: $0.rawValue, name: $0.endonym, current: $0 == language) }
        path = req.url.path
        stylesheet = StaticAssets.url(for: "app.css", in: req.application)
    }
}

/// A form shown again after a mistake keeps everything the member typed, with each error
/// next to its field.
struct FormState: Encodable {
    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    var message: String?

    static func failed(_ error: any Error, values: [String: String], _ req: Request) -> FormState {
        let appError = EntraideErrorMiddleware.appError(for: error, request: req)
        let text = req.t(appError.code, appError.arguments)
        var state = FormState(values: values)
        if let field = appError.field { state.errors[field] = text } else { state.message = text }
        return state
    }
}

enum ErrorPage {
    struct Context: Encodable {
        let page: PageContext
        let status: Int
        let message: String
    }

    static func render(request: Request, status: HTTPResponseStatus, message: String) async throws -> Response {
        let context = Context(page: PageContext(request, titleKey: "page.error.title"), status: Int(status.code), message: message)
        let response = try await request.view.render("error", context).encodeResponse(for: request)
        response.status = status
        return response
    }
}

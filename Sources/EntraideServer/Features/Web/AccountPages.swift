import Vapor
import Fluent
import EntraideCore

/// Sign-up, log-in (e-mail or SMS code), profile and account pages. They work without
/// JavaScript: plain forms, each with its CSRF token, shown again with what was typed when
/// something is wrong.
struct AccountPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("signup", use: Self.signupForm)
        routes.post("signup", use: Self.signup)
        routes.get("login", use: Self.loginForm)
        routes.post("login", use: Self.login)
        routes.get("login", "sms", use: Self.smsForm)
        routes.post("login", "sms", use: Self.sendCode)
        routes.get("login", "code", use: Self.codeForm)
        routes.post("login", "code", use: Self.checkCode)
        routes.post("logout", use: Self.logout)
        routes.get("me", use: Self.profile)
        routes.post("me", use: Self.updateProfile)
        routes.get("account", use: Self.account)
        routes.get("account", "export", use: Self.export)
        routes.post("account", "sms", use: Self.updateSMS)
        routes.post("account", "sessions", ":sessionID", "revoke", use: Self.revokeSession)
        routes.post("account", "delete", use: Self.deleteAccount)
        routes.post("account", "phone", use: Self.requestPhoneChange)
        routes.post("account", "phone", "confirm", use: Self.confirmPhoneChange)
        routes.get("users", ":userID", use: Self.publicProfile)
    }

    struct FormPage: Encodable {
        let page: PageContext
        let form: FormState
        var goals: [String] = Goal.allCases.map(\.rawValue)
    }

    // MARK: Sign-up

    static func signupForm(_ req: Request) async throws -> View {
        try await req.view.render("accounts/signup", FormPage(page: PageContext(req, titleKey: "page.signup.title"), form: FormState(values: ["goal": "offer_help"])))
    }

    static func signup(_ req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        var values = form
        values["password"] = nil
        values["csrf"] = nil
        do {
            try await req.rateLimit(.signupPerIP)
            let input = SignupRequest(
                firstName: form["firstName"] ?? "", lastName: form["lastName"] ?? "", goal: form["goal"] ?? "",
                language: req.language.rawValue,
                email: form["method"] == "phone" ? nil : form["email"],
                password: form["method"] == "phone" ? nil : form["password"],
                phone: form["method"] == "phone" ? form["phone"] : nil)
            switch try await AccountService.signup(input, defaultCountry: req.config.defaultCountry, secret: req.config.secret, hasher: req.password.async, on: req.db) {
            case let .signedIn(user):
                return try await signIn(user, redirectTo: "/me", req)
            case let .codeSent(user, phone, code):
                try await AuthAPI.sendLoginCode(code, to: phone, user: user, req)
                return req.redirect(to: "/login/code?phone=" + (phone.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            }
        } catch {
            let page = FormPage(page: PageContext(req, titleKey: "page.signup.title"), form: .failed(error, values: values, req))
            return try await renderFailed("accounts/signup", page, error, req)
        }
    }

    // MARK: Log-in

    static func loginForm(_ req: Request) async throws -> View {
        try await req.view.render("accounts/login", FormPage(page: PageContext(req, titleKey: "page.login.title"), form: FormState()))
    }

    static func login(_ req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        do {
            let email = form["email"] ?? ""
            try await req.rateLimit(.loginPerIP)
            try await req.rateLimit(.loginPerAccount, key: email.lowercased())
            let user = try await AccountService.login(email: email, password: form["password"] ?? "", hasher: req.password.async, on: req.db)
            return try await signIn(user, redirectTo: "/", req)
        } catch {
            let page = FormPage(page: PageContext(req, titleKey: "page.login.title"), form: .failed(error, values: ["email": form["email"] ?? ""], req))
            return try await renderFailed("accounts/login", page, error, req)
        }
    }

    static func smsForm(_ req: Request) async throws -> View {
        try await req.view.render("accounts/login-sms", FormPage(page: PageContext(req, titleKey: "page.login_sms.title"), form: FormState()))
    }

    static func sendCode(_ req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        do {
            let number = try ProfileRules.phone(form["phone"] ?? "", defaultCountry: req.config.defaultCountry).e164
            try await req.rateLimit(.smsPerIP)
            try await req.rateLimit(.smsPerPhone, key: number)
            if let (user, code) = try await AccountService.loginCode(for: number, secret: req.config.secret, on: req.db) {
                try await AuthAPI.sendLoginCode(code, to: number, user: user, req)
            }
            return req.redirect(to: "/login/code?phone=" + (number.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        } catch {
            let page = FormPage(page: PageContext(req, titleKey: "page.login_sms.title"), form: .failed(error, values: ["phone": form["phone"] ?? ""], req))
            return try await renderFailed("accounts/login-sms", page, error, req)
        }
    }

    static func codeForm(_ req: Request) async throws -> View {
        let phone = req.query[String.self, at: "phone"] ?? ""
        return try await req.view.render("accounts/login-code", FormPage(page: PageContext(req, titleKey: "page.login_code.title"), form: FormState(values: ["phone": phone])))
    }

    static func checkCode(_ req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        do {
            let number = try ProfileRules.phone(form["phone"] ?? "", defaultCountry: req.config.defaultCountry).e164
            try await req.rateLimit(.codeCheckPerIP)
            let user = try await AccountService.smsLogin(phone: number, code: (form["code"] ?? "").trimmingCharacters(in: .whitespaces), secret: req.config.secret, on: req.db)
            return try await signIn(user, redirectTo: "/me", req)
        } catch {
            let page = FormPage(page: PageContext(req, titleKey: "page.login_code.title"), form: .failed(error, values: ["phone": form["phone"] ?? ""], req))
            return try await renderFailed("accounts/login-code", page, error, req)
        }
    }

    static func logout(_ req: Request) async throws -> Response {
        if let id = req.currentSessionID { try await SessionService.close(id, on: req.db) }
        let response = req.redirect(to: "/")
        response.cookies[CookieSessionAuthenticator.cookieName] = .expired
        return response
    }

    // MARK: Profile and account

    struct ProfilePage: Encodable {
        let page: PageContext
        let form: FormState
        let me: MeDTO
        let interests: [Choice]
        let availability: [Choice]
        let saved: Bool
        struct Choice: Encodable { let value: String; let checked: Bool }
    }

    static func profilePage(_ req: Request, user: User, form: FormState, saved: Bool) async throws -> ProfilePage {
        let me = try await AccountService.me(user, on: req.db)
        return ProfilePage(
            page: PageContext(req, titleKey: "page.profile.title"), form: form, me: me,
            interests: Interest.allCases.map { .init(value: $0.rawValue, checked: me.interests.contains($0.rawValue)) },
            availability: Availability.allCases.map { .init(value: $0.rawValue, checked: me.availability.contains($0.rawValue)) },
            saved: saved)
    }

    static func profile(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let page = try await profilePage(req, user: user, form: FormState(values: profileValues(user)), saved: req.query[String.self, at: "saved"] != nil)
        return try await req.view.render("accounts/profile", page).encodeResponse(for: req)
    }

    /// The profile form's fields as stored.
    static func profileValues(_ user: User) -> [String: String] {
        ["about": user.about ?? "", "languages": user.spokenLanguages.joined(separator: ", "),
         "postalCode": user.postalCode ?? "", "city": user.city ?? "", "travelDistanceKm": "\(user.travelDistanceKm)",
         "firstName": user.firstName, "lastName": user.lastName]
    }

    /// Checkbox groups arrive as `interests[]`; the other fields as plain text.
    struct ProfileForm: Content {
        var firstName: String?
        var lastName: String?
        var about: String?
        var languages: String?
        var postalCode: String?
        var city: String?
        var travelDistanceKm: String?
        var interests: [String]?
        var availability: [String]?
    }

    static func updateProfile(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let form = try req.content.decode(ProfileForm.self)
        let values = ["about": form.about ?? "", "languages": form.languages ?? "", "postalCode": form.postalCode ?? "",
                      "city": form.city ?? "", "travelDistanceKm": form.travelDistanceKm ?? "",
                      "firstName": form.firstName ?? "", "lastName": form.lastName ?? ""]
        do {
            guard let distance = Int(form.travelDistanceKm ?? "10") else {
                throw RuleViolation("validation.type_invalid", field: "travelDistanceKm")
            }
            let patch = ProfileUpdate(
                firstName: form.firstName, lastName: form.lastName, about: form.about,
                languages: (form.languages ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                interests: form.interests ?? [], availability: form.availability ?? [],
                postalCode: form.postalCode, city: form.city, travelDistanceKm: distance, language: nil)
            try await ProfileService.update(user, with: patch, screening: req.application.screening, on: req.db)
            return req.redirect(to: "/me?saved=1")
        } catch {
            // Reload what is stored, so a half-applied change never shows as saved.
            let stored = try await User.find(user.requireID(), on: req.db) ?? user
            let page = try await profilePage(req, user: stored, form: .failed(error, values: values, req), saved: false)
            return try await renderFailed("accounts/profile", page, error, req)
        }
    }

    struct AccountPage: Encodable {
        let page: PageContext
        let me: MeDTO
        let sessions: [SessionDTO]
        let form: FormState
        /// Set once a code went to a new number: the page then asks for that code.
        var pendingPhone: String?
        var phoneChanged = false
        var sms: SMSSettings.View
        var smsSaved = false
    }

    static func accountPage(_ req: Request, user: User, form: FormState = FormState(), pendingPhone: String? = nil) async throws -> AccountPage {
        let sessions = try await SessionService.list(for: user.requireID(), on: req.db).map { try SessionDTO($0, currentID: req.currentSessionID) }
        return AccountPage(page: PageContext(req, titleKey: "page.account.title"), me: try await AccountService.me(user, on: req.db),
                           sessions: sessions, form: form, pendingPhone: pendingPhone,
                           phoneChanged: req.query[String.self, at: "phone_changed"] != nil,
                           sms: try await SMSSettings.view(for: user, on: req.db),
                           smsSaved: req.query[String.self, at: "sms_saved"] != nil)
    }

    /// How news reach me by SMS, from the account page.
    static func updateSMS(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let mode = try? req.content.get(String.self, at: "mode")
        let days = (try? req.content.get(String.self, at: "digestAfterDays")) ?? ""
        do {
            guard let count = Int(days.trimmingCharacters(in: .whitespaces)) else {
                throw RuleViolation("sms.digest_days_invalid", field: "digestAfterDays",
                                    arguments: ["min": "\(SMSSettings.digestDays.lowerBound)", "max": "\(SMSSettings.digestDays.upperBound)"])
            }
            _ = try await SMSSettings.update(.init(mode: mode, digestAfterDays: count), for: user, on: req.db)
            return req.redirect(to: "/account?sms_saved=1#sms")
        } catch {
            var page = try await accountPage(req, user: user, form: .failed(error, values: ["digestAfterDays": days], req))
            page.sms = SMSSettings.View(phone: page.sms.phone, mode: mode ?? page.sms.mode, digestAfterDays: page.sms.digestAfterDays, stopped: page.sms.stopped)
            return try await renderFailed("accounts/account", page, error, req)
        }
    }

    static func account(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        return try await req.view.render("accounts/account", try await accountPage(req, user: user)).encodeResponse(for: req)
    }

    static func requestPhoneChange(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let typed = (try? req.content.get(String.self, at: "phone")) ?? ""
        do {
            let number = try ProfileRules.phone(typed, defaultCountry: req.config.defaultCountry).e164
            try await req.rateLimit(.smsPerIP)
            try await req.rateLimit(.smsPerPhone, key: number)
            let (phone, code) = try await PhoneChangeService.requestChange(for: user, to: number, defaultCountry: req.config.defaultCountry, secret: req.config.secret, on: req.db)
            let body = req.t("sms.phone_change_code", ["code": code, "minutes": "\(OneTimeCodePolicy.lifetimeSeconds / 60)"])
            try await req.sms.send(to: phone, body: body, purpose: .phoneChangeCode, userID: user.id)
            return try await req.view.render("accounts/account", try await accountPage(req, user: user, pendingPhone: phone)).encodeResponse(for: req)
        } catch {
            let page = try await accountPage(req, user: user, form: .failed(error, values: ["phone": typed], req))
            return try await renderFailed("accounts/account", page, error, req)
        }
    }

    static func confirmPhoneChange(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let phone = (try? req.content.get(String.self, at: "phone")) ?? ""
        let code = ((try? req.content.get(String.self, at: "code")) ?? "").trimmingCharacters(in: .whitespaces)
        do {
            try await req.rateLimit(.codeCheckPerIP)
            try await PhoneChangeService.confirm(for: user, phone: phone, code: code, defaultCountry: req.config.defaultCountry, secret: req.config.secret, on: req.db)
            return req.redirect(to: "/account?phone_changed=1")
        } catch {
            let page = try await accountPage(req, user: user, form: .failed(error, values: ["phone": phone], req), pendingPhone: phone)
            return try await renderFailed("accounts/account", page, error, req)
        }
    }

    static func export(_ req: Request) async throws -> Response {
        guard req.auth.has(User.self) else { return req.redirect(to: "/login") }
        return try await MeAPI.export(req)
    }

    static func revokeSession(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        guard let id = req.parameters.get("sessionID", as: UUID.self) else { throw AppError.notFound("session.not_found") }
        try await SessionService.revoke(sessionID: id, of: user.requireID(), on: req.db)
        return req.redirect(to: id == req.currentSessionID ? "/" : "/account")
    }

    static func deleteAccount(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        guard (try? req.content.get(String.self, at: "confirm")) == "yes" else {
            var form = FormState()
            form.errors["confirm"] = req.t("account.delete_confirm_required")
            let page = try await accountPage(req, user: user, form: form)
            let response = try await req.view.render("accounts/account", page).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
        try await ProfileService.anonymise(user, on: req.db)
        let response = req.redirect(to: "/?deleted=1")
        response.cookies[CookieSessionAuthenticator.cookieName] = .expired
        return response
    }

    struct PublicProfilePage: Encodable {
        let page: PageContext
        let profile: PublicProfileDTO
        /// Not when the reader chose "low data".
        let showPhoto: Bool
        /// "About" in the reader's language, when asked.
        let translation: PageTranslation?
    }

    static func publicProfile(_ req: Request) async throws -> Response {
        guard let reader = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let profile = try PublicProfileDTO(try await UsersAPI.activeUser(req))
        let translation = profile.about == nil ? nil : await PageTranslation.of(req, .member, profile.id, authorID: profile.id, viewer: reader)
        let page = PublicProfilePage(page: PageContext(req, titleKey: "page.public_profile.title"), profile: profile,
                                     showPhoto: profile.photoURL != nil && !reader.lowData, translation: translation)
        return try await req.view.render("accounts/public-profile", page).encodeResponse(for: req)
    }

    // MARK: Helpers

    /// Opens a web session: an HttpOnly, SameSite cookie, Secure outside development.
    static func signIn(_ user: User, redirectTo path: String, _ req: Request) async throws -> Response {
        if let previous = req.currentSessionID { try await SessionService.close(previous, on: req.db) }
        let (secret, _) = try await SessionService.open(for: user, kind: .web, userAgent: req.headers.first(name: .userAgent), on: req.db)
        let response = req.redirect(to: path)
        response.cookies[CookieSessionAuthenticator.cookieName] = HTTPCookies.Value(
            string: secret, expires: nil, maxAge: Int(SessionService.idleLifetime), path: "/",
            isSecure: req.config.secureCookies, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    static func renderFailed<Page: Encodable>(_ template: String, _ page: Page, _ error: any Error, _ req: Request) async throws -> Response {
        let status = EntraideErrorMiddleware.appError(for: error, request: req)
        let response = try await req.view.render(template, page).encodeResponse(for: req)
        response.status = status.status
        for (name, value) in status.headers { response.headers.replaceOrAdd(name: name, value: value) }
        return response
    }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

@Suite struct AccountPagesTests {
    @Test func everyFormCarriesACSRFToken() async throws {
        try await withEntraide { app in
            let client = WebClient(app)
            for path in ["/signup", "/login", "/login/sms", "/login/code?phone=%2B33612345678"] {
                let page = try await client.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(WebClient.csrf(in: page.body.string) != nil, "\(path) has no CSRF field")
            }
        }
    }

    @Test func aPostWithoutTheCSRFTokenIsRefusedAndNothingIsCreated() async throws {
        try await withEntraide { app in
            let client = WebClient(app)
            _ = try await client.get("/signup")
            let res = try await client.post("/signup", form: [
                "firstName": "Eve", "lastName": "Attacker", "goal": "offer_help", "method": "email", "email": "eve@example.org", "password": "longenough"])
            #expect(res.status == .forbidden)
            #expect(try await User.query(on: app.db).count() == 0)
            let forged = try await client.post("/signup", form: [
                "csrf": String(repeating: "a", count: 64), "firstName": "Eve", "lastName": "Attacker", "goal": "offer_help",
                "method": "email", "email": "eve@example.org", "password": "longenough"])
            #expect(forged.status == .forbidden)
        }
    }

    @Test func signupOpensASessionWithASafeCookie() async throws {
        try await withEntraide { app in
            let client = WebClient(app)
            let res = try await client.submit("/signup", to: "/signup", fields: [
                "firstName": "Marie", "lastName": "Dupont", "goal": "offer_help", "method": "email",
                "email": "marie@example.org", "password": "correct horse"])
            #expect(res.status == .seeOther)
            #expect(res.headers.first(name: .location) == "/me")
            let cookie = try #require(client.lastSetCookies.first { $0.hasPrefix("entraide_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))

            let me = try await client.get("/me")
            #expect(me.status == .ok)
            #expect(me.body.string.contains("Marie D."))
            // The web cookie does not open the API: only bearer tokens do.
            #expect(try await app.send(.GET, "/api/v1/me", headers: ["Cookie": "entraide_session=\(client.cookies["entraide_session"]!)"]).status == .unauthorized)

            let logout = try await client.submit("/me", to: "/logout", fields: [:])
            #expect(logout.status == .seeOther)
            #expect(client.cookies["entraide_session"] == nil)
            #expect(try await MemberSession.query(on: app.db).count() == 0)
        }
    }

    @Test func aFailedFormKeepsWhatWasTyped() async throws {
        try await withEntraide { app in
            let client = WebClient(app)
            let res = try await client.submit("/signup", to: "/signup", fields: [
                "firstName": "Marie", "lastName": "Dupont", "goal": "offer_help", "method": "email",
                "email": "marie@example.org", "password": "short"])
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains("value=\"Marie\"") && html.contains("value=\"marie@example.org\""))
            #expect(html.contains("au moins 8 caractères"))
            #expect(!html.contains("value=\"short\""), "a password is never sent back")
        }
    }

    @Test func smsLoginThroughThePages() async throws {
        try await withEntraide { app in
            _ = try await app.send(.POST, "/api/v1/auth/signup", json: ["firstName": "Olena", "lastName": "Kovalenko", "goal": "ask_for_help", "phone": "0612345678"])
            let client = WebClient(app)
            let sent = try await client.submit("/login/sms", to: "/login/sms", fields: ["phone": "06 12 34 56 78"])
            #expect(sent.status == .seeOther)
            let code = try await app.lastCode(sentTo: "+33612345678")
            let done = try await client.submit("/login/code?phone=%2B33612345678", to: "/login/code", fields: ["phone": "+33612345678", "code": code])
            #expect(done.status == .seeOther)
            #expect(try await client.get("/me").body.string.contains("Olena K."))
        }
    }

    @Test func profileFormSavesAndShowsErrorsInPlace() async throws {
        try await withEntraide { app in
            let client = try await WebClient.signedIn(app, firstName: "Marie")
            let saved = try await client.submit("/me", to: "/me", fields: [
                "firstName": "Marie", "lastName": "Martin", "about": "Voisine", "languages": "fr, es",
                "postalCode": "75011", "city": "Paris", "travelDistanceKm": "3", "interests[]": "cooking"])
            #expect(saved.status == .seeOther)
            let page = try await client.get("/me?saved=1")
            #expect(page.body.string.contains("Voisine") && page.body.string.contains("75011"))

            let refused = try await client.submit("/me", to: "/me", fields: [
                "firstName": "Marie", "lastName": "Martin", "about": String(repeating: "x", count: 250), "languages": "fr",
                "postalCode": "75011", "city": "Paris", "travelDistanceKm": "3"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains(String(repeating: "x", count: 250)), "the text the member wrote is shown again")
        }
    }

    @Test func accountPageListsSessionsAndDeletesOnlyWhenConfirmed() async throws {
        try await withEntraide { app in
            let client = try await WebClient.signedIn(app)
            let page = try await client.get("/account")
            #expect(page.body.string.contains("/revoke"))
            let unconfirmed = try await client.submit("/account", to: "/account/delete", fields: [:])
            #expect(unconfirmed.status == .unprocessableEntity)
            #expect(try await User.query(on: app.db).filter(\.$anonymisedAt == nil).count() == 1)
            let confirmed = try await client.submit("/account", to: "/account/delete", fields: ["confirm": "yes"])
            #expect(confirmed.status == .seeOther)
            #expect(try await User.query(on: app.db).filter(\.$anonymisedAt == nil).count() == 0)
        }
    }

    @Test func pagesSpeakTheChosenLanguageAndRememberIt() async throws {
        try await withEntraide { app in
            let client = WebClient(app)
            let english = try await client.get("/login?lang=en")
            #expect(english.body.string.contains("<html lang=\"en\""))
            #expect(english.body.string.contains("Log in"))
            // The picker's choice is kept for the next page, without an account.
            #expect(try await client.get("/signup").body.string.contains("Create my account"))
            let french = try await WebClient(app).get("/login", headers: ["Accept-Language": "fr-FR,fr;q=0.9"])
            #expect(french.body.string.contains("Se connecter"))
        }
    }

    @Test func securityHeadersAreOnEveryPage() async throws {
        try await withEntraide { app in
            for path in ["/", "/login", "/api/v1/me", "/health"] {
                let res = try await app.send(.GET, path)
                #expect(res.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true, "\(path)")
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(res.headers.first(name: "Referrer-Policy") == "same-origin")
            }
        }
    }

    @Test func staticFilesAreFingerprintedAndCachedForAYear() async throws {
        try await withEntraide { app in
            let home = try await WebClient(app).get("/")
            let href = try #require(home.body.string.firstMatch(of: /href="(\/static\/app\.[0-9a-f]{10}\.css)"/)).1
            let css = try await app.send(.GET, String(href))
            #expect(css.status == .ok)
            #expect(css.headers.first(name: .cacheControl)?.contains("max-age=31536000") == true)
            #expect(try await app.send(.GET, "/static/..%2Fpackage.swift").status == .notFound)
        }
    }
}

@Suite struct PhoneChangePageTests {
    @Test func aMemberChangesTheirNumberFromTheAccountPage() async throws {
        try await withEntraide { app in
            let client = try await WebClient.signedIn(app)
            let asked = try await client.submit("/account", to: "/account/phone", fields: ["phone": "07 11 22 33 44"])
            #expect(asked.status == .ok)
            #expect(asked.body.string.contains("name=\"code\""))
            let code = try await app.lastCode(sentTo: "+33711223344")
            let csrf = try #require(WebClient.csrf(in: asked.body.string))
            let wrong = try await client.post("/account/phone/confirm", form: ["csrf": csrf, "phone": "+33711223344", "code": code == "000000" ? "111111" : "000000"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.string.contains("name=\"code\""), "the code form is shown again")
            let done = try await client.post("/account/phone/confirm", form: ["csrf": csrf, "phone": "+33711223344", "code": code])
            #expect(done.status == .seeOther)
            #expect(try await client.get("/account").body.string.contains("+33711223344"))
        }
    }
}

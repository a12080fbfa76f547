import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

/// The web app read and written without signal: a form kept on the phone is sent again by the
/// service worker under the `Idempotency-Key` it got when the member pressed Send, and the
/// server answers every copy as it answered the first, creating nothing more.
@Suite struct OfflineAppTests {
    /// Karim's conversation with Marie (he offered help on her request); returns its page.
    private func conversation(_ app: Application) async throws -> (karim: WebClient, page: String) {
        let marie = try await WebClient.member(app, "Marie", "Dupontel")
        let karim = try await WebClient.member(app, "Karim", "Benaissa")
        let action = try await marie.publishAction("Un café et une discussion")
        let page = try #require(try await karim.submit(action, to: action + "/join", fields: [:]).headers.first(name: .location))
        return (karim, page)
    }

    private func keyed(_ key: String) -> HTTPHeaders { ["Idempotency-Key": key] }

    // MARK: Idempotency on web forms

    @Test func aWebMessageSentTwiceWithOneKeyIsCreatedOnceAndTheReplayLeadsToTheSamePage() async throws {
        try await withEntraide { app in
            let (karim, page) = try await conversation(app)
            let csrf = try #require(WebClient.csrf(in: try await karim.get(page).body.string))
            let form = ["csrf": csrf, "body": "Écrit dans le métro, parti à la sortie"]
            let first = try await karim.post(page + "/messages", form: form, headers: keyed("0b6f1f8e-5c1a-4a57-9a55-3d2b8f0c7e11"))
            #expect(first.status == .seeOther)
            let location = try #require(first.headers.first(name: .location))
            #expect(location == page + "#compose")
            #expect(first.headers.first(name: "Idempotent-Replayed") == nil)

            let replay = try await karim.post(page + "/messages", form: form, headers: keyed("0b6f1f8e-5c1a-4a57-9a55-3d2b8f0c7e11"))
            #expect(replay.status == .seeOther)
            #expect(replay.headers.first(name: .location) == location)
            #expect(replay.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try await Message.query(on: app.db).count() == 1)

            // Without a key, a second sending is a second message, as before.
            _ = try await karim.post(page + "/messages", form: form)
            #expect(try await Message.query(on: app.db).count() == 2)
        }
    }

    @Test func aRetryCarryingANewerCSRFTokenIsStillTheSameRequest() async throws {
        try await withEntraide { app in
            let (karim, page) = try await conversation(app)
            let oldToken = try #require(WebClient.csrf(in: try await karim.get(page).body.string))
            let first = try await karim.post(page + "/messages", form: ["csrf": oldToken, "body": "Bonjour"], headers: keyed("retry-1"))
            #expect(first.status == .seeOther)

            // The browser was closed: its CSRF cookie (a session cookie) is gone, the page
            // read again brings a new one.
            karim.cookies[CSRFMiddleware.cookieName] = nil
            let newToken = try #require(WebClient.csrf(in: try await karim.get(page).body.string))
            #expect(newToken != oldToken)
            let stale = try await karim.post(page + "/messages", form: ["csrf": oldToken, "body": "Bonjour"], headers: keyed("retry-1"))
            #expect(stale.status == .forbidden, "an old token is still refused")
            let replay = try await karim.post(page + "/messages", form: ["csrf": newToken, "body": "Bonjour"], headers: keyed("retry-1"))
            #expect(replay.status == .seeOther && replay.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(replay.headers.first(name: .location) == first.headers.first(name: .location))
            #expect(try await Message.query(on: app.db).count() == 1)
        }
    }

    @Test func aRefusedWebFormReleasesItsKeyAndAnotherTextUnderAUsedKeyIsRefused() async throws {
        try await withEntraide { app in
            let (karim, page) = try await conversation(app)
            let csrf = try #require(WebClient.csrf(in: try await karim.get(page).body.string))
            let empty = try await karim.post(page + "/messages", form: ["csrf": csrf, "body": "  "], headers: keyed("k-2"))
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("Ce champ est obligatoire."), "the form comes back with its error")
            #expect(try await IdempotencyKey.query(on: app.db).count() == 0)

            let sent = try await karim.post(page + "/messages", form: ["csrf": csrf, "body": "Bonjour"], headers: keyed("k-2"))
            #expect(sent.status == .seeOther)
            let reused = try await karim.post(page + "/messages", form: ["csrf": csrf, "body": "Autre chose"], headers: keyed("k-2"))
            #expect(reused.status == .unprocessableEntity)
            #expect(reused.headers.contentType?.subType == "html", "a page for a browser")
            #expect(try await Message.query(on: app.db).count() == 1)
        }
    }

    @Test func aHelpRequestFormSentTwiceWithOneKeyIsPublishedOnce() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let csrf = try #require(WebClient.csrf(in: try await marie.get("/actions/new").body.string))
            let form = ["csrf": csrf, "kind": "request", "category": "equipment", "title": "Un sac de couchage pour cet hiver",
                        "description": "", "postalCode": "75011", "city": "Paris", "lat": "48.8566", "lon": "2.3522"]
            let first = try await marie.post("/actions", form: form, headers: keyed("action-1"))
            #expect(first.status == .seeOther)
            let location = try #require(first.headers.first(name: .location))
            let replay = try await marie.post("/actions", form: form, headers: keyed("action-1"))
            #expect(replay.status == .seeOther && replay.headers.first(name: .location) == location)
            #expect(try await HelpAction.query(on: app.db).count() == 1)
            #expect(try await marie.get(location).status == .ok)
        }
    }

    @Test func theAPIStillReplaysItsJSONAnswer() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let first = try await app.createAction(by: marie, headers: ["Idempotency-Key": "api-1"])
            let replay = try await app.send(.POST, "/api/v1/actions", json: [
                "kind": "request", "category": "equipment", "title": "Besoin d'un sac de couchage", "description": "Pour cette nuit",
                "location": ["lat": republique.lat, "lon": republique.lon],
            ], headers: ["Authorization": "Bearer \(marie.token)", "Idempotency-Key": "api-1"])
            #expect(replay.status == .created && replay.headers.contentType == .json)
            #expect(replay.headers.first(name: .location) == nil)
            #expect(try JSONBody(replay)["id"].string == first["id"].string)
        }
    }

    // MARK: Manifest, worker and the page never seen

    @Test func pagesLinkTheManifestAndTheirOnlyScriptWithTheOfflineTextsInTheirLanguage() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let html = try await marie.get("/feed").body.string
            #expect(html.contains(#"<link rel="manifest" href="/manifest.webmanifest">"#))
            let script = try #require(html.firstMatch(of: /<script src="(\/static\/app\.[0-9a-f]{10}\.js)" defer id="app-js" data-owner="([0-9a-f]{16})"/))
            #expect(html.components(separatedBy: "<script").count == 2, "one script, and no inline one")
            #expect(html.contains("Hors ligne — dernière mise à jour à {time}") && html.contains("Sera envoyé dès le retour de la connexion"))
            let served = try await app.send(.GET, String(script.1))
            #expect(served.status == .ok && served.headers.first(name: .cacheControl)?.contains("immutable") == true)
            #expect(!served.body.string.contains("innerHTML") && !served.body.string.contains("eval("))

            // The owner is the member's, the same on every page, and nobody else's.
            #expect(try await marie.get("/conversations").body.string.contains("data-owner=\"\(script.2)\""))
            let karim = try await WebClient.member(app, "Karim", "Benaissa")
            #expect(!(try await karim.get("/feed").body.string.contains(String(script.2))))
            let visitor = try await WebClient(app).get("/login?lang=en").body.string
            #expect(visitor.contains(#"data-owner="""#) && visitor.contains("Offline — last updated at {time}"))
        }
    }

    @Test func theManifestNamesTheAppItsStartAndIcons() async throws {
        try await withEntraide { app in
            let res = try await app.send(.GET, "/manifest.webmanifest")
            #expect(res.status == .ok && res.headers.first(name: .contentType) == "application/manifest+json")
            let manifest = try #require(try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any])
            #expect(manifest["name"] as? String == "Entraide" && manifest["start_url"] as? String == "/feed")
            #expect(manifest["display"] as? String == "standalone" && manifest["theme_color"] as? String == "#0b5c4a")
            let icons = try #require(manifest["icons"] as? [[String: String]])
            #expect(Set(icons.compactMap { $0["sizes"] }) == ["any", "192x192", "512x512"])
            for icon in icons {
                #expect(try await app.send(.GET, try #require(icon["src"])).status == .ok, "\(icon)")
            }
        }
    }

    @Test func theWorkerIsServedAtTheRootWithTheCurrentFileNamesAndRevalidatedEveryTime() async throws {
        try await withEntraide { app in
            let res = try await app.send(.GET, "/sw.js")
            #expect(res.status == .ok && res.headers.first(name: .contentType)?.hasPrefix("text/javascript") == true)
            #expect(res.headers.first(name: .cacheControl) == "no-cache" && res.headers.first(name: "Service-Worker-Allowed") == "/")
            let script = res.body.string
            for file in ["app.css", "app.js", "icon.svg"] {
                #expect(script.contains(StaticAssets.url(for: file, in: app)), "\(file) is not stored at install")
            }
            #expect(script.hasPrefix("var CONFIG = {") && script.contains(#""/conversations/*/messages""#))
            let etag = try #require(res.headers.first(name: .eTag))
            let again = try await app.send(.GET, "/sw.js", headers: ["If-None-Match": etag])
            #expect(again.status == .notModified && again.body.readableBytes == 0)
        }
    }

    @Test func thePageNeverSeenSaysSoInTheMembersLanguage() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let french = try await marie.get("/offline")
            #expect(french.status == .ok && french.headers.first(name: .contentLanguage) == "fr")
            #expect(french.body.string.contains("Pas de connexion") && french.body.string.contains("Marie D."))
            let english = try await WebClient(app).get("/offline?lang=en")
            #expect(english.headers.first(name: .contentLanguage) == "en" && english.body.string.contains("No connection"))
        }
    }
}

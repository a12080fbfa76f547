import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

/// "Translate" / "See original": the `none` driver, and the LibreTranslate driver against a
/// local server speaking its API, with the cache, errors and who may read what.
@Suite(.serialized) struct TranslationTests {
    @Test func theDefaultDriverTranslatesNothingAndSaysSo() async throws {
        try await withEntraide { app in
            #expect(app.translator.driver == "none")
            let marie = try await app.member("Marie"), paul = try await app.member("Paul")
            let action = try await app.createAction(by: marie)
            let id = try #require(action["id"].string)
            let res = try await app.send(.GET, "/api/v1/translations/action/\(id)", headers: paul.auth)
            #expect(res.status == .notFound && errorCode(res) == "translation.unavailable")

            let web = try await WebClient.signedIn(app, firstName: "Paul")
            let page = try await web.get("/actions/\(id)").body.string
            #expect(page.contains("Besoin d&#39;un sac de couchage") || page.contains("Besoin d'un sac de couchage"))
            #expect(!page.contains("translate="), "no Translate link without a translator")
        }
    }

    @Test func libreTranslateTranslatesOnceAndCaches() async throws {
        let fake = try await FakeLibreTranslate.start()
        do {
            try await withEntraide { app in
                app.translator = LibreTranslateTranslator(baseURL: fake.baseURL, apiKey: fake.apiKey, client: app.client)
                let marie = try await app.member("Marie"), paul = try await app.member("Paul")
                let id = try #require(try await app.createAction(by: marie)["id"].string)

                let first = try await app.send(.GET, "/api/v1/translations/action/\(id)?to=en", headers: paul.auth)
                #expect(first.status == .ok, "\(first.body.string)")
                let body = try JSONBody(first)
                #expect(body["target"].string == "en" && body["driver"].string == "libretranslate")
                #expect(body["fields"][0]["field"].string == "title")
                #expect(body["fields"][0]["text"].string == "[en] Besoin d'un sac de couchage")
                #expect(body["fields"][1]["field"].string == "description")
                #expect(body["fields"][1]["text"].string == "[en] Pour cette nuit")
                #expect(body["fields"][0]["sourceLanguage"].string == "fr")
                let asked = fake.requests
                #expect(asked.count == 1)
                #expect(asked.first?.q == ["Besoin d'un sac de couchage", "Pour cette nuit"])
                #expect(asked.first?.source == "auto" && asked.first?.target == "en" && asked.first?.apiKey == fake.apiKey)

                // Asked again, by anyone: the cache answers, the provider is not called.
                let again = try await app.send(.GET, "/api/v1/translations/action/\(id)?to=en", headers: marie.auth)
                #expect(try JSONBody(again)["fields"][0]["text"].string == "[en] Besoin d'un sac de couchage")
                #expect(fake.requests.count == 1)
                #expect(try await TextTranslation.query(on: app.db).count() == 2)

                // Without `to`, the reader's language; another language is another request.
                let arabic = try await app.send(.GET, "/api/v1/translations/action/\(id)", headers: paul.auth.adding("Accept-Language", "ar"))
                #expect(arabic.status == .ok)
                #expect(try JSONBody(arabic)["target"].string == "fr" || fake.requests.count == 2)

                // An edited text is translated afresh: the cache is keyed by the text itself.
                let patched = try await app.send(.PATCH, "/api/v1/actions/\(id)", json: ["title": "Besoin d'une couverture"], headers: marie.auth)
                #expect(patched.status == .ok, "\(patched.body.string)")
                let edited = try await app.send(.GET, "/api/v1/translations/action/\(id)?to=en", headers: paul.auth)
                #expect(try JSONBody(edited)["fields"][0]["text"].string == "[en] Besoin d'une couverture")
                #expect(fake.requests.last?.q == ["Besoin d'une couverture"], "only the changed text goes to the provider")
            }
        } catch {
            try await fake.stop()
            throw error
        }
        try await fake.stop()
    }

    @Test func errorsHaveStableCodesAndNothingIsRevealed() async throws {
        let fake = try await FakeLibreTranslate.start(targets: ["en", "fr"])
        do {
            try await withEntraide { app in
                app.translator = LibreTranslateTranslator(baseURL: fake.baseURL, apiKey: fake.apiKey, client: app.client)
                let marie = try await app.member("Marie"), paul = try await app.member("Paul"), eve = try await app.member("Eve")
                let id = try #require(try await app.createAction(by: marie)["id"].string)

                let unsupported = try await app.send(.GET, "/api/v1/translations/action/\(id)?to=pl", headers: paul.auth)
                #expect(unsupported.status == .unprocessableEntity && errorCode(unsupported) == "translation.language_unsupported")
                let unknown = try await app.send(.GET, "/api/v1/translations/action/\(id)?to=xx", headers: paul.auth)
                #expect(unknown.status == .unprocessableEntity && errorCode(unknown) == "translation.language_unknown")
                let subject = try await app.send(.GET, "/api/v1/translations/place/\(id)", headers: paul.auth)
                #expect(subject.status == .unprocessableEntity && errorCode(subject) == "translation.subject_unsupported")
                let anonymous = try await app.send(.GET, "/api/v1/translations/action/\(id)")
                #expect(anonymous.status == .unauthorized)

                // The provider failing is a 502 with a code, never a 500; it works again once it is back.
                fake.fail(true)
                let failed = try await app.send(.GET, "/api/v1/translations/action/\(id)?to=en", headers: paul.auth)
                #expect(failed.status == .badGateway && errorCode(failed) == "translation.failed")
                fake.fail(false)
                #expect(try await app.send(.GET, "/api/v1/translations/action/\(id)?to=en", headers: paul.auth).status == .ok)

                // A private message: its participants only.
                let conversation = try JSONBody(try await app.send(.POST, "/api/v1/conversations", json: ["participantIDs": [paul.id.uuidString]], headers: marie.auth))
                let cid = try #require(conversation["id"].string)
                let message = try JSONBody(try await app.send(.POST, "/api/v1/conversations/\(cid)/messages", json: ["body": "Rendez-vous demain"], headers: marie.auth))
                let mid = try #require(message["id"].string)
                let intruder = try await app.send(.GET, "/api/v1/translations/message/\(mid)?to=en", headers: eve.auth)
                #expect(intruder.status == .notFound)
                #expect(!intruder.body.string.contains("Rendez-vous"))
                let participant = try await app.send(.GET, "/api/v1/translations/message/\(mid)?to=en", headers: paul.auth)
                #expect(try JSONBody(participant)["fields"][0]["text"].string == "[en] Rendez-vous demain")

                // A wrong key at the provider is its failure too.
                app.translator = LibreTranslateTranslator(baseURL: fake.baseURL, apiKey: "wrong", client: app.client)
                let refused = try await app.send(.GET, "/api/v1/translations/action/\(id)?to=fr&x=1", headers: eve.auth)
                #expect(refused.status == .badGateway && errorCode(refused) == "translation.failed")
                // A provider that is not there at all.
                app.translator = LibreTranslateTranslator(baseURL: URL(string: "http://127.0.0.1:9")!, apiKey: nil, client: app.client)
                let gone = try await app.send(.GET, "/api/v1/translations/event/\(UUID().uuidString)?to=en", headers: paul.auth)
                #expect(gone.status == .notFound, "an unknown event is not found before any provider call")
                let down = try await app.send(.GET, "/api/v1/translations/message/\(mid)?to=de", headers: paul.auth)
                #expect(down.status == .badGateway && errorCode(down) == "translation.failed")
            }
        } catch {
            try await fake.stop()
            throw error
        }
        try await fake.stop()
    }

    @Test func pagesOfferTranslateAndSeeOriginal() async throws {
        let fake = try await FakeLibreTranslate.start()
        do {
            try await withEntraide { app in
                app.translator = LibreTranslateTranslator(baseURL: fake.baseURL, apiKey: fake.apiKey, client: app.client)
                let marie = try await app.member("Marie")
                let id = try #require(try await app.createAction(by: marie)["id"].string).lowercased()
                let email = "paul.\(UUID().uuidString.prefix(6).lowercased())@example.org"
                let paul = try await WebClient.signedIn(app, firstName: "Paul", email: email)

                let original = try await paul.get("/actions/\(id)?lang=en").body.string
                #expect(original.contains("href=\"/actions/\(id)?translate=\(id)\""), "a Translate link")
                #expect(!original.contains("[en]"))
                let translated = try await paul.get("/actions/\(id)?translate=\(id)").body.string
                #expect(translated.contains("<h1>[en] Besoin d&#39;un sac de couchage</h1>") || translated.contains("<h1>[en] Besoin d'un sac de couchage</h1>"),
                        "\(translated.prefix(1500))")
                #expect(translated.contains("[en] Pour cette nuit"))
                #expect(translated.contains("Machine translation from: Français"))
                #expect(translated.contains("href=\"/actions/\(id)\""), "a See original link")

                // Messages of a conversation, one by one, anchored where the reader was.
                let paulID = try #require(try await User.query(on: app.db).filter(\.$email == email).first()?.id)
                let conversation = try JSONBody(try await app.send(.POST, "/api/v1/conversations", json: ["participantIDs": [paulID.uuidString]], headers: marie.auth))
                let cid = try #require(conversation["id"].string).lowercased()
                let mid = try #require(try JSONBody(try await app.send(.POST, "/api/v1/conversations/\(cid)/messages", json: ["body": "À demain"], headers: marie.auth))["id"].string)
                let page = try await paul.get("/conversations/\(cid)?translate=\(mid.lowercased())").body.string
                #expect(page.contains("[en] À demain") || page.contains("[en] &#192; demain") || page.contains("[en] &Agrave; demain"), "\(page.prefix(2000))")
                #expect(page.contains("#m-\(mid)"))

                // A post on a group's page, and the group's own texts.
                let group = try #require(try await app.createGroup(by: marie)["id"].string).lowercased()
                let posted = try await app.send(.POST, "/api/v1/groups/\(group)/posts", json: ["body": "Qui vient samedi ?"], headers: marie.auth)
                let post = try #require(try JSONBody(posted)["id"].string).lowercased()
                let groupPage = try await paul.get("/groups/\(group)?translate=\(post)").body.string
                #expect(groupPage.contains("[en] Qui vient samedi ?"))
                #expect(groupPage.contains("href=\"/groups/\(group)?translate=\(group)\""), "the group's own Translate link")
                let groupTexts = try await paul.get("/groups/\(group)?translate=\(group)").body.string
                #expect(groupTexts.contains("[en] Voisins du 11e") && groupTexts.contains("[en] Entraide entre voisins"))
                let postPage = try await paul.get("/posts/\(post)?translate=\(post)").body.string
                #expect(postPage.contains("[en] Qui vient samedi ?"))
                // Comments, on the post's own page.
                _ = try await app.send(.POST, "/api/v1/groups/\(group)/members", headers: marie.auth)
                let commented = try await app.send(.POST, "/api/v1/posts/\(post)/comments", json: ["body": "Moi, avec plaisir"], headers: marie.auth)
                let comment = try #require(try JSONBody(commented)["id"].string, "\(commented.body.string)").lowercased()
                let withComment = try await paul.get("/posts/\(post)?translate=\(comment)").body.string
                #expect(withComment.contains("[en] Moi, avec plaisir") && withComment.lowercased().contains("#c-\(comment)"), "\(withComment.prefix(2500))")
                #expect(!withComment.contains("[en] Qui vient samedi ?"), "only the comment asked for is translated")

                // What a member says about themselves, on their profile.
                _ = try await app.send(.PATCH, "/api/v1/me", json: ["about": "J'aime cuisiner"], headers: marie.auth)
                let profile = try await paul.get("/users/\(marie.id.uuidString.lowercased())?translate=\(marie.id.uuidString.lowercased())").body.string
                #expect(profile.contains("[en] J&#39;aime cuisiner") || profile.contains("[en] J'aime cuisiner"), "\(profile.prefix(1500))")

                // The provider down: the page still shows the original, with a translated reason.
                fake.fail(true)
                let event = try #require(try await app.createEvent(by: marie)["id"].string).lowercased()
                let failed = try await paul.get("/events/\(event)?translate=\(event)")
                #expect(failed.status == .ok)
                #expect(failed.body.string.contains("Café du samedi"))
                #expect(failed.body.string.contains("The translation service is not answering"))
            }
        } catch {
            try await fake.stop()
            throw error
        }
        try await fake.stop()
    }
}

private extension HTTPHeaders {
    func adding(_ name: String, _ value: String) -> HTTPHeaders {
        var copy = self
        copy.replaceOrAdd(name: name, value: value)
        return copy
    }
}

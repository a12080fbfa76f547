import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import EntraideCore
@testable import EntraideServer

/// Staff writing journeys in the back-office: drafts never reach members, a bad text comes
/// back with its line, and only the committee's decision publishes.
@Suite struct LearningEditorTests {
    static let editPath = "/staff/learning/first-steps/fr"

    static func staff(_ app: Application, _ firstName: String, _ role: StaffRole) async throws -> WebClient {
        let client = try await WebClient.member(app, firstName, "Garnier")
        let user = try #require(try await User.query(on: app.db).filter(\.$firstName == firstName).first())
        try await RoleService.grant(role, to: user, by: "test", on: app.db)
        return client
    }

    static func user(_ app: Application, _ firstName: String) async throws -> User {
        try #require(try await User.query(on: app.db).filter(\.$firstName == firstName).first())
    }

    static func journey(_ app: Application, _ slug: String = "first-steps") async throws -> LearningJourney {
        try #require(try await LearningJourney.query(on: app.db).filter(\.$slug == slug).first())
    }

    /// The French text as members read it, with one sentence changed.
    static func changedFrench(_ app: Application) async throws -> (markup: String, document: JourneyDocument) {
        let journey = try await journey(app)
        let current = try #require(try await LearningDraftService.published(journey, .fr, on: app.db))
        let markup = JourneyMarkup.write(current).replacingOccurrences(of: "Un simple bonjour change cela.", with: "Un bonjour change tout.")
        #expect(markup != JourneyMarkup.write(current))
        return (markup, try JourneyMarkup.parse(markup).document)
    }

    @Test func savingAndSubmittingNeverChangeWhatMembersRead() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let editor = try await Self.staff(app, "Inès", .animator)
            let reader = try await WebClient.signedIn(app)
            let before = try await reader.get("/learn/first-steps/greet").body.string
            let (markup, _) = try await Self.changedFrench(app)

            let saved = try await editor.submit(Self.editPath, to: Self.editPath, fields: ["markup": markup, "action": "save"])
            #expect(saved.status == .seeOther)
            #expect(saved.headers.first(name: .location) == Self.editPath + "?done=saved")
            let draft = try #require(try await LearningJourneyDraft.query(on: app.db).first())
            #expect(draft.draftStatus == .draft && draft.language == "fr")
            #expect(try await editor.get(Self.editPath + "?done=saved").body.string.contains("Un bonjour change tout."), "the page reopens on the draft")

            let submitted = try await editor.submit(Self.editPath, to: Self.editPath, fields: ["markup": markup, "action": "submit"])
            #expect(submitted.status == .seeOther)
            #expect(try await LearningJourneyDraft.query(on: app.db).count() == 1, "submitting the saved text keeps one proposal")
            #expect(try await LearningJourneyDraft.query(on: app.db).first()?.draftStatus == .inReview)

            let after = try await reader.get("/learn/first-steps/greet").body.string
            #expect(after == before)
            #expect(after.contains("Un simple bonjour change cela.") && !after.contains("Un bonjour change tout."))
            let api = try await app.testing().sendRequest(.GET, "/api/v1/learning/journeys/first-steps/articles/greet")
            #expect(!api.body.string.contains("Un bonjour change tout."))
            #expect(try await Self.journey(app).journeyStatus == .published)
        }
    }

    @Test func theCommitteeHookReceivesBothTexts() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let received = Received()
            app.learningReview = LearningReview { draft, before, after, _ in
                await received.keep(draft.id, before, after)
            }
            let editor = try await Self.staff(app, "Inès", .moderator)
            let (markup, document) = try await Self.changedFrench(app)
            _ = try await editor.submit(Self.editPath, to: Self.editPath, fields: ["markup": markup, "action": "submit"])
            let calls = await received.calls
            #expect(calls.count == 1)
            let draft = try #require(try await LearningJourneyDraft.query(on: app.db).first())
            #expect(calls.first?.id == draft.id)
            #expect(calls.first?.before.contains("Un simple bonjour change cela.") == true)
            #expect(try JourneyMarkup.parse(calls.first?.after ?? "").document == document)
            #expect(draft.submittedAt != nil)
        }
    }

    actor Received {
        var calls: [(id: UUID?, before: String, after: String)] = []
        func keep(_ id: UUID?, _ before: String, _ after: String) { calls.append((id, before, after)) }
    }

    @Test func aFailingHookLeavesTheDraftUnsubmitted() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            app.learningReview = LearningReview { _, _, _, _ in throw AppError(.serviceUnavailable, "server.error") }
            let journey = try await Self.journey(app)
            let user = try await app.member("Inès", "Garnier")
            let author = try #require(try await User.find(user.id, on: app.db))
            let (markup, _) = try await Self.changedFrench(app)
            await #expect(throws: AppError.self) {
                _ = try await LearningDraftService.submit(markup, journey: journey, language: .fr, by: author,
                                                          review: app.learningReview, on: app.db)
            }
            #expect(try await LearningJourneyDraft.query(on: app.db).count() == 0)
        }
    }

    @Test func aBadTextComesBackWithItsLineAndEveryWordKept() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let editor = try await Self.staff(app, "Inès", .admin)
            let (markup, _) = try await Self.changedFrench(app)
            // A quiz whose right answer was forgotten: the markup cannot be read, nothing is saved.
            let broken = markup.replacingOccurrences(of: "(x) Lui dire bonjour", with: "( ) Lui dire bonjour")
            let line = try #require(broken.components(separatedBy: "\n").firstIndex(of: "[quiz] first-step")).advanced(by: 1)
            let res = try await editor.submit(Self.editPath, to: Self.editPath, fields: ["markup": broken + "Une note à moi <b>", "action": "save"])
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains("Ligne \(line) : marquez la bonne réponse avec « (x) »."), "\(html.prefix(3000))")
            #expect(html.contains("Un bonjour change tout.") && html.contains("Une note à moi &lt;b&gt;"), "the text comes back as typed")
            #expect(html.contains("name=\"csrf\""))
            #expect(try await LearningJourneyDraft.query(on: app.db).count() == 0)

            // A text that reads but breaks the rules is kept as a draft, yet cannot be submitted.
            let signed = markup.replacingOccurrences(of: "\n[challenge]", with: "\n[quote] Awa Diallo\nBonjour.\n\n[challenge]")
            let refused = try await editor.submit(Self.editPath, to: Self.editPath, fields: ["markup": signed, "action": "submit"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Ligne ") && refused.body.string.contains("prénom"), "\(refused.body.string.prefix(3000))")
            #expect(refused.body.string.contains("[quote] Awa Diallo"))
            #expect(try await LearningJourneyDraft.query(on: app.db).filter(\.$status == "in_review").count() == 0)
            let saved = try await editor.submit(Self.editPath, to: Self.editPath, fields: ["markup": signed, "action": "save"])
            #expect(saved.status == .seeOther)
            #expect(try await LearningJourneyDraft.query(on: app.db).first()?.draftStatus == .draft)
        }
    }

    @Test func aTranslationMustKeepTheFrenchShape() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let editor = try await Self.staff(app, "Inès", .animator)
            let english = try await editor.get("/staff/learning/first-steps/en").body.string
            #expect(english.contains("[quiz] first-step"))
            let journey = try await Self.journey(app)
            let text = JourneyMarkup.write(try #require(try await LearningDraftService.published(journey, .en, on: app.db)))
            let renamed = text.replacingOccurrences(of: "[quiz] first-step", with: "[quiz] first-hello")
            let res = try await editor.submit("/staff/learning/first-steps/en", to: "/staff/learning/first-steps/en",
                                              fields: ["markup": renamed, "action": "submit"])
            #expect(res.status == .unprocessableEntity)
            let line = try #require(renamed.components(separatedBy: "\n").firstIndex(of: "[quiz] first-hello")).advanced(by: 1)
            #expect(res.body.string.contains("Ligne \(line) : Cette traduction"), "\(res.body.string.prefix(2000))")

            // A language not written yet opens on the French, to translate.
            try await app.twoLanguageJourney()
            let german = try await editor.get("/staff/learning/two-languages/de").body.string
            #expect(german.contains("Deux langues") && german.contains("texte français à traduire"))
            #expect(try await editor.get("/staff/learning/first-steps/xx").status == .notFound)
            #expect(try await editor.get("/staff/learning/nowhere/fr").status == .notFound)
        }
    }

    @Test func onlyEditingStaffReachTheEditor() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let visitor = WebClient(app)
            let toLogin = try await visitor.get("/staff/learning")
            #expect(toLogin.status == .seeOther && toLogin.headers.first(name: .location) == "/login")
            let member = try await WebClient.member(app, "Paul", "Roux")
            let committee = try await Self.staff(app, "Awa", .committee)
            let (markup, _) = try await Self.changedFrench(app)
            for client in [member, committee] {
                for path in ["/staff/learning", "/staff/learning/new", Self.editPath, Self.editPath + "/preview"] {
                    #expect(try await client.get(path).status == .forbidden, "\(path)")
                }
                let csrf = try #require(WebClient.csrf(in: try await client.get("/learn").body.string))
                let post = try await client.post(Self.editPath, form: ["csrf": csrf, "markup": markup, "action": "submit"])
                #expect(post.status == .forbidden)
                let create = try await client.post("/staff/learning/new", form: ["csrf": csrf, "slug": "x", "family": "act",
                                                                                 "estimatedMinutes": "5", "position": "1"])
                #expect(create.status == .forbidden)
                #expect(!(try await client.get("/learn").body.string.contains("href=\"/staff/learning\"")))
            }
            #expect(try await LearningJourneyDraft.query(on: app.db).count() == 0)
            #expect(try await LearningJourney.query(on: app.db).filter(\.$slug == "x").count() == 0)
            // Without its CSRF token, even an editor's form is refused.
            let editor = try await Self.staff(app, "Inès", .animator)
            #expect(try await editor.get("/learn").body.string.contains("href=\"/staff/learning\""))
            let forged = try await editor.post(Self.editPath, form: ["markup": markup, "action": "save"])
            #expect(forged.status == .forbidden)
            #expect(try await LearningJourneyDraft.query(on: app.db).count() == 0)
        }
    }

    @Test func theEditorPagesRender() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let editor = try await Self.staff(app, "Inès", .animator)
            let (markup, _) = try await Self.changedFrench(app)
            _ = try await editor.submit(Self.editPath, to: Self.editPath, fields: ["markup": markup, "action": "submit"])

            let list = try await editor.get("/staff/learning")
            #expect(list.status == .ok)
            let html = list.body.string
            #expect(html.contains("Premiers pas") && html.contains("href=\"/staff/learning/first-steps/en\""))
            #expect(html.contains("en relecture par le comité") && html.contains("Inès G.") && !html.contains("Garnier"))

            let edit = try await editor.get(Self.editPath)
            #expect(edit.status == .ok)
            #expect(edit.body.string.contains("<textarea") && edit.body.string.contains("Un bonjour change tout."))
            #expect(edit.body.string.contains("en relecture par le comité de la rue depuis"))
            #expect(edit.body.string.contains("[quiz] cle-de-la-question"), "the cheat-sheet is on the page")
            #expect(!edit.body.string.contains("publish"), "there is no publish button")

            let preview = try await editor.get(Self.editPath + "/preview")
            #expect(preview.status == .ok)
            let shown = preview.body.string
            #expect(shown.contains("Un bonjour change tout.") && shown.contains("Aperçu de la proposition"))
            #expect(shown.contains("La bonne réponse : Lui dire bonjour") && !shown.contains("name=\"answer\""), "the preview shows the answer, no form")
            let words = try await editor.get(Self.editPath + "/preview?article=words")
            #expect(words.status == .ok && words.body.string.contains("Ce qui aide"))
            #expect(try await editor.get(Self.editPath + "/preview?article=nowhere").status == .notFound)
            try await app.twoLanguageJourney()
            #expect(try await editor.get("/staff/learning/two-languages/de/preview").status == .notFound, "no German text, no draft: nothing to preview")

            let new = try await editor.get("/staff/learning/new")
            #expect(new.status == .ok && new.body.string.contains("name=\"slug\""))
        }
    }

    @Test func aNewJourneyStaysInvisibleToMembersUntilPublished() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let editor = try await Self.staff(app, "Inès", .animator)
            let refused = try await editor.submit("/staff/learning/new", to: "/staff/learning/new",
                                                  fields: ["slug": "Mauvais Lien", "family": "act", "estimatedMinutes": "0", "position": "2"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("value=\"Mauvais Lien\"") && refused.body.string.contains("lettres minuscules"))
            let taken = try await editor.submit("/staff/learning/new", to: "/staff/learning/new",
                                                fields: ["slug": "first-steps", "family": "act", "estimatedMinutes": "5", "position": "2"])
            #expect(taken.status == .conflict && taken.body.string.contains("Un autre parcours a déjà ce lien."))
            let minutes = try await editor.submit("/staff/learning/new", to: "/staff/learning/new",
                                                  fields: ["slug": "listen", "family": "act", "estimatedMinutes": "0", "position": "2"])
            #expect(minutes.status == .unprocessableEntity && minutes.body.string.contains("entre 1 et 600 minutes"))

            let created = try await editor.submit("/staff/learning/new", to: "/staff/learning/new",
                                                  fields: ["slug": "listen", "family": "understand", "estimatedMinutes": "12", "position": "2"])
            #expect(created.status == .seeOther && created.headers.first(name: .location) == "/staff/learning/listen/fr")
            let journey = try await Self.journey(app, "listen")
            #expect(journey.journeyStatus == .draft && journey.estimatedMinutes == 12)
            let skeleton = try await editor.get("/staff/learning/listen/fr").body.string
            #expect(skeleton.contains("# Titre du parcours") && skeleton.contains("jamais été publié"))

            let markup = "# Écouter\nPrendre le temps.\n\n## ear: Écouter\n\n### silence: Le silence\nSe taire aide.\n\n[challenge] Écouter\nÉcoutez quelqu'un dix minutes.\n"
            let submitted = try await editor.submit("/staff/learning/listen/fr", to: "/staff/learning/listen/fr", fields: ["markup": markup, "action": "submit"])
            #expect(submitted.status == .seeOther)
            #expect(try await Self.journey(app, "listen").journeyStatus == .inReview)

            let reader = try await WebClient.signedIn(app)
            #expect(try await reader.get("/learn/listen").status == .notFound)
            #expect(!(try await reader.get("/learn").body.string.contains("Écouter")))
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/learning/journeys/listen").status == .notFound)

            let draft = try #require(try await LearningJourneyDraft.query(on: app.db).filter(\.$journey.$id == journey.requireID()).first())
            try await LearningDraftService.publish(draftID: draft.requireID(), on: app.db)
            #expect(try await reader.get("/learn/listen/silence").body.string.contains("Se taire aide."))
        }
    }

    @Test func publishingAppliesExactlyTheDraftAndSupersedesOlderOnes() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let journey = try await Self.journey(app)
            _ = try await app.member("Inès", "Garnier")
            let author = try await Self.user(app, "Inès")
            let (markup, document) = try await Self.changedFrench(app)
            let first = try await LearningDraftService.submit(markup, journey: journey, language: .fr, by: author, review: .statusOnly, on: app.db)
            let second = try await LearningDraftService.submit(markup.replacingOccurrences(of: "Un bonjour change tout.", with: "Un bonjour compte."),
                                                               journey: journey, language: .fr, by: author, review: .statusOnly, on: app.db)
            #expect(try await LearningJourneyDraft.find(first.id, on: app.db)?.draftStatus == .superseded, "a new submission replaces the one in review")
            // A draft started after the proposal, still being written when it is published, stays open.
            let unrelated = try await LearningDraftService.save(markup.replacingOccurrences(of: "Un bonjour change tout.", with: "Un bonjour, plus tard."),
                                                                journey: journey, language: .fr, by: author, on: app.db)

            await #expect(throws: AppError.self) { try await LearningDraftService.publish(draftID: first.requireID(), on: app.db) }
            try await LearningDraftService.publish(draftID: second.requireID(), on: app.db)

            let text = try #require(try await LearningJourneyText.query(on: app.db).filter(\.$journey.$id == journey.requireID())
                .filter(\.$language == "fr").first())
            #expect(text.document == second.document, "members read exactly the approved document")
            #expect(try text.decoded() != document && text.decoded().title == document.title)
            #expect(try await LearningJourneyDraft.find(second.id, on: app.db)?.draftStatus == .approved)
            #expect(try await LearningJourneyDraft.find(unrelated.id, on: app.db)?.draftStatus == .draft)
            #expect(try await WebClient(app).get("/learn/first-steps/greet").body.string.contains("Un bonjour compte."))
            await #expect(throws: AppError.self) { try await LearningDraftService.publish(draftID: second.requireID(), on: app.db) }
            await #expect(throws: AppError.self) { try await LearningDraftService.publish(draftID: UUID(), on: app.db) }

            // A later save and publish supersedes the one published before.
            let third = try await LearningDraftService.submit(markup, journey: journey, language: .fr, by: author, review: .statusOnly, on: app.db)
            try await LearningDraftService.publish(draftID: third.requireID(), on: app.db)
            #expect(try await LearningJourneyDraft.find(second.id, on: app.db)?.draftStatus == .superseded)

            // Loading the files again leaves the committee's French alone, and the other languages as they were.
            let reload = try await LearningContent.load(app)
            #expect(reload.textsWritten == 0)
            #expect(try await WebClient(app).get("/learn/first-steps/greet").body.string.contains("Un bonjour change tout."))
        }
    }

    @Test func rejectingKeepsWhatMembersRead() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let journey = try await Self.journey(app)
            _ = try await app.member("Inès", "Garnier")
            let author = try await Self.user(app, "Inès")
            let before = try await LearningJourneyText.query(on: app.db).filter(\.$language == "fr").first()?.document
            let (markup, _) = try await Self.changedFrench(app)
            let draft = try await LearningDraftService.submit(markup, journey: journey, language: .fr, by: author, review: .statusOnly, on: app.db)
            try await LearningDraftService.reject(draftID: draft.requireID(), on: app.db)
            #expect(try await LearningJourneyDraft.find(draft.id, on: app.db)?.draftStatus == .rejected)
            #expect(try await LearningJourneyText.query(on: app.db).filter(\.$language == "fr").first()?.document == before)
            #expect(try await Self.journey(app).journeyStatus == .published)
            await #expect(throws: AppError.self) { try await LearningDraftService.reject(draftID: draft.requireID(), on: app.db) }
            await #expect(throws: AppError.self) { try await LearningDraftService.publish(draftID: draft.requireID(), on: app.db) }

            // A journey never published goes back to being a draft.
            try await app.draftJourney("quiet")
            let quiet = try await Self.journey(app, "quiet")
            let text = JourneyMarkup.write(try #require(try await LearningDraftService.published(quiet, .fr, on: app.db)))
            let proposal = try await LearningDraftService.submit(text, journey: quiet, language: .fr, by: author, review: .statusOnly, on: app.db)
            #expect(try await Self.journey(app, "quiet").journeyStatus == .inReview)
            try await LearningDraftService.reject(draftID: proposal.requireID(), on: app.db)
            #expect(try await Self.journey(app, "quiet").journeyStatus == .draft)
        }
    }
}

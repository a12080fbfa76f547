import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import EntraideCore
@testable import EntraideServer

@Suite struct LearningPagesTests {
    @Test func theLearningPagesRenderForVisitors() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let web = WebClient(app)
            let list = try await web.get("/learn")
            #expect(list.status == .ok)
            #expect(list.body.string.contains("Premiers pas") && list.body.string.contains("Environ 20 min"))
            let journey = try await web.get("/learn/first-steps")
            #expect(journey.status == .ok)
            let html = journey.body.string
            #expect(html.contains("Aller vers l&#39;autre") || html.contains("Aller vers l'autre"))
            #expect(html.contains("En cas d&#39;urgence") || html.contains("En cas d'urgence"))
            #expect(html.contains("href=\"/login\""), "visitors are asked to sign in to keep the challenge")
            let article = try await web.get("/learn/first-steps/greet")
            #expect(article.status == .ok)
            let body = article.body.string
            #expect(body.contains("name=\"answer\"") && body.contains("Article 1 sur 6"))
            // A quote, signed by a first name or by nobody.
            try await app.draftJourney("quoted", status: .published, blocks: [.quote(QuoteBlock(text: "On m'a dit bonjour.", author: nil, context: "à la rue pendant un an"))])
            let quoted = try await web.get("/learn/quoted/only").body.string
            #expect(quoted.contains("On m&#39;a dit bonjour.") && quoted.contains("— Anonyme"), "\(quoted)")
            #expect(!body.contains("son histoire lui appartient"), "the explanation comes after answering")
            #expect(!body.contains("<iframe") && !body.contains("autoplay"))
            #expect(try await web.get("/learn/nowhere").status == .notFound)
            #expect(try await web.get("/learn/first-steps/nowhere").status == .notFound)
        }
    }

    @Test func aQuizAnsweredByAFormComesBackWithItsExplanation() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let web = try await WebClient.signedIn(app)
            let answered = try await web.submit("/learn/first-steps/greet", to: "/learn/first-steps/greet", fields: ["quiz": "first-step", "answer": "2"])
            #expect(answered.status == .ok)
            let html = answered.body.string
            #expect(html.contains("Pas tout à fait.") && html.contains("son histoire lui appartient"))
            #expect(html.contains("value=\"2\" checked"), "the chosen answer stays chosen")
            #expect(try await LearningQuizAnswer.query(on: app.db).count() == 1)
            #expect(try await LearningArticleSeen.query(on: app.db).filter(\.$articleKey == "greet").count() == 1, "reading the page marks it read")

            let empty = try await web.submit("/learn/first-steps/greet", to: "/learn/first-steps/greet", fields: ["quiz": "first-step"])
            #expect(empty.status == .badRequest)
            #expect(empty.body.string.contains("Choisissez une des réponses proposées."))

            let journey = try await web.get("/learn/first-steps")
            #expect(journey.body.string.contains("1 articles lus sur 6") && journey.body.string.contains("Reprendre"))
            #expect(journey.body.string.contains("href=\"/learn/first-steps/words\""))
        }
    }

    @Test func visitorsTryTheQuizWithoutAnythingKept() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let res = try await WebClient(app).submit("/learn/first-steps/what-to-do", to: "/learn/first-steps/what-to-do",
                                                      fields: ["quiz": "unconscious", "answer": "1"])
            #expect(res.status == .ok && res.body.string.contains("Bonne réponse."))
            #expect(try await LearningQuizAnswer.query(on: app.db).count() == 0)
        }
    }

    @Test func theChallengeIsMarkedDoneOnTheWeb() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let web = try await WebClient.signedIn(app)
            let done = try await web.submit("/learn/first-steps", to: "/learn/first-steps", fields: [:])
            #expect(done.status == .seeOther)
            #expect(try await web.get("/learn/first-steps").body.string.contains("Défi relevé. Merci !"))
            // A visitor's journey page has no challenge form: the token comes from another page.
            let visitor = try await WebClient(app).submit("/login", to: "/learn/first-steps", fields: [:])
            #expect(visitor.status == .seeOther && visitor.headers.first(name: .location) == "/login")
        }
    }

    @Test func aLanguageWithoutTheJourneySaysSoAndShowsEnglish() async throws {
        try await withEntraide { app in
            try await app.twoLanguageJourney()
            let web = WebClient(app)
            let ukrainian = try await web.get("/learn/two-languages?lang=uk")
            #expect(ukrainian.body.string.contains("ще не перекладено") && ukrainian.body.string.contains("The only chapter"))
            let english = try await web.get("/learn/two-languages?lang=en")
            #expect(english.body.string.contains("The only chapter") && !english.body.string.contains("not yet translated"))
        }
    }

    @Test func draftsAreNotShownToMembersOnTheWeb() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            try await app.draftJourney()
            let web = try await WebClient.signedIn(app)
            #expect(!(try await web.get("/learn").body.string.contains("Brouillon")))
            #expect(try await web.get("/learn/draft-one").status == .notFound)
        }
    }
}

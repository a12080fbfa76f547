import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import EntraideCore
@testable import EntraideServer

@Suite struct LearningAPITests {
    @Test func journeysAreListedWithTheMembersProgressAndNoneForVisitors() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let marie = try await app.member("Marie")
            let list = try JSONBody(try await app.send(.GET, "/api/v1/learning/journeys", headers: marie.auth))
            #expect(list.array.count == 1)
            #expect(list[0]["slug"].string == "first-steps" && list[0]["family"].string == "act" && list[0]["status"].string == "published")
            #expect(list[0]["estimatedMinutes"].int == 20 && list[0]["language"].string == "fr" && list[0]["fallback"].bool == false)
            #expect(list[0]["progress"]["articlesSeen"].int == 0 && list[0]["progress"]["articlesTotal"].int == 6)
            #expect(list[0]["progress"]["resumeArticle"].string == "greet")
            let visitor = try JSONBody(try await app.send(.GET, "/api/v1/learning/journeys"))
            #expect(visitor[0]["title"].string?.hasPrefix("Premiers pas") == true)
            #expect(visitor[0]["progress"].isNull)
        }
    }

    @Test func chaptersAndArticlesComeInReadingOrder() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let journey = try JSONBody(try await app.send(.GET, journeyPath))
            #expect(journey["chapters"].array.map { $0["key"].string } == ["meet", "help", "emergency"])
            #expect(journey["chapters"][0]["articles"].array.map { $0["key"].string } == ["greet", "words"])
            #expect(journey["challenge"]["done"].bool == false)
            let article = try JSONBody(try await app.send(.GET, "\(journeyPath)/articles/words"))
            #expect(article["previous"].string == "greet" && article["next"].string == "ask-first", "the next article is in the next chapter")
            #expect(article["position"].int == 2 && article["total"].int == 6 && article["chapter"]["key"].string == "meet")
            let greet = try JSONBody(try await app.send(.GET, "\(journeyPath)/articles/greet"))
            #expect(greet["blocks"].array.map { $0["type"].string } == ["text", "quiz"])
            #expect(greet["blocks"][1]["correctAnswer"].isNull && greet["blocks"][1]["explanation"].isNull, "nothing given away before answering")
        }
    }

    @Test func readingResumesAtTheFirstUnseenArticle() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let marie = try await app.member("Marie")
            for key in ["greet", "emergency", "greet"] where key != "emergency" {
                let res = try await app.send(.POST, "\(journeyPath)/articles/\(key)/seen", headers: marie.auth)
                #expect(res.status == .ok)
            }
            let seen = try JSONBody(try await app.send(.POST, "\(journeyPath)/articles/numbers/seen", headers: marie.auth))
            #expect(seen["articlesSeen"].int == 2 && seen["resumeArticle"].string == "words")
            #expect(try await LearningArticleSeen.query(on: app.db).count() == 2, "reading twice is one read")
            let journey = try JSONBody(try await app.send(.GET, journeyPath, headers: marie.auth))
            #expect(journey["chapters"][0]["articles"][0]["seen"].bool == true && journey["chapters"][0]["articles"][1]["seen"].bool == false)
        }
    }

    @Test func aQuizAnswerIsCheckedExplainedAndKept() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let marie = try await app.member("Marie")
            let quiz = "\(journeyPath)/articles/greet/quizzes/first-step/answers"
            let wrong = try JSONBody(try await app.send(.POST, quiz, json: ["answer": 2], headers: marie.auth))
            #expect(wrong["correct"].bool == false && wrong["correctAnswer"].int == 1)
            #expect(wrong["explanation"].string?.contains("son histoire lui appartient") == true)
            let right = try JSONBody(try await app.send(.POST, quiz, json: ["answer": 1], headers: marie.auth))
            #expect(right["correct"].bool == true)
            #expect(right["score"]["answered"].int == 1 && right["score"]["correct"].int == 0 && right["score"]["total"].int == 4,
                    "the first answer makes the score")
            #expect(try await LearningQuizAnswer.query(on: app.db).count() == 2, "every answer is kept")
            let article = try JSONBody(try await app.send(.GET, "\(journeyPath)/articles/greet", headers: marie.auth))
            #expect(article["blocks"][1]["yourAnswer"].int == 1 && article["blocks"][1]["correct"].bool == true)
            #expect(article["blocks"][1]["explanation"].string != nil)
            let list = try JSONBody(try await app.send(.GET, "/api/v1/learning/journeys", headers: marie.auth))
            #expect(list[0]["progress"]["score"]["answered"].int == 1)
        }
    }

    @Test func theMembersExportHoldsTheirProgressAndNoOneElses() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let marie = try await app.member("Marie")
            let karim = try await app.member("Karim")
            _ = try await app.send(.POST, "\(journeyPath)/articles/greet/seen", headers: marie.auth)
            _ = try await app.send(.POST, "\(journeyPath)/articles/greet/quizzes/first-step/answers", json: ["answer": 2], headers: marie.auth)
            _ = try await app.send(.POST, "\(journeyPath)/challenge", headers: marie.auth)
            _ = try await app.send(.POST, "\(journeyPath)/articles/words/seen", headers: karim.auth)
            let export = try JSONBody(try await app.send(.GET, "/api/v1/me/export", headers: marie.auth))
            let learning = export["learning"]
            #expect(learning["articlesSeen"].array.count == 1 && learning["articlesSeen"][0]["article"].string == "greet")
            #expect(learning["articlesSeen"][0]["journey"].string == "first-steps")
            #expect(learning["quizAnswers"][0]["quiz"].string == "first-step" && learning["quizAnswers"][0]["answer"].int == 2
                    && learning["quizAnswers"][0]["correct"].bool == false)
            #expect(learning["challengesDone"].array.count == 1)
            let empty = try JSONBody(try await app.send(.GET, "/api/v1/me/export", headers: (try await app.member("Nadia")).auth))
            #expect(empty["learning"]["articlesSeen"].array.isEmpty && empty["learning"]["challengesDone"].array.isEmpty)
        }
    }

    @Test func wrongInputsGetStableTranslatedCodes() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let marie = try await app.member("Marie")
            let english: HTTPHeaders = ["Authorization": "Bearer \(marie.token)", "Accept-Language": "en"]
            let cases: [(HTTPMethod, String, Any?, HTTPStatus, String)] = [
                (.GET, "/api/v1/learning/journeys/nowhere", nil, .notFound, "learning.journey_not_found"),
                (.GET, "/api/v1/learning/journeys/NOT..valid", nil, .notFound, "learning.journey_not_found"),
                (.GET, "\(journeyPath)/articles/nowhere", nil, .notFound, "learning.article_not_found"),
                (.POST, "\(journeyPath)/articles/nowhere/seen", nil, .notFound, "learning.article_not_found"),
                (.POST, "\(journeyPath)/articles/greet/quizzes/nowhere/answers", ["answer": 0], .notFound, "learning.quiz_not_found"),
                (.POST, "\(journeyPath)/articles/words/quizzes/first-step/answers", ["answer": 0], .notFound, "learning.quiz_not_found"),
                (.POST, "\(journeyPath)/articles/greet/quizzes/first-step/answers", ["answer": 4], .badRequest, "learning.answer_invalid"),
                (.POST, "\(journeyPath)/articles/greet/quizzes/first-step/answers", ["answer": -1], .badRequest, "learning.answer_invalid"),
                (.POST, "\(journeyPath)/articles/greet/quizzes/first-step/answers", [String: Any](), .badRequest, "learning.answer_invalid"),
                (.POST, "\(journeyPath)/articles/greet/quizzes/first-step/answers", ["answer": "one"], .unprocessableEntity, "validation.type_invalid"),
            ]
            for (method, path, body, status, code) in cases {
                let res = try await app.send(method, path, json: body, headers: english)
                #expect(res.status == status, "\(method) \(path): \(res.status) \(res.body.string)")
                #expect(errorCode(res) == code, "\(method) \(path): \(res.body.string)")
                let message = (try? res.content.decode(ErrorEnvelope.self))?.error.message ?? ""
                #expect(!message.isEmpty && message != code, "\(code) is translated")
            }
            // Marie chose French at sign-up: her setting wins over the header.
            let invalid = try await app.send(.POST, "\(journeyPath)/articles/greet/quizzes/first-step/answers", json: ["answer": 9], headers: english)
            #expect((try? invalid.content.decode(ErrorEnvelope.self))?.error.message == "Choisissez une des réponses proposées.")
            #expect(try await LearningQuizAnswer.query(on: app.db).count() == 0, "a refused answer is not kept")
            let visitor = try await app.send(.POST, "\(journeyPath)/articles/greet/seen")
            #expect(visitor.status == .unauthorized && errorCode(visitor) == "auth.required")
        }
    }

    @Test func draftsAreInvisibleToMembersButStaffSeeThem() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            try await app.draftJourney("draft-one", status: .draft)
            try await app.draftJourney("in-review", status: .inReview)
            let marie = try await app.member("Marie")
            let list = try JSONBody(try await app.send(.GET, "/api/v1/learning/journeys", headers: marie.auth))
            #expect(list.array.map { $0["slug"].string } == ["first-steps"])
            for slug in ["draft-one", "in-review"] {
                let hidden = try await app.send(.GET, "/api/v1/learning/journeys/\(slug)", headers: marie.auth)
                #expect(hidden.status == .notFound && errorCode(hidden) == "learning.journey_not_found", "a draft is not even said to exist")
                let answer = try await app.send(.POST, "/api/v1/learning/journeys/\(slug)/articles/only/seen", headers: marie.auth)
                #expect(answer.status == .notFound)
            }
            let camille = try await app.member("Camille")
            try await app.grant(.committee, to: camille)
            let staff = try JSONBody(try await app.send(.GET, "/api/v1/learning/journeys", headers: camille.auth))
            #expect(Set(staff.array.compactMap { $0["slug"].string }) == ["first-steps", "draft-one", "in-review"])
            #expect(staff.array.first { $0["slug"].string == "draft-one" }?["status"].string == "draft")
            #expect(try await app.send(.GET, "/api/v1/learning/journeys/draft-one", headers: camille.auth).status == .ok)
        }
    }

    @Test func theChallengeIsMarkedDoneOnce() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let marie = try await app.member("Marie")
            for _ in 0..<2 {
                let done = try JSONBody(try await app.send(.POST, "\(journeyPath)/challenge", headers: marie.auth))
                #expect(done["challengeDone"].bool == true)
            }
            #expect(try await LearningChallenge.query(on: app.db).count() == 1)
            let journey = try JSONBody(try await app.send(.GET, journeyPath, headers: marie.auth))
            #expect(journey["challenge"]["done"].bool == true && journey["challenge"]["text"].string?.contains("bonjour") == true)
            let anonymous = try await app.send(.POST, "\(journeyPath)/challenge")
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func contentInALanguageWithoutATranslationFallsBackAndSaysSo() async throws {
        try await withEntraide { app in
            try await app.twoLanguageJourney()
            let ukrainian = try JSONBody(try await app.send(.GET, "/api/v1/learning/journeys?lang=uk"))
            #expect(ukrainian[0]["language"].string == "en" && ukrainian[0]["fallback"].bool == true)
            #expect(ukrainian[0]["title"].string == "Two languages")
            let english = try JSONBody(try await app.send(.GET, "/api/v1/learning/journeys/two-languages?lang=en"))
            #expect(english["journey"]["fallback"].bool == false && english["chapters"][0]["title"].string == "The only chapter")
        }
    }

    @Test func loadingTheFilesTwiceChangesNothingAndKeepsTheStatus() async throws {
        try await withEntraide { app in
            let first = try await LearningContent.load(app)
            #expect(first.journeysCreated == 1 && first.textsWritten == Language.allCases.count)
            let journey = try #require(try await LearningJourney.query(on: app.db).filter(\.$slug == "first-steps").first())
            journey.status = JourneyStatus.inReview.rawValue
            try await journey.update(on: app.db)
            let second = try await LearningContent.load(app)
            #expect(second == LearningContent.Summary())
            #expect(try await LearningJourney.find(journey.id, on: app.db)?.status == "in_review", "files never publish nor withdraw")
        }
    }

    @Test func theShippedJourneyFollowsTheRules() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let texts = try await LearningJourneyText.query(on: app.db).all()
            #expect(Set(texts.map(\.language)) == Set(Language.allCases.map(\.rawValue)), "the first journey is read in every language")
            for text in texts {
                let document = try text.decoded()
                try JourneyRules.validate(document)
                #expect(document.chapters.count >= 3 && !document.quizzes.isEmpty)
                // Quotes are words people with lived experience gave, brought by the street
                // committee; none is written for them.
                let all = try LearningJourneyText.encode(document)
                for number in ["115", "15", "17", "112", "114"] { #expect(all.contains(number), "\(text.language) names \(number)") }
            }
        }
    }
}

import Foundation
import Testing
@testable import EntraideCore

/// A small journey to test with: two chapters, three articles, two quizzes.
enum SampleJourney {
    static let firstQuiz = QuizQuestion(key: "look", question: "Q1", answers: ["a", "b", "c"], correct: 1, explanation: "why 1")
    static let secondQuiz = QuizQuestion(key: "call", question: "Q2", answers: ["x", "y"], correct: 0, explanation: "why 2")

    static func document(quote author: String? = "Awa", video: VideoBlock? = nil) -> JourneyDocument {
        JourneyDocument(title: "Journey", summary: "Summary", chapters: [
            .init(key: "meet", title: "Meet", articles: [
                .init(key: "greet", title: "Greet", blocks: [.text(TextBlock(text: "Hello.")), .quiz(firstQuiz)]),
                .init(key: "talk", title: "Talk", blocks: [.quote(QuoteBlock(text: "Say hello.", author: author))] + (video.map { [.video($0)] } ?? [])),
            ]),
            .init(key: "help", title: "Help", articles: [
                .init(key: "emergency", title: "Emergency", blocks: [.text(TextBlock(text: "Call 115.")), .quiz(secondQuiz)]),
            ]),
        ], challenge: .init(title: "Challenge", text: "Say hello"))
    }
}

@Suite struct JourneyOrderTests {
    @Test func articlesAreReadChapterByChapterInOrder() {
        #expect(SampleJourney.document().articles.map(\.key) == ["greet", "talk", "emergency"])
    }

    @Test func anArticleKnowsItsChapterAndNeighboursAcrossChapters() throws {
        let document = SampleJourney.document()
        let talk = try #require(document.place(of: "talk"))
        #expect(talk.chapter.key == "meet" && talk.index == 1)
        #expect(talk.previous?.key == "greet" && talk.next?.key == "emergency")
        let last = try #require(document.place(of: "emergency"))
        #expect(last.chapter.key == "help" && last.next == nil)
        #expect(document.place(of: "nowhere") == nil)
    }

    @Test func quizzesAreListedInReadingOrder() {
        #expect(SampleJourney.document().quizzes.map { "\($0.article)/\($0.quiz.key)" } == ["greet/look", "emergency/call"])
    }

    @Test func blocksRoundTripThroughJSON() throws {
        let document = SampleJourney.document(video: VideoBlock(title: "V", url: "https://example.org/v", transcript: "T"))
        let data = try JSONEncoder().encode(document)
        #expect(try JSONDecoder().decode(JourneyDocument.self, from: data) == document)
        #expect(String(decoding: data, as: UTF8.self).contains("\"type\":\"quiz\""))
    }

    @Test func textSplitsIntoParagraphsAndLists() {
        let text = TextBlock(text: "First line\nsame paragraph.\n\n- one\n- two\n\nLast.")
        #expect(text.parts == [.paragraph("First line same paragraph."), .list(["one", "two"]), .paragraph("Last.")])
    }
}

@Suite struct JourneyRulesTests {
    @Test func theSampleIsValid() throws {
        try JourneyRules.validate(SampleJourney.document())
    }

    @Test(arguments: ["Awa", "Jean-Pierre", "N'Golo", "Олена", "anonymous"])
    func aQuoteIsSignedWithAFirstNameOrAnonymous(author: String) throws {
        try JourneyRules.validate(SampleJourney.document(quote: author))
    }

    @Test(arguments: ["Awa Diallo", "", "Dupont, Jean", "J. Dupont"])
    func aFamilyNameNeverSignsAQuote(author: String) {
        #expect(throws: RuleViolation("learning.quote_author_invalid", arguments: ["place": "article talk"])) {
            try JourneyRules.validate(SampleJourney.document(quote: author))
        }
    }

    @Test func aVideoNeedsAnHTTPSLinkAndATranscript() {
        for video in [VideoBlock(title: "V", url: "https://example.org/v", transcript: " "),
                      VideoBlock(title: "V", url: "http://example.org/v", transcript: "T"),
                      VideoBlock(title: "V", url: "javascript:alert(1)", transcript: "T")] {
            #expect(throws: RuleViolation("learning.video_invalid", arguments: ["place": "article talk"])) {
                try JourneyRules.validate(SampleJourney.document(video: video))
            }
        }
    }

    @Test func aQuizNeedsItsRightAnswerAmongTheAnswersAndAnExplanation() {
        for quiz in [QuizQuestion(key: "q", question: "Q", answers: ["a", "b"], correct: 2, explanation: "E"),
                     QuizQuestion(key: "q", question: "Q", answers: ["a"], correct: 0, explanation: "E"),
                     QuizQuestion(key: "q", question: "Q", answers: ["a", "b"], correct: 0, explanation: "")] {
            let document = JourneyDocument(title: "J", summary: "S", chapters: [
                .init(key: "c", title: "C", articles: [.init(key: "a", title: "A", blocks: [.quiz(quiz)])]),
            ], challenge: .init(title: "C", text: "T"))
            #expect(throws: RuleViolation("learning.quiz_invalid", arguments: ["place": "article a, quiz q"])) { try JourneyRules.validate(document) }
        }
    }

    @Test func keysAreUniqueAndFitInALink() {
        let twice = JourneyDocument(title: "J", summary: "S", chapters: [
            .init(key: "c", title: "C", articles: [.init(key: "a", title: "A", blocks: [.text(TextBlock(text: "t"))])]),
            .init(key: "d", title: "D", articles: [.init(key: "a", title: "A", blocks: [.text(TextBlock(text: "t"))])]),
        ], challenge: .init(title: "C", text: "T"))
        #expect(throws: RuleViolation("learning.key_invalid", arguments: ["place": "article a"])) { try JourneyRules.validate(twice) }
        #expect(!JourneyRules.isKey("Greet Someone") && !JourneyRules.isKey("../x") && JourneyRules.isKey("greet-2"))
    }

    @Test func anEmptyChapterIsRefused() {
        let empty = JourneyDocument(title: "J", summary: "S", chapters: [.init(key: "c", title: "C", articles: [])],
                                    challenge: .init(title: "C", text: "T"))
        #expect(throws: RuleViolation("learning.content_empty", arguments: ["place": "chapter c"])) { try JourneyRules.validate(empty) }
    }

    @Test func aTranslationKeepsTheReferencesShape() throws {
        let reference = SampleJourney.document()
        try JourneyRules.checkSameShape(SampleJourney.document(quote: "Karim"), as: reference)
        let moved = JourneyDocument(title: "J", summary: "S", chapters: Array(reference.chapters.reversed()), challenge: reference.challenge)
        #expect(throws: RuleViolation("learning.translation_mismatch", arguments: ["place": "chapter meet", "found": "chapter help"])) {
            try JourneyRules.checkSameShape(moved, as: reference)
        }
    }
}

@Suite struct JourneyProgressTests {
    let document = SampleJourney.document()

    @Test func aNewReaderStartsAtTheFirstArticle() {
        #expect(JourneyProgress().resumeArticle(in: document)?.key == "greet")
        #expect(!JourneyProgress().isStarted(in: document))
    }

    @Test func aReaderResumesAtTheFirstUnseenArticleInOrder() {
        // Read the last one first (from a shared link), then the first: the middle one is next.
        let progress = JourneyProgress(seen: ["emergency", "greet"])
        #expect(progress.resumeArticle(in: document)?.key == "talk")
        #expect(progress.seenCount(in: document) == 2)
        #expect(progress.isStarted(in: document) && !progress.isRead(document))
    }

    @Test func everythingReadLeavesNothingToResume() {
        let progress = JourneyProgress(seen: ["greet", "talk", "emergency", "removed-since"])
        #expect(progress.resumeArticle(in: document) == nil && progress.isRead(document))
        #expect(progress.seenCount(in: document) == 3, "an article the content no longer has is not counted")
    }

    @Test func eachQuestionIsScoredByItsFirstAnswer() {
        let answers = [QuizAnswerRecord(article: "greet", quiz: "look", answer: 0),
                       QuizAnswerRecord(article: "greet", quiz: "look", answer: 1),
                       QuizAnswerRecord(article: "emergency", quiz: "call", answer: 0)]
        let progress = JourneyProgress(answers: answers)
        #expect(progress.score(in: document) == QuizScore(answered: 2, correct: 1, total: 2))
        #expect(progress.lastAnswer(to: "look", in: "greet") == 1, "the latest answer is the one shown again")
        #expect(JourneyProgress().score(in: document) == QuizScore(answered: 0, correct: 0, total: 2))
    }

    @Test func answersToQuestionsTheContentNoLongerHasDoNotCount() {
        let progress = JourneyProgress(answers: [QuizAnswerRecord(article: "greet", quiz: "gone", answer: 0)])
        #expect(progress.score(in: document) == QuizScore(answered: 0, correct: 0, total: 2))
    }

    @Test func theChallengeCanBeDoneAtAnyPoint() {
        let progress = JourneyProgress(challengeDone: true)
        #expect(progress.isStarted(in: document) && progress.challengeDone)
    }
}

@Suite struct ContentLanguageTests {
    @Test func theReadersOwnLanguageFirst() {
        #expect(ContentLanguage.choose(for: .uk, among: [.fr, .en, .uk]) == ContentLanguage(language: .uk, isFallback: false))
    }

    @Test func otherwiseEnglishThenFrenchSayingSo() {
        #expect(ContentLanguage.choose(for: .ps, among: [.fr, .en]) == ContentLanguage(language: .en, isFallback: true))
        #expect(ContentLanguage.choose(for: .ps, among: [.fr]) == ContentLanguage(language: .fr, isFallback: true))
        #expect(ContentLanguage.choose(for: .fr, among: [.en]) == ContentLanguage(language: .en, isFallback: true))
        #expect(ContentLanguage.choose(for: .fr, among: []) == nil)
    }
}

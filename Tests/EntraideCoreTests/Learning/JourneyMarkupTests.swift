import Foundation
import Testing
@testable import EntraideCore

/// The journeys shipped in `Resources/Learning`, as staff will first open them.
enum ShippedJourneys {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../Resources/Learning/first-steps").standardized

    static func document(_ language: String) throws -> JourneyDocument {
        try JSONDecoder().decode(JourneyDocument.self, from: Data(contentsOf: folder.appendingPathComponent("\(language).json")))
    }
}

@Suite struct JourneyMarkupRoundTripTests {
    @Test(arguments: ["fr", "en"])
    func theShippedJourneysComeBackExactly(language: String) throws {
        let document = try ShippedJourneys.document(language)
        let text = JourneyMarkup.write(document)
        let parsed = try JourneyMarkup.parse(text)
        #expect(parsed.document == document)
        #expect(JourneyMarkup.write(parsed.document) == text, "writing what was read gives the same text")
        #expect(text.hasPrefix("# \(document.title)\n"))
        #expect(text.contains("\n## meet: ") && text.contains("\n[quiz] first-step\n") && text.contains("\n(x) "))
    }

    @Test func everyKindOfBlockComesBack() throws {
        let document = SampleJourney.document(quote: "Awa", video: VideoBlock(title: "V", url: "https://example.org/v", transcript: "Line one.\n\nLine two."))
        let parsed = try JourneyMarkup.parse(JourneyMarkup.write(document))
        #expect(parsed.document == document)
    }

    @Test func quotesKeepWhoSpokeOrNobody() throws {
        let quotes = [
            QuoteBlock(text: "Bonjour.", author: nil),
            QuoteBlock(text: "Bonjour.", author: "anonymous"),
            QuoteBlock(text: "Bonjour.", author: "Awa", context: "quatre ans à la rue"),
            QuoteBlock(text: "Bonjour.", author: nil, context: "un voisin (Paris 11e)"),
            QuoteBlock(text: "Bonjour.\nÀ demain.", author: "Jean-Pierre", context: ""),
        ]
        for quote in quotes {
            let document = JourneyDocument(title: "T", summary: "S", chapters: [
                .init(key: "c", title: "C", articles: [.init(key: "a", title: "A", blocks: [.quote(quote)])]),
            ], challenge: .init(title: "D", text: "Faire"))
            let text = JourneyMarkup.write(document)
            #expect(try JourneyMarkup.parse(text).document == document, "\(text)")
        }
    }

    @Test func textThatLooksLikeMarkupIsEscapedAndComesBack() throws {
        let tricky = TextBlock(heading: "Le [vrai] titre", text: "#1 conseil\n[note] ceci est du texte\n\\ antislash\n( ) pas une réponse ici\n\n- une liste")
        let quiz = QuizQuestion(key: "q", question: "Laquelle ?\n(x) ressemble à une réponse", answers: ["[a]", "#b", "( ) c"], correct: 2,
                                explanation: "( ) ceci aussi\n# et ceci")
        let document = JourneyDocument(title: "# Titre", summary: "## pas un chapitre\n[text] pas un bloc", chapters: [
            .init(key: "c", title: "C: deux-points", articles: [
                .init(key: "a", title: "A", blocks: [.text(TextBlock(text: "Premier.")), .text(tricky), .text(TextBlock(text: "Sans titre.")), .quiz(quiz)]),
            ]),
        ], challenge: .init(title: "Défi", text: "[x] fait\n#défi"))
        let text = JourneyMarkup.write(document)
        #expect(text.contains("\n\\#1 conseil\n") && text.contains("\n\\[note]") && text.contains("\n\\\\ antislash"))
        #expect(text.contains("\n\\( ) ceci aussi") && text.contains("\n( ) pas une réponse ici"), "only quizzes escape answer-like lines")
        let parsed = try JourneyMarkup.parse(text)
        #expect(parsed.document == document)
        #expect(JourneyMarkup.write(parsed.document) == text)
    }

    @Test func staffTextIsReadAsWrittenAndWritingItAgainIsStable() throws {
        // Windows line ends, extra blank lines, spaces after markers, an upper-case X, a blank
        // line between answers: all accepted, and written back in one tidy form.
        let typed = "\r\n# Titre  \r\nRésumé\r\n\r\n\r\n##  c :  Chapitre\r\n###   a:Article\r\nTexte.\r\n[QUIZ]   q\r\nQuestion ?\r\n( ) non\r\n\r\n(X) oui\r\nParce que.\r\n[challenge] Défi\r\nFaire.\r\n"
        let parsed = try JourneyMarkup.parse(typed)
        #expect(parsed.document.title == "Titre" && parsed.document.chapters[0].key == "c" && parsed.document.chapters[0].title == "Chapitre")
        #expect(parsed.document.chapters[0].articles[0].title == "Article")
        let quiz = try #require(parsed.document.quizzes.first?.quiz)
        #expect(quiz.answers == ["non", "oui"] && quiz.correct == 1 && quiz.explanation == "Parce que.")
        let once = JourneyMarkup.write(parsed.document)
        let twice = JourneyMarkup.write(try JourneyMarkup.parse(once).document)
        #expect(once == twice)
        #expect(!once.contains("\r"))
    }

    @Test func linesOfEachPartAreKnown() throws {
        let text = JourneyMarkup.write(SampleJourney.document())
        let parsed = try JourneyMarkup.parse(text)
        let lines = text.components(separatedBy: "\n")
        #expect(parsed.lines["title"] == 1)
        #expect(lines[(parsed.lines["article talk"] ?? 0) - 1] == "### talk: Talk")
        #expect(lines[(parsed.line(of: "article greet, quiz look") ?? 0) - 1] == "[quiz] look")
        #expect(lines[(parsed.line(of: "quiz call 2 0") ?? 0) - 1] == "[quiz] call", "the shape check names quizzes this way")
        #expect(lines[(parsed.lines["challenge"] ?? 0) - 1] == "[challenge] Challenge")
    }
}

@Suite struct JourneyMarkupErrorTests {
    static let head = "# Titre\nRésumé\n\n## c: Chapitre\n\n### a: Article\n"
    static let tail = "\n[challenge] Défi\nFaire.\n"

    func failure(_ text: String) -> RuleViolation? {
        do {
            _ = try JourneyMarkup.check(text)
            return nil
        } catch {
            return error as? RuleViolation
        }
    }

    @Test(arguments: [
        // (text, code, line)
        ("", "learning.markup.title_missing", 1),
        ("Bonjour\n# Titre", "learning.markup.title_missing", 1),
        ("# Titre\nRésumé\n# Encore", "learning.markup.title_repeated", 3),
        ("# Titre\n#### Trop profond", "learning.markup.heading_unknown", 2),
        ("# Titre\n#hashtag", "learning.markup.heading_unknown", 2),
        ("# Titre\n[vidéo] Un film", "learning.markup.block_unknown", 2),
        ("# Titre\n[note sans fin", "learning.markup.block_unknown", 2),
        ("# Titre\n## Chapitre sans clé", "learning.markup.key_missing", 2),
        ("# Titre\n## Aller vers l'autre : début", "learning.markup.key_invalid", 2),
        ("# Titre\n### a: Article", "learning.markup.article_outside_chapter", 2),
        ("# Titre\n## c: Chapitre\nDu texte", "learning.markup.outside_article", 3),
        ("# Titre\n[text]\nDu texte", "learning.markup.outside_article", 2),
        (head + "Texte.\n[challenge] Défi\nFaire.\n[text]\nAprès le défi", "learning.markup.outside_article", 10),
        (head + "[text] Titre seul\n" + tail, "learning.markup.block_empty", 7),
        (head + "[quote] Awa\n" + tail, "learning.markup.block_empty", 7),
        (head + "[video]\nhttps://example.org/v\nTranscription" + tail, "learning.markup.video_title_missing", 7),
        (head + "[video] Film\n" + tail, "learning.markup.video_link_missing", 7),
        (head + "[video] Film\n\nexample.org/v\nTranscription" + tail, "learning.markup.video_link_missing", 9),
        (head + "[video] Film\nhttps://example.org/v\n" + tail, "learning.markup.video_transcript_missing", 7),
        (head + "[quiz]\nQ ?\n( ) a\n(x) b\nCar." + tail, "learning.markup.quiz_key_missing", 7),
        (head + "[quiz] Première Question\nQ ?\n( ) a\n(x) b\nCar." + tail, "learning.markup.key_invalid", 7),
        (head + "[quiz] q\n( ) a\n(x) b\nCar." + tail, "learning.markup.quiz_question_missing", 7),
        (head + "[quiz] q\nQ ?\n(x) seule\nCar." + tail, "learning.markup.quiz_answers_missing", 7),
        (head + "[quiz] q\nQ ?\n( ) a\n( ) b\nCar." + tail, "learning.markup.quiz_no_right_answer", 7),
        (head + "[quiz] q\nQ ?\n(x) a\n(x) b\nCar." + tail, "learning.markup.quiz_two_right_answers", 7),
        (head + "[quiz] q\nQ ?\n( ) a\n(x) b\nCar.\n( ) c" + tail, "learning.markup.quiz_answer_after_explanation", 12),
        (head + "[quiz] q\nQ ?\n( ) a\n(x) b\n" + tail, "learning.markup.quiz_explanation_missing", 7),
        (head + "Texte.\n", "learning.markup.challenge_missing", 8),
        (head + "Texte.\n[challenge]\nFaire.", "learning.markup.challenge_title_missing", 8),
        (head + "Texte.\n[challenge] Défi\n", "learning.markup.block_empty", 8),
        (head + "Texte.\n[challenge] Défi\nFaire.\n[challenge] Encore\nFaire.", "learning.markup.challenge_repeated", 10),
        // Rules checked after reading, still pointing at a line.
        (head + "[quote] Awa Diallo\nBonjour." + tail, "learning.quote_author_invalid", 6),
        (head + "[video] Film\nhttp://example.org/v\nTranscription" + tail, "learning.video_invalid", 6),
        (head + "Texte.\n[quiz] q\nQ ?\n( ) a\n( ) b\n( ) c\n( ) d\n( ) e\n( ) f\n(x) g\nCar." + tail, "learning.quiz_invalid", 8),
        (head + "Texte.\n### a: Encore a\nTexte." + tail, "learning.key_invalid", 8),
        ("# Titre\n\n## c: Chapitre\n\n### a: Article\nTexte." + tail, "learning.content_empty", 1),
        ("# Titre\nRésumé\n## c: Chapitre\n[challenge] Défi\nFaire.", "learning.content_empty", 3),
        ("# Titre\nRésumé\n[challenge] Défi\nFaire.", "learning.content_empty", 1),
    ])
    func errorsNameTheirLine(text: String, code: String, line: Int) {
        let violation = failure(text)
        #expect(violation?.code == code, "\(text)")
        #expect(violation?.arguments["line"] == "\(line)", "\(text) → \(String(describing: violation))")
    }

    @Test func aWellWrittenTextPassesTheRules() throws {
        let parsed = try JourneyMarkup.check(Self.head + "Texte.\n\n[quiz] q\nQ ?\n( ) a\n(x) b\nCar." + Self.tail)
        #expect(parsed.document.articles.map(\.key) == ["a"])
        #expect(parsed.document.challenge == .init(title: "Défi", text: "Faire."))
    }

    @Test func errorsSayWhatIsWrong() {
        #expect(failure("# Titre\n[vidéo] x")?.arguments["block"] == "[vidéo]")
        #expect(failure("# Titre\n## Mauvaise Clé: x")?.arguments["key"] == "Mauvaise Clé")
        #expect(failure("# Titre\nRésumé\n## c: C\n### a: A\nx\n[video] V\nhttp://x.org\nT\n[challenge] D\nF")?.arguments["place"] == "article a",
                "a rule's own place is kept next to the line")
    }

    @Test func aTranslationWithAnotherShapeIsLocated() throws {
        let french = try ShippedJourneys.document("fr")
        var english = JourneyMarkup.write(try ShippedJourneys.document("en"))
        english = english.replacingOccurrences(of: "\n[quiz] first-step\n", with: "\n[quiz] first-hello\n")
        let parsed = try JourneyMarkup.parse(english)
        do {
            try JourneyRules.checkSameShape(parsed.document, as: french)
            Issue.record("a renamed quiz changes the shape")
        } catch let violation as RuleViolation {
            let located = JourneyMarkup.located(violation, in: parsed)
            let line = try #require(located.arguments["line"].flatMap(Int.init))
            #expect(english.components(separatedBy: "\n")[line - 1] == "[quiz] first-hello")
        }
    }
}

import Foundation

/// What makes journey content publishable, checked when it is loaded or edited: an empty
/// chapter, a quiz without its right answer or a video without its transcript never reach a
/// member. Errors name the place in the journey so an author can find it.
public enum JourneyRules {
    public static let maximumAnswers = 6
    public static let maximumAuthorLength = 30
    /// What a quote's author is when nobody is named.
    public static let anonymous = "anonymous"

    public static func validate(_ document: JourneyDocument) throws {
        try requireText(document.title, place: "title")
        try requireText(document.summary, place: "summary")
        try requireText(document.challenge.title, place: "challenge")
        try requireText(document.challenge.text, place: "challenge")
        guard !document.chapters.isEmpty else { throw RuleViolation("learning.content_empty", arguments: ["place": "chapters"]) }
        var articleKeys = Set<String>(), quizKeys = Set<String>(), chapterKeys = Set<String>()
        for chapter in document.chapters {
            try requireKey(chapter.key, unseen: &chapterKeys, place: "chapter \(chapter.key)")
            try requireText(chapter.title, place: "chapter \(chapter.key)")
            guard !chapter.articles.isEmpty else { throw RuleViolation("learning.content_empty", arguments: ["place": "chapter \(chapter.key)"]) }
            for article in chapter.articles {
                let place = "article \(article.key)"
                try requireKey(article.key, unseen: &articleKeys, place: place)
                try requireText(article.title, place: place)
                guard !article.blocks.isEmpty else { throw RuleViolation("learning.content_empty", arguments: ["place": place]) }
                for block in article.blocks {
                    try validate(block, place: place, quizKeys: &quizKeys)
                }
            }
        }
    }

    static func validate(_ block: LearningBlock, place: String, quizKeys: inout Set<String>) throws {
        switch block {
        case .text(let text):
            try requireText(text.text, place: place)
        case .video(let video):
            guard let url = URL(string: video.url), url.scheme == "https", url.host != nil else {
                throw RuleViolation("learning.video_invalid", arguments: ["place": place])
            }
            guard !video.transcript.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                  !video.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw RuleViolation("learning.video_invalid", arguments: ["place": place])
            }
        case .quote(let quote):
            try requireText(quote.text, place: place)
            if let author = quote.author, !isFirstNameOrAnonymous(author) {
                throw RuleViolation("learning.quote_author_invalid", arguments: ["place": place])
            }
        case .quiz(let quiz):
            try requireKey(quiz.key, unseen: &quizKeys, place: "\(place), quiz \(quiz.key)")
            let answers = quiz.answers.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            guard !quiz.question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                  (2...maximumAnswers).contains(answers.count), !answers.contains(""),
                  quiz.isOffered(quiz.correct),
                  !quiz.explanation.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw RuleViolation("learning.quiz_invalid", arguments: ["place": "\(place), quiz \(quiz.key)"])
            }
        }
    }

    /// A quote is signed with one first name ("Jean-Pierre", "Awa", "N'Golo") or "anonymous":
    /// two words could be a first and a family name, so they are refused.
    public static func isFirstNameOrAnonymous(_ author: String) -> Bool {
        if author == anonymous { return true }
        guard !author.isEmpty, author.count <= maximumAuthorLength, author.first?.isLetter == true else { return false }
        return author.allSatisfy { $0.isLetter || $0 == "-" || $0 == "'" || $0 == "’" }
    }

    /// A translation must have the reference's shape: the same chapters, articles and quizzes
    /// in the same order, the same number of answers and the same right one. Otherwise a
    /// member's progress or score would change with the language they read in.
    public static func checkSameShape(_ translation: JourneyDocument, as reference: JourneyDocument) throws {
        func shape(_ document: JourneyDocument) -> [String] {
            document.chapters.flatMap { chapter in
                ["chapter \(chapter.key)"] + chapter.articles.flatMap { article in
                    ["article \(article.key)"] + article.quizzes.map { "quiz \($0.key) \($0.answers.count) \($0.correct)" }
                }
            }
        }
        let expected = shape(reference), found = shape(translation)
        guard expected != found else { return }
        let index = zip(expected, found).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expected.count, found.count)
        let first = index < expected.count ? expected[index] : found[index]
        // `found` is what the translation has there instead, so an editor can point at its line.
        var arguments = ["place": first]
        if index < found.count { arguments["found"] = found[index] }
        throw RuleViolation("learning.translation_mismatch", arguments: arguments)
    }

    static func requireText(_ text: String, place: String) throws {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw RuleViolation("learning.content_empty", arguments: ["place": place])
        }
    }

    /// Keys appear in links (`/learn/first-steps/greet`): lower-case letters, digits, dashes.
    public static func isKey(_ key: String) -> Bool {
        !key.isEmpty && key.count <= 60 && key.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && key.first != "-"
    }

    static func requireKey(_ key: String, unseen: inout Set<String>, place: String) throws {
        guard isKey(key), unseen.insert(key).inserted else {
            throw RuleViolation("learning.key_invalid", arguments: ["place": place])
        }
    }
}

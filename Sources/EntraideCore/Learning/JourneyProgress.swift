import Foundation

/// One answer a member gave to a quiz question. Every answer is kept, in the order given.
public struct QuizAnswerRecord: Sendable, Equatable {
    public let article: String
    public let quiz: String
    public let answer: Int

    public init(article: String, quiz: String, answer: Int) {
        self.article = article
        self.quiz = quiz
        self.answer = answer
    }
}

/// How a member did on a journey's quizzes.
public struct QuizScore: Sendable, Equatable, Codable {
    public let answered: Int
    public let correct: Int
    public let total: Int

    public init(answered: Int, correct: Int, total: Int) {
        self.answered = answered
        self.correct = correct
        self.total = total
    }

    /// Each question counts once, by its first answer: answering again after reading the
    /// explanation is learning, not a better score.
    public static func of(_ answers: [QuizAnswerRecord], in document: JourneyDocument) -> QuizScore {
        var answered = 0, correct = 0
        for (article, quiz) in document.quizzes {
            guard let first = answers.first(where: { $0.article == article && $0.quiz == quiz.key }) else { continue }
            answered += 1
            if quiz.isCorrect(first.answer) { correct += 1 }
        }
        return QuizScore(answered: answered, correct: correct, total: document.quizzes.count)
    }
}

/// A member's way through one journey: what they have read, what they answered, and whether
/// they took up the challenge. Keys that the content no longer has are ignored, not lost.
public struct JourneyProgress: Sendable, Equatable {
    public let seen: Set<String>
    public let answers: [QuizAnswerRecord]
    public let challengeDone: Bool

    public init(seen: Set<String> = [], answers: [QuizAnswerRecord] = [], challengeDone: Bool = false) {
        self.seen = seen
        self.answers = answers
        self.challengeDone = challengeDone
    }

    /// Where to resume: the first article not yet read, in reading order (an article skipped
    /// earlier comes before one further on); nil once everything is read.
    public func resumeArticle(in document: JourneyDocument) -> JourneyDocument.Article? {
        document.articles.first { !seen.contains($0.key) }
    }

    public func seenCount(in document: JourneyDocument) -> Int {
        document.articles.filter { seen.contains($0.key) }.count
    }

    public func isStarted(in document: JourneyDocument) -> Bool { seenCount(in: document) > 0 || !answers.isEmpty || challengeDone }

    public func isRead(_ document: JourneyDocument) -> Bool { resumeArticle(in: document) == nil }

    public func score(in document: JourneyDocument) -> QuizScore { QuizScore.of(answers, in: document) }

    /// The latest answer to a question, to show its explanation again when the page is reopened.
    public func lastAnswer(to quiz: String, in article: String) -> Int? {
        answers.last { $0.article == article && $0.quiz == quiz }?.answer
    }
}

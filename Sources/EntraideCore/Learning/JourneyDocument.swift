import Foundation

/// A journey's content in one language: chapters in reading order, each of articles in
/// reading order, each a sequence of blocks, and the concrete challenge that ends it.
///
/// Order is the order of the lists: there is no separate position to drift out of step.
/// Keys (articles, quizzes) are the same in every language, so progress and answers survive
/// a change of language or a corrected translation.
public struct JourneyDocument: Sendable, Equatable, Codable {
    public struct Chapter: Sendable, Equatable, Codable {
        public let key: String
        public let title: String
        public let articles: [Article]

        public init(key: String, title: String, articles: [Article]) {
            self.key = key
            self.title = title
            self.articles = articles
        }
    }

    public struct Article: Sendable, Equatable, Codable {
        public let key: String
        public let title: String
        public let blocks: [LearningBlock]

        public init(key: String, title: String, blocks: [LearningBlock]) {
            self.key = key
            self.title = title
            self.blocks = blocks
        }

        public var quizzes: [QuizQuestion] {
            blocks.compactMap { if case .quiz(let quiz) = $0 { quiz } else { nil } }
        }
    }

    /// A small, concrete thing to do once the journey is read ("say hello to someone you
    /// pass every day"); the member marks it done themselves.
    public struct Challenge: Sendable, Equatable, Codable {
        public let title: String
        public let text: String

        public init(title: String, text: String) {
            self.title = title
            self.text = text
        }
    }

    public let title: String
    public let summary: String
    public let chapters: [Chapter]
    public let challenge: Challenge

    public init(title: String, summary: String, chapters: [Chapter], challenge: Challenge) {
        self.title = title
        self.summary = summary
        self.chapters = chapters
        self.challenge = challenge
    }

    /// Every article in reading order: chapter by chapter, then article by article.
    public var articles: [Article] { chapters.flatMap(\.articles) }

    /// Where an article stands in the reading order, with its chapter and neighbours.
    public struct Place: Sendable, Equatable {
        public let chapter: Chapter
        public let article: Article
        /// 0-based position in the whole journey.
        public let index: Int
        public let previous: Article?
        public let next: Article?
    }

    public func place(of articleKey: String) -> Place? {
        let all = articles
        guard let index = all.firstIndex(where: { $0.key == articleKey }),
              let chapter = chapters.first(where: { $0.articles.contains { $0.key == articleKey } }) else { return nil }
        return Place(chapter: chapter, article: all[index], index: index,
                     previous: index > 0 ? all[index - 1] : nil, next: index + 1 < all.count ? all[index + 1] : nil)
    }

    /// Every quiz question with the article it belongs to, in reading order.
    public var quizzes: [(article: String, quiz: QuizQuestion)] {
        articles.flatMap { article in article.quizzes.map { (article.key, $0) } }
    }

    public func quiz(_ quizKey: String, in articleKey: String) -> QuizQuestion? {
        articles.first { $0.key == articleKey }?.quizzes.first { $0.key == quizKey }
    }
}

import Foundation

/// One piece of an article, read in order.
public enum LearningBlock: Sendable, Equatable {
    case text(TextBlock)
    case video(VideoBlock)
    case quote(QuoteBlock)
    case quiz(QuizQuestion)
}

/// Plain text: paragraphs separated by a blank line; lines starting with "- " make a list.
public struct TextBlock: Sendable, Equatable, Codable {
    public let heading: String?
    public let text: String

    public init(heading: String? = nil, text: String) {
        self.heading = heading
        self.text = text
    }

    public enum Part: Sendable, Equatable {
        case paragraph(String)
        case list([String])
    }

    /// The paragraphs and lists to show, so a page needs no markup language from authors.
    public var parts: [Part] {
        text.components(separatedBy: "\n\n").compactMap { chunk -> Part? in
            let lines = chunk.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !lines.isEmpty else { return nil }
            if lines.allSatisfy({ $0.hasPrefix("- ") }) {
                return .list(lines.map { String($0.dropFirst(2)) })
            }
            return .paragraph(lines.joined(separator: " "))
        }
    }
}

/// A link to a video. It is never embedded nor played by itself (no autoplay, no third-party
/// player loaded with the page), and its transcript is always there for people who cannot
/// play it: no data, no sound, or no sight.
public struct VideoBlock: Sendable, Equatable, Codable {
    public let title: String
    public let url: String
    public let transcript: String

    public init(title: String, url: String, transcript: String) {
        self.title = title
        self.url = url
        self.transcript = transcript
    }
}

/// Words of a person with lived experience of the street. Signed with a first name or not
/// at all ("anonymous"): a family name would make them findable.
public struct QuoteBlock: Sendable, Equatable, Codable {
    public let text: String
    /// A first name; nil for an anonymous quote.
    public let author: String?
    /// A few words on who speaks ("lived four years on the street"), never where they sleep.
    public let context: String?

    public init(text: String, author: String?, context: String? = nil) {
        self.text = text
        self.author = author
        self.context = context
    }
}

/// A question with its answers: the member answers first, then reads why.
public struct QuizQuestion: Sendable, Equatable, Codable {
    /// Stable across languages and edits, so answers stay attached to their question.
    public let key: String
    public let question: String
    public let answers: [String]
    /// Index in `answers` of the right one.
    public let correct: Int
    /// Shown once the member has answered, right or wrong.
    public let explanation: String

    public init(key: String, question: String, answers: [String], correct: Int, explanation: String) {
        self.key = key
        self.question = question
        self.answers = answers
        self.correct = correct
        self.explanation = explanation
    }

    /// Whether `answer` is one of the offered answers (what a client sends is checked first).
    public func isOffered(_ answer: Int) -> Bool { answers.indices.contains(answer) }

    public func isCorrect(_ answer: Int) -> Bool { answer == correct }
}

extension LearningBlock: Codable {
    private enum Kind: String, Codable { case text, video, quote, quiz }
    private enum CodingKeys: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let kind = try decoder.container(keyedBy: CodingKeys.self).decode(Kind.self, forKey: .type)
        switch kind {
        case .text: self = .text(try TextBlock(from: decoder))
        case .video: self = .video(try VideoBlock(from: decoder))
        case .quote: self = .quote(try QuoteBlock(from: decoder))
        case .quiz: self = .quiz(try QuizQuestion(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let block): try container.encode(Kind.text, forKey: .type); try block.encode(to: encoder)
        case .video(let block): try container.encode(Kind.video, forKey: .type); try block.encode(to: encoder)
        case .quote(let block): try container.encode(Kind.quote, forKey: .type); try block.encode(to: encoder)
        case .quiz(let block): try container.encode(Kind.quiz, forKey: .type); try block.encode(to: encoder)
        }
    }
}

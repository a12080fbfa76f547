import Vapor
import EntraideCore

/// A member's way through a journey, as the API shows it.
struct JourneyProgressDTO: Content {
    let articlesSeen: Int
    let articlesTotal: Int
    /// The first article not yet read, in order; absent once everything is read.
    let resumeArticle: String?
    let score: QuizScore
    let challengeDone: Bool

    init(_ progress: JourneyProgress, in document: JourneyDocument) {
        articlesSeen = progress.seenCount(in: document)
        articlesTotal = document.articles.count
        resumeArticle = progress.resumeArticle(in: document)?.key
        score = progress.score(in: document)
        challengeDone = progress.challengeDone
    }
}

struct JourneySummaryDTO: Content {
    let slug: String
    let family: JourneyFamily
    let status: JourneyStatus
    let title: String
    let summary: String
    let estimatedMinutes: Int
    /// The language of the content; `fallback` when it is not the reader's own.
    let language: String
    let fallback: Bool
    /// Only for a signed-in member.
    let progress: JourneyProgressDTO?

    init(_ loaded: LearningService.Loaded, progress: JourneyProgress?) {
        slug = loaded.journey.slug
        family = loaded.journey.journeyFamily
        status = loaded.journey.journeyStatus
        title = loaded.document.title
        summary = loaded.document.summary
        estimatedMinutes = loaded.journey.estimatedMinutes
        language = loaded.language.language.rawValue
        fallback = loaded.language.isFallback
        self.progress = progress.map { JourneyProgressDTO($0, in: loaded.document) }
    }
}

struct JourneyDTO: Content {
    struct ArticleRef: Content {
        let key: String
        let title: String
        let seen: Bool
    }

    struct Chapter: Content {
        let key: String
        let title: String
        let articles: [ArticleRef]
    }

    struct Challenge: Content {
        let title: String
        let text: String
        let done: Bool
    }

    let journey: JourneySummaryDTO
    let chapters: [Chapter]
    let challenge: Challenge

    init(_ loaded: LearningService.Loaded, progress: JourneyProgress?) {
        journey = JourneySummaryDTO(loaded, progress: progress)
        let seen = progress?.seen ?? []
        chapters = loaded.document.chapters.map { chapter in
            Chapter(key: chapter.key, title: chapter.title,
                    articles: chapter.articles.map { ArticleRef(key: $0.key, title: $0.title, seen: seen.contains($0.key)) })
        }
        challenge = Challenge(title: loaded.document.challenge.title, text: loaded.document.challenge.text, done: progress?.challengeDone ?? false)
    }
}

/// One block of an article. A quiz's right answer and explanation come only once the member
/// has answered it (`yourAnswer`): the explanation is for after thinking, not instead of it.
struct LearningBlockDTO: Content {
    let type: String
    var heading: String?
    var text: String?
    var title: String?
    var url: String?
    var transcript: String?
    /// A first name; absent when the quote is anonymous.
    var author: String?
    var context: String?
    var key: String?
    var question: String?
    var answers: [String]?
    var yourAnswer: Int?
    var correct: Bool?
    var correctAnswer: Int?
    var explanation: String?

    init(_ block: LearningBlock, article: String, progress: JourneyProgress?) {
        switch block {
        case .text(let text):
            type = "text"
            heading = text.heading
            self.text = text.text
        case .video(let video):
            type = "video"
            title = video.title
            url = video.url
            transcript = video.transcript
        case .quote(let quote):
            type = "quote"
            text = quote.text
            author = quote.author == JourneyRules.anonymous ? nil : quote.author
            context = quote.context
        case .quiz(let quiz):
            type = "quiz"
            key = quiz.key
            question = quiz.question
            answers = quiz.answers
            if let given = progress?.lastAnswer(to: quiz.key, in: article) {
                yourAnswer = given
                correct = quiz.isCorrect(given)
                correctAnswer = quiz.correct
                explanation = quiz.explanation
            }
        }
    }
}

struct LearningArticleDTO: Content {
    struct ChapterRef: Content {
        let key: String
        let title: String
    }

    let journey: String
    let key: String
    let title: String
    let chapter: ChapterRef
    /// 1-based place in the journey's reading order, out of `total`.
    let position: Int
    let total: Int
    let previous: String?
    let next: String?
    let language: String
    let fallback: Bool
    let seen: Bool
    let blocks: [LearningBlockDTO]

    init(_ loaded: LearningService.Loaded, _ place: JourneyDocument.Place, progress: JourneyProgress?) {
        journey = loaded.journey.slug
        key = place.article.key
        title = place.article.title
        chapter = ChapterRef(key: place.chapter.key, title: place.chapter.title)
        position = place.index + 1
        total = loaded.document.articles.count
        previous = place.previous?.key
        next = place.next?.key
        language = loaded.language.language.rawValue
        fallback = loaded.language.isFallback
        seen = progress?.seen.contains(place.article.key) ?? false
        blocks = place.article.blocks.map { LearningBlockDTO($0, article: place.article.key, progress: progress) }
    }
}

struct QuizAnswerInput: Content {
    let answer: Int?
}

struct QuizResultDTO: Content {
    let correct: Bool
    let correctAnswer: Int
    let explanation: String
    let score: QuizScore
}

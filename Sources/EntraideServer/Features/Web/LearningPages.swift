import Vapor
import Fluent
import EntraideCore

/// Learning journeys on the web, without JavaScript: the list, a journey's outline with its
/// challenge, and an article whose quizzes are answered by a form that comes back with the
/// explanation. Visitors read and try the quizzes; members' reading and answers are kept.
struct LearningPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let learn = routes.grouped("learn")
        learn.get(use: Self.list)
        learn.get(":journey", use: Self.journey)
        learn.post(":journey", use: Self.challengeDone)
        learn.get(":journey", ":article", use: Self.article)
        learn.post(":journey", ":article", use: Self.answer)
    }

    // MARK: Shared pieces

    struct Card: Encodable {
        let slug: String
        let title: String
        let summary: String
        let family: String
        let duration: String
        /// Shown to staff for a journey members do not see yet.
        let status: String?
        let fallback: String?
        let progress: String?
        let score: String?
        let resume: String
        let action: String
    }

    static func card(_ loaded: LearningService.Loaded, progress: JourneyProgress?, _ req: Request) -> Card {
        let document = loaded.document
        let slug = loaded.journey.slug
        let resume = progress?.resumeArticle(in: document) ?? document.articles[0]
        let started = progress?.isStarted(in: document) ?? false
        let action = !started ? "learning.start" : (progress?.isRead(document) == true ? "learning.read_again" : "learning.resume")
        let score = progress.map { $0.score(in: document) }
        return Card(
            slug: slug, title: document.title, summary: document.summary,
            family: req.t("learning.family.\(loaded.journey.journeyFamily.rawValue)"),
            duration: req.t("learning.duration", ["minutes": "\(loaded.journey.estimatedMinutes)"]),
            status: loaded.journey.journeyStatus.visibleToMembers ? nil : req.t("learning.status.\(loaded.journey.journeyStatus.rawValue)"),
            fallback: fallbackNotice(loaded, req),
            progress: started ? req.t("learning.progress", ["seen": "\(progress!.seenCount(in: document))", "total": "\(document.articles.count)"]) : nil,
            score: score.flatMap { $0.answered > 0 ? req.t("learning.score", ["correct": "\($0.correct)", "total": "\($0.total)"]) : nil },
            resume: "/learn/\(slug)/\(resume.key)", action: req.t(action))
    }

    static func fallbackNotice(_ loaded: LearningService.Loaded, _ req: Request) -> String? {
        loaded.language.isFallback ? req.t("learning.fallback", ["language": loaded.language.language.endonym]) : nil
    }

    static func progress(_ req: Request, _ loaded: LearningService.Loaded) async throws -> JourneyProgress? {
        guard let user = req.auth.get(User.self) else { return nil }
        return try await LearningService.progress(of: user, in: loaded, on: req.db)
    }

    // MARK: List

    struct ListPage: Encodable {
        let page: PageContext
        let journeys: [Card]?
        /// Staff who write journeys get a link to the back-office.
        let edits: Bool
    }

    static func list(_ req: Request) async throws -> View {
        let reader = LearningService.Reader(req)
        let journeys = try await LearningService.journeys(for: reader, on: req.db)
        let progress = try await LearningService.progress(of: reader.user, in: journeys.map(\.id), on: req.db)
        let cards = journeys.map { card($0, progress: reader.user == nil ? nil : progress[$0.id] ?? JourneyProgress(), req) }
        return try await req.view.render("learning/list", ListPage(page: PageContext(req, titleKey: "page.learning.title"),
                                                                    journeys: cards.isEmpty ? nil : cards,
                                                                    edits: (try? LearningEditorPages.editor(req)) != nil))
    }

    // MARK: Journey

    struct ArticleLink: Encodable {
        let link: String
        let title: String
        let seen: Bool
    }

    struct ChapterRow: Encodable {
        let title: String
        let articles: [ArticleLink]
    }

    struct JourneyPage: Encodable {
        let page: PageContext
        let journey: Card
        let chapters: [ChapterRow]
        let challengeTitle: String
        let challengeText: String
        let challengeDone: Bool
        let signedIn: Bool
    }

    static func journey(_ req: Request) async throws -> View {
        let loaded = try await LearningService.journey(req.parameters.get("journey"), for: LearningService.Reader(req), on: req.db)
        let progress = try await progress(req, loaded)
        let seen = progress?.seen ?? []
        let chapters = loaded.document.chapters.map { chapter in
            ChapterRow(title: chapter.title, articles: chapter.articles.map {
                ArticleLink(link: "/learn/\(loaded.journey.slug)/\($0.key)", title: $0.title, seen: seen.contains($0.key))
            })
        }
        var context = PageContext(req, titleKey: "page.learning.title")
        context.title = loaded.document.title
        return try await req.view.render("learning/journey", JourneyPage(
            page: context, journey: card(loaded, progress: progress, req), chapters: chapters,
            challengeTitle: loaded.document.challenge.title, challengeText: loaded.document.challenge.text,
            challengeDone: progress?.challengeDone ?? false, signedIn: req.auth.has(User.self)))
    }

    static func challengeDone(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let loaded = try await LearningService.journey(req.parameters.get("journey"), for: LearningService.Reader(req), on: req.db)
        try await LearningService.challengeDone(in: loaded, by: user, on: req.db)
        return req.redirect(to: "/learn/\(loaded.journey.slug)#challenge")
    }

    // MARK: Article

    struct TextPart: Encodable {
        let paragraph: String?
        let items: [String]?
    }

    struct AnswerOption: Encodable {
        let index: Int
        let text: String
        let checked: Bool
    }

    struct BlockView: Encodable {
        var isText = false, isVideo = false, isQuote = false, isQuiz = false
        var heading: String?
        var parts: [TextPart]?
        var title: String?
        var url: String?
        var transcript: String?
        var text: String?
        var author: String?
        var context: String?
        var key: String?
        var question: String?
        var answers: [AnswerOption]?
        var answered = false
        var correct = false
        var rightAnswer: String?
        var explanation: String?
        var error: String?
    }

    struct ArticlePage: Encodable {
        let page: PageContext
        let journeySlug: String
        let journeyTitle: String
        let articleKey: String
        let chapterTitle: String
        let title: String
        let position: String
        let fallback: String?
        let blocks: [BlockView]
        let previous: ArticleLink?
        let next: ArticleLink?
    }

    /// What the form just sent, to show its result (or its error) under its own question.
    struct Attempt {
        let quiz: String
        let answer: Int?
        let error: String?
    }

    /// A block as a page shows it. In staff's preview (`preview`), a quiz shows its right answer
    /// and explanation at once, with no form to answer.
    static func blockView(_ block: LearningBlock, article: String, progress: JourneyProgress?, attempt: Attempt?, preview: Bool = false,
                          _ req: Request) -> BlockView {
        var view = BlockView()
        switch block {
        case .text(let text):
            view.isText = true
            view.heading = text.heading
            view.parts = text.parts.map { part in
                switch part {
                case .paragraph(let paragraph): TextPart(paragraph: paragraph, items: nil)
                case .list(let items): TextPart(paragraph: nil, items: items)
                }
            }
        case .video(let video):
            view.isVideo = true
            view.title = video.title
            view.url = video.url
            view.transcript = video.transcript
        case .quote(let quote):
            view.isQuote = true
            view.text = quote.text
            view.author = quote.author.flatMap { $0 == JourneyRules.anonymous ? nil : $0 } ?? req.t("learning.anonymous")
            view.context = quote.context
        case .quiz(let quiz):
            view.isQuiz = true
            view.key = quiz.key
            view.question = quiz.question
            let own = attempt?.quiz == quiz.key ? attempt : nil
            let given = own == nil ? progress?.lastAnswer(to: quiz.key, in: article) : own?.answer
            view.answers = quiz.answers.enumerated().map { AnswerOption(index: $0.offset, text: $0.element, checked: $0.offset == given) }
            view.error = own?.error
            if preview {
                view.rightAnswer = quiz.answers[quiz.correct]
                view.explanation = quiz.explanation
            } else if let given, own?.error == nil {
                view.answered = true
                view.correct = quiz.isCorrect(given)
                view.rightAnswer = quiz.answers[quiz.correct]
                view.explanation = quiz.explanation
            }
        }
        return view
    }

    static func renderArticle(_ req: Request, attempt: Attempt? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let loaded = try await LearningService.journey(req.parameters.get("journey"), for: LearningService.Reader(req), on: req.db)
        let place = try LearningService.article(req.parameters.get("article"), in: loaded)
        if let user = req.auth.get(User.self) {
            try await LearningService.markSeen(place.article.key, in: loaded, by: user, on: req.db)
        }
        let progress = try await progress(req, loaded)
        let slug = loaded.journey.slug
        var context = PageContext(req, titleKey: "page.learning.title")
        context.title = place.article.title
        let page = ArticlePage(
            page: context, journeySlug: slug, journeyTitle: loaded.document.title, articleKey: place.article.key, chapterTitle: place.chapter.title,
            title: place.article.title,
            position: req.t("learning.article_position", ["position": "\(place.index + 1)", "total": "\(loaded.document.articles.count)"]),
            fallback: fallbackNotice(loaded, req),
            blocks: place.article.blocks.map { blockView($0, article: place.article.key, progress: progress, attempt: attempt, req) },
            previous: place.previous.map { ArticleLink(link: "/learn/\(slug)/\($0.key)", title: $0.title, seen: false) },
            next: place.next.map { ArticleLink(link: "/learn/\(slug)/\($0.key)", title: $0.title, seen: false) })
        let response = try await req.view.render("learning/article", page).encodeResponse(for: req)
        response.status = status
        return response
    }

    static func article(_ req: Request) async throws -> Response {
        try await renderArticle(req)
    }

    struct AnswerForm: Decodable {
        let quiz: String?
        let answer: String?
    }

    /// A quiz answered without JavaScript: the same page comes back with the explanation
    /// under the question (or, without a choice, with the error there).
    static func answer(_ req: Request) async throws -> Response {
        let form = try req.content.decode(AnswerForm.self)
        let loaded = try await LearningService.journey(req.parameters.get("journey"), for: LearningService.Reader(req), on: req.db)
        let place = try LearningService.article(req.parameters.get("article"), in: loaded)
        let quiz = form.quiz ?? ""
        do {
            _ = try await LearningService.answer(form.answer.flatMap { Int($0) }, to: quiz, in: place.article.key, of: loaded,
                                                 by: req.auth.get(User.self), on: req.db)
            return try await renderArticle(req, attempt: Attempt(quiz: quiz, answer: form.answer.flatMap { Int($0) }, error: nil))
        } catch let error as AppError where error.code == "learning.answer_invalid" {
            return try await renderArticle(req, attempt: Attempt(quiz: quiz, answer: nil, error: req.t(error.code, error.arguments)), status: .badRequest)
        }
    }
}

import Vapor
import Fluent
import EntraideCore

/// `/api/v1/learning…`: journeys to read (no account needed), and a member's progress through
/// them (articles read, quiz answers, the final challenge).
struct LearningAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let journeys = routes.grouped("learning", "journeys")
        journeys.get(use: Self.list)
        journeys.get(":journey", use: Self.show)
        journeys.post(":journey", "challenge", use: Self.challenge)
        journeys.get(":journey", "articles", ":article", use: Self.article)
        journeys.post(":journey", "articles", ":article", "seen", use: Self.seen)
        journeys.post(":journey", "articles", ":article", "quizzes", ":quiz", "answers", use: Self.answer)
    }

    static func list(_ req: Request) async throws -> [JourneySummaryDTO] {
        let reader = LearningService.Reader(req)
        let journeys = try await LearningService.journeys(for: reader, on: req.db)
        let progress = try await LearningService.progress(of: reader.user, in: journeys.map(\.id), on: req.db)
        return journeys.map { JourneySummaryDTO($0, progress: reader.user == nil ? nil : progress[$0.id] ?? JourneyProgress()) }
    }

    static func show(_ req: Request) async throws -> JourneyDTO {
        let reader = LearningService.Reader(req)
        let loaded = try await LearningService.journey(req.parameters.get("journey"), for: reader, on: req.db)
        let progress = reader.user == nil ? nil : try await LearningService.progress(of: reader.user, in: loaded, on: req.db)
        return JourneyDTO(loaded, progress: progress)
    }

    static func article(_ req: Request) async throws -> LearningArticleDTO {
        let reader = LearningService.Reader(req)
        let loaded = try await LearningService.journey(req.parameters.get("journey"), for: reader, on: req.db)
        let place = try LearningService.article(req.parameters.get("article"), in: loaded)
        let progress = reader.user == nil ? nil : try await LearningService.progress(of: reader.user, in: loaded, on: req.db)
        return LearningArticleDTO(loaded, place, progress: progress)
    }

    static func seen(_ req: Request) async throws -> JourneyProgressDTO {
        let user = try req.requireMember()
        let loaded = try await LearningService.journey(req.parameters.get("journey"), for: LearningService.Reader(req), on: req.db)
        let place = try LearningService.article(req.parameters.get("article"), in: loaded)
        try await LearningService.markSeen(place.article.key, in: loaded, by: user, on: req.db)
        return JourneyProgressDTO(try await LearningService.progress(of: user, in: loaded, on: req.db), in: loaded.document)
    }

    static func answer(_ req: Request) async throws -> QuizResultDTO {
        let user = try req.requireMember()
        let loaded = try await LearningService.journey(req.parameters.get("journey"), for: LearningService.Reader(req), on: req.db)
        let place = try LearningService.article(req.parameters.get("article"), in: loaded)
        let input = try req.content.decode(QuizAnswerInput.self)
        let (quiz, correct) = try await LearningService.answer(input.answer, to: req.parameters.get("quiz"), in: place.article.key,
                                                               of: loaded, by: user, on: req.db)
        let progress = try await LearningService.progress(of: user, in: loaded, on: req.db)
        return QuizResultDTO(correct: correct, correctAnswer: quiz.correct, explanation: quiz.explanation, score: progress.score(in: loaded.document))
    }

    static func challenge(_ req: Request) async throws -> JourneyProgressDTO {
        let user = try req.requireMember()
        let loaded = try await LearningService.journey(req.parameters.get("journey"), for: LearningService.Reader(req), on: req.db)
        try await LearningService.challengeDone(in: loaded, by: user, on: req.db)
        return JourneyProgressDTO(try await LearningService.progress(of: user, in: loaded, on: req.db), in: loaded.document)
    }
}

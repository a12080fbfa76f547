import Foundation
import Fluent

/// A member's learning progress, as their data export gives it: which articles they read,
/// every quiz answer they gave and the challenges they marked done, named by the journey's
/// slug so the file reads without the database.
struct LearningExport: Codable, Sendable {
    struct Seen: Codable, Sendable { let journey: String; let article: String; let at: Date }
    struct Answer: Codable, Sendable { let journey: String; let article: String; let quiz: String; let answer: Int; let correct: Bool; let at: Date }
    struct Challenge: Codable, Sendable { let journey: String; let doneAt: Date }

    let articlesSeen: [Seen]
    let quizAnswers: [Answer]
    let challengesDone: [Challenge]

    static func of(_ userID: UUID, on database: any Database) async throws -> LearningExport {
        let seen = try await LearningArticleSeen.query(on: database).filter(\.$user.$id == userID).sort(\.$seenAt).all()
        let answers = try await LearningQuizAnswer.query(on: database).filter(\.$user.$id == userID).sort(\.$answeredAt).all()
        let challenges = try await LearningChallenge.query(on: database).filter(\.$user.$id == userID).sort(\.$doneAt).all()
        let journeyIDs = Set(seen.map(\.$journey.id) + answers.map(\.$journey.id) + challenges.map(\.$journey.id))
        let slugs = journeyIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await LearningJourney.query(on: database)
            .filter(\.$id ~~ Array(journeyIDs)).all().map { ($0.id!, $0.slug) })
        func slug(_ id: UUID) -> String { slugs[id] ?? id.uuidString }
        return LearningExport(
            articlesSeen: seen.map { .init(journey: slug($0.$journey.id), article: $0.articleKey, at: $0.seenAt) },
            quizAnswers: answers.map { .init(journey: slug($0.$journey.id), article: $0.articleKey, quiz: $0.quizKey,
                                             answer: $0.answer, correct: $0.correct, at: $0.answeredAt) },
            challengesDone: challenges.map { .init(journey: slug($0.$journey.id), doneAt: $0.doneAt) })
    }
}

import Vapor
import Fluent
import EntraideCore

/// Reading journeys and keeping each member's way through them. Members read published
/// journeys only; staff and the street committee also read drafts and those in review, so
/// they can check them before anyone else does.
enum LearningService {
    /// Who reads, in which language, and whether they may see unpublished journeys.
    struct Reader {
        let user: User?
        let staff: Bool
        let language: Language

        init(user: User?, staff: Bool, language: Language) {
            self.user = user
            self.staff = staff
            self.language = language
        }

        init(_ req: Request) {
            let roles = Set(req.authenticated?.roles ?? [])
            self.init(user: req.auth.get(User.self), staff: !roles.isDisjoint(with: LearningService.editors.map(\.rawValue)), language: req.language)
        }

        func sees(_ journey: LearningJourney) -> Bool { staff || journey.journeyStatus.visibleToMembers }
    }

    static let editors: Set<StaffRole> = [.admin, .animator, .moderator, .committee]

    /// A journey with its content in the reader's language (or the fallback one).
    struct Loaded {
        let journey: LearningJourney
        let document: JourneyDocument
        let language: ContentLanguage

        var id: UUID { journey.id! }
    }

    /// The journeys the reader may see, in list order, each in the reader's language.
    static func journeys(for reader: Reader, on database: any Database) async throws -> [Loaded] {
        var query = LearningJourney.query(on: database)
        if !reader.staff { query = query.filter(\.$status == JourneyStatus.published.rawValue) }
        let journeys = try await query.sort(\.$position).sort(\.$slug).all()
        guard !journeys.isEmpty else { return [] }
        let texts = try await LearningJourneyText.query(on: database).filter(\.$journey.$id ~~ journeys.compactMap(\.id)).all()
        let byJourney = Dictionary(grouping: texts, by: { $0.$journey.id })
        return try journeys.compactMap { journey in
            try load(journey, texts: byJourney[journey.id!] ?? [], for: reader.language)
        }
    }

    /// A journey by its link; one the reader may not see is answered as unknown, so a draft's
    /// existence is not given away.
    static func journey(_ slug: String?, for reader: Reader, on database: any Database) async throws -> Loaded {
        guard let slug, JourneyRules.isKey(slug),
              let journey = try await LearningJourney.query(on: database).filter(\.$slug == slug).first(),
              reader.sees(journey) else { throw AppError.notFound("learning.journey_not_found") }
        let texts = try await LearningJourneyText.query(on: database).filter(\.$journey.$id == journey.requireID()).all()
        guard let loaded = try load(journey, texts: texts, for: reader.language) else { throw AppError.notFound("learning.journey_not_found") }
        return loaded
    }

    static func load(_ journey: LearningJourney, texts: [LearningJourneyText], for language: Language) throws -> Loaded? {
        let available = Set(texts.compactMap { Language(rawValue: $0.language) })
        guard let chosen = ContentLanguage.choose(for: language, among: available),
              let text = texts.first(where: { $0.language == chosen.language.rawValue }) else { return nil }
        return Loaded(journey: journey, document: try text.decoded(), language: chosen)
    }

    static func article(_ key: String?, in loaded: Loaded) throws -> JourneyDocument.Place {
        guard let key, let place = loaded.document.place(of: key) else { throw AppError.notFound("learning.article_not_found") }
        return place
    }

    // MARK: Progress

    static func progress(of user: User?, in journeyIDs: [UUID], on database: any Database) async throws -> [UUID: JourneyProgress] {
        guard let userID = user?.id, !journeyIDs.isEmpty else { return [:] }
        let seen = try await LearningArticleSeen.query(on: database).filter(\.$user.$id == userID).filter(\.$journey.$id ~~ journeyIDs).all()
        let answers = try await LearningQuizAnswer.query(on: database).filter(\.$user.$id == userID).filter(\.$journey.$id ~~ journeyIDs)
            .sort(\.$answeredAt).sort(\.$id).all()
        let done = try await LearningChallenge.query(on: database).filter(\.$user.$id == userID).filter(\.$journey.$id ~~ journeyIDs).all()
        var result: [UUID: JourneyProgress] = [:]
        for id in journeyIDs {
            result[id] = JourneyProgress(
                seen: Set(seen.filter { $0.$journey.id == id }.map(\.articleKey)),
                answers: answers.filter { $0.$journey.id == id }.map { QuizAnswerRecord(article: $0.articleKey, quiz: $0.quizKey, answer: $0.answer) },
                challengeDone: done.contains { $0.$journey.id == id })
        }
        return result
    }

    static func progress(of user: User?, in loaded: Loaded, on database: any Database) async throws -> JourneyProgress {
        try await progress(of: user, in: [loaded.id], on: database)[loaded.id] ?? JourneyProgress()
    }

    /// Marks an article read; reading it again (or twice at once) changes nothing.
    static func markSeen(_ articleKey: String, in loaded: Loaded, by user: User, on database: any Database) async throws {
        let userID = try user.requireID()
        func exists() async throws -> Bool {
            try await LearningArticleSeen.query(on: database).filter(\.$user.$id == userID).filter(\.$journey.$id == loaded.id)
                .filter(\.$articleKey == articleKey).first() != nil
        }
        guard try await !exists() else { return }
        do {
            try await LearningArticleSeen(userID: userID, journeyID: loaded.id, articleKey: articleKey).create(on: database)
        } catch {
            // Another request of the same member won the race: the article is read either way.
            guard try await exists() else { throw error }
        }
    }

    /// Checks an answer and, for a member, keeps it. Visitors may try the quiz too; nothing is stored.
    static func answer(_ answer: Int?, to quizKey: String?, in articleKey: String, of loaded: Loaded, by user: User?,
                       on database: any Database) async throws -> (quiz: QuizQuestion, correct: Bool) {
        guard let quizKey, let quiz = loaded.document.quiz(quizKey, in: articleKey) else { throw AppError.notFound("learning.quiz_not_found") }
        guard let answer, quiz.isOffered(answer) else {
            throw AppError(.badRequest, "learning.answer_invalid", field: "answer", arguments: ["max": "\(quiz.answers.count - 1)"])
        }
        let correct = quiz.isCorrect(answer)
        if let user {
            try await LearningQuizAnswer(userID: user.requireID(), journeyID: loaded.id, articleKey: articleKey, quizKey: quiz.key,
                                         answer: answer, correct: correct).create(on: database)
        }
        return (quiz, correct)
    }

    /// The member took up the challenge; saying so twice keeps the first date.
    static func challengeDone(in loaded: Loaded, by user: User, on database: any Database) async throws {
        let userID = try user.requireID()
        func exists() async throws -> Bool {
            try await LearningChallenge.query(on: database).filter(\.$user.$id == userID).filter(\.$journey.$id == loaded.id).first() != nil
        }
        guard try await !exists() else { return }
        do {
            try await LearningChallenge(userID: userID, journeyID: loaded.id).create(on: database)
        } catch {
            guard try await exists() else { throw error }
        }
    }
}

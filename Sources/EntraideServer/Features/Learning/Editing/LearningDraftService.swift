import Vapor
import Fluent
import EntraideCore

/// Staff's proposed versions of journeys, from the first save to the committee's decision.
/// Nothing here changes what members read, except `publish`, which only the street committee's
/// decision calls (no route reaches it).
enum LearningDraftService {
    /// Who edits journeys: the staff who read drafts, except the committee, who review them.
    static let editors: Set<StaffRole> = LearningService.editors.subtracting([.committee])

    static let minutesRange = 1...600

    // MARK: Journeys

    struct NewJourney {
        var slug: String
        var family: String
        var estimatedMinutes: String
        var position: String
    }

    /// A new journey stays a draft, unseen by members, until a version of it is published.
    static func create(_ input: NewJourney, on database: any Database) async throws -> LearningJourney {
        let slug = input.slug.trimmingCharacters(in: .whitespaces)
        guard JourneyRules.isKey(slug) else { throw AppError(.unprocessableEntity, "learning.editor.slug_invalid", field: "slug") }
        guard let family = JourneyFamily(rawValue: input.family) else {
            throw AppError(.unprocessableEntity, "learning.editor.family_invalid", field: "family")
        }
        guard let minutes = Int(input.estimatedMinutes.trimmingCharacters(in: .whitespaces)), minutesRange.contains(minutes) else {
            throw AppError(.unprocessableEntity, "learning.editor.minutes_invalid", field: "estimatedMinutes",
                           arguments: ["min": "\(minutesRange.lowerBound)", "max": "\(minutesRange.upperBound)"])
        }
        guard let position = Int(input.position.trimmingCharacters(in: .whitespaces)), (0...10_000).contains(position) else {
            throw AppError(.unprocessableEntity, "learning.editor.position_invalid", field: "position")
        }
        func taken() async throws -> Bool { try await LearningJourney.query(on: database).filter(\.$slug == slug).first() != nil }
        guard try await !taken() else { throw AppError(.conflict, "learning.editor.slug_taken", field: "slug") }
        let journey = LearningJourney(slug: slug, family: family, status: .draft, estimatedMinutes: minutes, position: position)
        do {
            try await journey.create(on: database)
        } catch {
            // Two staff chose the same link at once: the unique index decided.
            guard try await !taken() else { throw AppError(.conflict, "learning.editor.slug_taken", field: "slug") }
            throw error
        }
        return journey
    }

    static func journey(_ slug: String?, on database: any Database) async throws -> LearningJourney {
        guard let slug, JourneyRules.isKey(slug),
              let journey = try await LearningJourney.query(on: database).filter(\.$slug == slug).first() else {
            throw AppError.notFound("learning.journey_not_found")
        }
        return journey
    }

    static func language(_ code: String?) throws -> Language {
        guard let code, let language = Language(rawValue: code) else { throw AppError.notFound("learning.editor.language_not_found") }
        return language
    }

    // MARK: Versions

    /// What members read in this language now, if anything.
    static func published(_ journey: LearningJourney, _ language: Language, on database: any Database) async throws -> JourneyDocument? {
        try await LearningJourneyText.query(on: database).filter(\.$journey.$id == journey.requireID())
            .filter(\.$language == language.rawValue).first()?.decoded()
    }

    /// The latest proposal still open (being written or in review), newest first.
    static func pending(_ journey: LearningJourney, _ language: Language, on database: any Database) async throws -> LearningJourneyDraft? {
        try await LearningJourneyDraft.query(on: database).filter(\.$journey.$id == journey.requireID())
            .filter(\.$language == language.rawValue)
            .filter(\.$status ~~ [LearningJourneyDraft.Status.draft.rawValue, LearningJourneyDraft.Status.inReview.rawValue])
            .sort(\.$createdAt, .descending).sort(\.$id).first()
    }

    /// Every open proposal, for the list of journeys.
    static func pending(on database: any Database) async throws -> [LearningJourneyDraft] {
        try await LearningJourneyDraft.query(on: database)
            .filter(\.$status ~~ [LearningJourneyDraft.Status.draft.rawValue, LearningJourneyDraft.Status.inReview.rawValue])
            .sort(\.$createdAt, .descending).all()
    }

    /// The shape a translation must keep: the French being proposed, else the French members read.
    static func reference(for journey: LearningJourney, on database: any Database) async throws -> JourneyDocument? {
        if let draft = try await pending(journey, .reference, on: database) { return try draft.decoded() }
        return try await published(journey, .reference, on: database)
    }

    // MARK: Saving and submitting

    /// Keeps the text as the language's open draft: one per language, which staff write
    /// together (the latest save replaces it, and its author is who saved last). The text must
    /// read as markup; the rules for publishing are checked on submission, so unfinished work
    /// can be kept.
    @discardableResult
    static func save(_ markup: String, journey: LearningJourney, language: Language, by user: User,
                     on database: any Database) async throws -> LearningJourneyDraft {
        let parsed = try JourneyMarkup.parse(markup)
        let document = try LearningJourneyText.encode(parsed.document)
        let journeyID = try journey.requireID(), userID = try user.requireID()
        if let open = try await LearningJourneyDraft.query(on: database).filter(\.$journey.$id == journeyID)
            .filter(\.$language == language.rawValue)
            .filter(\.$status == LearningJourneyDraft.Status.draft.rawValue).sort(\.$createdAt, .descending).first() {
            open.document = document
            open.$author.id = userID
            if open.hasChanges { try await open.update(on: database) }
            return open
        }
        let draft = try LearningJourneyDraft(journeyID: journeyID, language: language, document: parsed.document, authorID: userID)
        try await draft.create(on: database)
        return draft
    }

    /// Checks the text as the committee will receive it: the rules every journey follows and,
    /// for a translation, the French one's shape. Errors carry the line they are about.
    static func checkSubmittable(_ markup: String, journey: LearningJourney, language: Language,
                                 on database: any Database) async throws -> JourneyDocument {
        let parsed = try JourneyMarkup.check(markup)
        if language != .reference, let reference = try await reference(for: journey, on: database) {
            do {
                try JourneyRules.checkSameShape(parsed.document, as: reference)
            } catch let violation as RuleViolation {
                throw JourneyMarkup.located(violation, in: parsed)
            }
        }
        return parsed.document
    }

    /// Saves the text and sends it to the committee: the draft goes `in_review`, an earlier
    /// proposal for the same language is superseded, and the review hook receives both texts.
    static func submit(_ markup: String, journey: LearningJourney, language: Language, by user: User,
                       review: LearningReview, on database: any Database) async throws -> LearningJourneyDraft {
        _ = try await checkSubmittable(markup, journey: journey, language: language, on: database)
        return try await database.atomically { db in
            let draft = try await save(markup, journey: journey, language: language, by: user, on: db)
            let draftID = try draft.requireID()
            try await LearningJourneyDraft.query(on: db).filter(\.$journey.$id == journey.requireID())
                .filter(\.$language == language.rawValue).filter(\.$id != draftID)
                .filter(\.$status == LearningJourneyDraft.Status.inReview.rawValue)
                .set(\.$status, to: LearningJourneyDraft.Status.superseded.rawValue).set(\.$decidedAt, to: Date()).update()
            draft.status = LearningJourneyDraft.Status.inReview.rawValue
            draft.submittedAt = Date()
            try await draft.update(on: db)
            if journey.journeyStatus == .draft {
                journey.status = JourneyStatus.inReview.rawValue
                try await journey.update(on: db)
            }
            let before = try await published(journey, language, on: db).map(JourneyMarkup.write) ?? ""
            try await review.submit(draft, before, JourneyMarkup.write(try draft.decoded()), db)
            return draft
        }
    }

    // MARK: The committee's decision

    /// Applies an approved draft: members now read exactly its document, the journey is
    /// published, and every earlier proposal for that language is superseded. Called by the
    /// street committee's decision only, on a draft in review (or one it marked `approved`
    /// without applying it yet); applying a draft twice could bring back an older text.
    @discardableResult
    static func publish(draftID: UUID, on database: any Database) async throws -> LearningJourneyDraft {
        try await database.atomically { db in
            guard let draft = try await LearningJourneyDraft.find(draftID, on: db) else { throw AppError.notFound("learning.editor.draft_not_found") }
            guard draft.draftStatus == .inReview || (draft.draftStatus == .approved && draft.decidedAt == nil) else {
                throw AppError(.conflict, "learning.editor.draft_not_in_review")
            }
            let document = try draft.decoded()
            try JourneyRules.validate(document)
            let journey = try await draft.$journey.get(on: db)
            let journeyID = try journey.requireID()
            if let text = try await LearningJourneyText.query(on: db).filter(\.$journey.$id == journeyID)
                .filter(\.$language == draft.language).first() {
                text.document = draft.document
                if text.hasChanges { try await text.update(on: db) }
            } else {
                let text = LearningJourneyText()
                text.id = UUID()
                text.$journey.id = journeyID
                text.language = draft.language
                text.document = draft.document
                try await text.create(on: db)
            }
            journey.status = JourneyStatus.published.rawValue
            if journey.hasChanges { try await journey.update(on: db) }
            draft.status = LearningJourneyDraft.Status.approved.rawValue
            draft.decidedAt = Date()
            try await draft.update(on: db)
            let older = try await LearningJourneyDraft.query(on: db).filter(\.$journey.$id == journeyID)
                .filter(\.$language == draft.language).filter(\.$id != draftID).all()
                .filter { ($0.createdAt ?? .distantPast) <= (draft.createdAt ?? .distantFuture) && $0.draftStatus != .rejected && $0.draftStatus != .superseded }
            for earlier in older {
                earlier.status = LearningJourneyDraft.Status.superseded.rawValue
                earlier.decidedAt = Date()
                try await earlier.update(on: db)
            }
            return draft
        }
    }

    /// The committee turned the proposal down: members keep reading what they read; a journey
    /// never published goes back to being a draft.
    @discardableResult
    static func reject(draftID: UUID, on database: any Database) async throws -> LearningJourneyDraft {
        try await database.atomically { db in
            guard let draft = try await LearningJourneyDraft.find(draftID, on: db) else { throw AppError.notFound("learning.editor.draft_not_found") }
            guard draft.draftStatus == .inReview else { throw AppError(.conflict, "learning.editor.draft_not_in_review") }
            draft.status = LearningJourneyDraft.Status.rejected.rawValue
            draft.decidedAt = Date()
            try await draft.update(on: db)
            let journey = try await draft.$journey.get(on: db)
            let stillInReview = try await LearningJourneyDraft.query(on: db).filter(\.$journey.$id == journey.requireID())
                .filter(\.$status == LearningJourneyDraft.Status.inReview.rawValue).count()
            if journey.journeyStatus == .inReview, stillInReview == 0 {
                journey.status = JourneyStatus.draft.rawValue
                try await journey.update(on: db)
            }
            return draft
        }
    }
}

import Fluent
import SQLKit

/// Journeys, their texts per language, and each member's way through them.
struct CreateLearningJourneys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LearningJourney.schema)
            .id()
            .field("slug", .string, .required)
            .field("family", .string, .required)
            .field("status", .string, .required)
            .field("estimated_minutes", .int, .required)
            .field("position", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime)
            .unique(on: "slug")
            .create()
        try await database.schema(LearningJourneyText.schema)
            .id()
            .field("journey_id", .uuid, .required, .references(LearningJourney.schema, .id, onDelete: .cascade))
            .field("language", .string, .required)
            .field("document", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime)
            .unique(on: "journey_id", "language")
            .create()
        try await database.schema(LearningArticleSeen.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("journey_id", .uuid, .required, .references(LearningJourney.schema, .id, onDelete: .cascade))
            .field("article_key", .string, .required)
            .field("seen_at", .datetime, .required)
            .unique(on: "user_id", "journey_id", "article_key")
            .create()
        try await database.schema(LearningQuizAnswer.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("journey_id", .uuid, .required, .references(LearningJourney.schema, .id, onDelete: .cascade))
            .field("article_key", .string, .required)
            .field("quiz_key", .string, .required)
            .field("answer", .int, .required)
            .field("correct", .bool, .required)
            .field("answered_at", .datetime, .required)
            .create()
        try await database.schema(LearningChallenge.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("journey_id", .uuid, .required, .references(LearningJourney.schema, .id, onDelete: .cascade))
            .field("done_at", .datetime, .required)
            .unique(on: "user_id", "journey_id")
            .create()
        // A member's answers to one journey are read together, in the order given.
        try await database.sql.raw("CREATE INDEX learning_quiz_answers_member_idx ON learning_quiz_answers (user_id, journey_id, answered_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LearningChallenge.schema).delete()
        try await database.schema(LearningQuizAnswer.schema).delete()
        try await database.schema(LearningArticleSeen.schema).delete()
        try await database.schema(LearningJourneyText.schema).delete()
        try await database.schema(LearningJourney.schema).delete()
    }
}

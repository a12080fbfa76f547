import Fluent
import SQLKit

/// The versions of journeys staff propose, kept apart from what members read.
struct CreateLearningJourneyDrafts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LearningJourneyDraft.schema)
            .id()
            .field("journey_id", .uuid, .required, .references(LearningJourney.schema, .id, onDelete: .cascade))
            .field("language", .string, .required)
            .field("document", .string, .required)
            .field("author_id", .uuid, .required, .references(User.schema, .id))
            .field("status", .string, .required)
            .field("submitted_at", .datetime)
            .field("decided_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime)
            .create()
        // The editor looks up a language's open draft; the list, every journey's.
        try await database.sql.raw("CREATE INDEX learning_journey_drafts_journey_idx ON learning_journey_drafts (journey_id, language, status)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LearningJourneyDraft.schema).delete()
    }
}

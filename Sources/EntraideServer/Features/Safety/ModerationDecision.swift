import Vapor
import Fluent
import SQLKit

/// What a moderator decided, and why: the audit log. Every decision is kept, whoever made
/// it; admins read and export it.
final class ModerationDecision: Model, @unchecked Sendable {
    static let schema = "moderation_decisions"

    enum Action: String, Codable, CaseIterable, Sendable {
        case approve, hide, redact, warn, suspend, ban, anonymise
        /// On an appeal: the first decision stands, or is undone.
        case uphold, overturn
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "moderator_id") var moderatorID: UUID
    @OptionalField(key: "case_id") var caseID: UUID?
    @Field(key: "action") var action: String
    @Field(key: "subject_type") var subjectType: String
    @Field(key: "subject_id") var subjectID: UUID
    @OptionalField(key: "member_id") var memberID: UUID?
    @Field(key: "reason") var reason: String
    /// Facts of the decision (suspension length, how much text was redacted), as JSON.
    @Field(key: "details") var details: String
    @OptionalField(key: "appealed_at") var appealedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $moderatorID, $caseID, $action, $subjectType, $subjectID, $memberID, $reason, $details,
            $appealedAt, $createdAt
        ]
    }

    init() {}
}

struct CreateModerationDecisions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ModerationDecision.schema)
            .id()
            .field("moderator_id", .uuid, .required)
            .field("case_id", .uuid)
            .field("action", .string, .required)
            .field("subject_type", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("member_id", .uuid)
            .field("reason", .string, .required)
            .field("details", .string, .required)
            .field("appealed_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX moderation_decisions_log_idx ON moderation_decisions (created_at, id)").run()
        try await database.sql.raw("CREATE INDEX moderation_decisions_member_idx ON moderation_decisions (member_id, created_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ModerationDecision.schema).delete()
    }
}

/// Sanctions on members, and what screening needs on every public text: why it is held
/// (reason codes the author is shown) and a fingerprint of the text a moderator approved, so
/// an approved text is not held again until it changes.
struct AddModerationFields: AsyncMigration {
    static let screenedTables = ["actions", "events", "neighbourhood_groups", "group_posts", "post_comments"]

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds columns one at a time.
        try await database.schema(User.schema).field("suspended_until", .datetime).update()
        try await database.schema(User.schema).field("banned_at", .datetime).update()
        try await database.schema(User.schema).field("about_held_reasons", .string).update()
        for table in Self.screenedTables {
            try await database.schema(table).field("held_reasons", .string).update()
            try await database.schema(table).field("reviewed_hash", .string).update()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("suspended_until").update()
        try await database.schema(User.schema).deleteField("banned_at").update()
        try await database.schema(User.schema).deleteField("about_held_reasons").update()
        for table in Self.screenedTables {
            try await database.schema(table).deleteField("held_reasons").update()
            try await database.schema(table).deleteField("reviewed_hash").update()
        }
    }
}

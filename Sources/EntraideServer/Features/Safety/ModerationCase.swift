import Vapor
import Fluent
import SQLKit

/// One line of the moderation queue: a text held before publication, content flagged by the
/// platform (spam), a member's report, or an appeal against a decision.
final class ModerationCase: Model, @unchecked Sendable {
    static let schema = "moderation_cases"

    enum Source: String, Codable, CaseIterable, Sendable {
        case held, flagged, report, appeal
    }

    enum Status: String, Codable, Sendable {
        case open, closed
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "source") var source: String
    @Field(key: "subject_type") var subjectType: String
    @Field(key: "subject_id") var subjectID: UUID
    /// The member the case is about: the author of the content, or the member reported.
    @OptionalField(key: "member_id") var memberID: UUID?
    @OptionalField(key: "reporter_id") var reporterID: UUID?
    /// The decision an appeal is against.
    @OptionalField(key: "decision_id") var decisionID: UUID?
    /// Why: detector reason codes (comma-separated), a report's reason, "spam".
    @Field(key: "reasons") var reasons: String
    /// The reporter's or the appellant's message.
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "zone") var zone: String?
    @Field(key: "status") var status: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "closed_by") var closedBy: UUID?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $source, $subjectType, $subjectID, $memberID, $reporterID, $decisionID, $reasons, $note,
            $zone, $status, $createdAt, $closedAt, $closedBy
        ]
    }

    init() {}

    var isOpen: Bool { status == Status.open.rawValue }
    var reasonList: [String] { reasons.split(separator: ",").map(String.init) }
}

struct CreateModerationCases: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ModerationCase.schema)
            .id()
            .field("source", .string, .required)
            .field("subject_type", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("member_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("reporter_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("decision_id", .uuid)
            .field("reasons", .string, .required)
            .field("note", .string)
            .field("zone", .string)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("closed_at", .datetime)
            .field("closed_by", .uuid)
            .create()
        // The queue reads open cases oldest first, a zone's first.
        try await database.sql.raw("CREATE INDEX moderation_cases_queue_idx ON moderation_cases (created_at, id) WHERE status = 'open'").run()
        try await database.sql.raw("CREATE INDEX moderation_cases_zone_idx ON moderation_cases (zone, created_at, id) WHERE status = 'open'").run()
        try await database.sql.raw("CREATE INDEX moderation_cases_subject_idx ON moderation_cases (subject_type, subject_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ModerationCase.schema).delete()
    }
}

import Vapor
import Fluent
import EntraideCore

/// A help request or a help offer. Its point is stored already blurred (150–500 m from where
/// it was given): the true point is never kept.
final class HelpAction: Model, @unchecked Sendable {
    static let schema = "actions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "author_id") var author: User
    @Field(key: "kind") var kind: String
    @Field(key: "category") var category: String
    @Field(key: "title") var title: String
    @OptionalField(key: "description") var details: String?
    @Field(key: "lat") var lat: Double
    @Field(key: "lon") var lon: Double
    /// The feed grid cell of the point (`FeedGrid`).
    @OptionalField(key: "cell") var cell: Int?
    @OptionalField(key: "city") var city: String?
    @OptionalField(key: "postal_code") var postalCode: String?
    @Field(key: "status") var status: String
    @Field(key: "moderation") var moderation: String
    /// Why screening holds it (reason codes), and the fingerprint of the text a moderator approved.
    @OptionalField(key: "held_reasons") var heldReasons: String?
    @OptionalField(key: "reviewed_hash") var reviewedHash: String?
    @OptionalField(key: "outcome_helped") var outcomeHelped: Bool?
    @OptionalField(key: "outcome_message") var outcomeMessage: String?
    /// `author` or `inactivity`.
    @OptionalField(key: "closed_by") var closedBy: String?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "helper_count") var helperCount: Int
    @Field(key: "last_activity_at") var lastActivityAt: Date
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $author, $kind, $category, $title, $details, $lat, $lon, $cell, $city, $postalCode, $status,
            $moderation, $heldReasons, $reviewedHash, $outcomeHelped, $outcomeMessage, $closedBy, $closedAt,
            $helperCount, $lastActivityAt, $createdAt, $updatedAt
        ]
    }

    init() {}

    var point: GeoPoint { GeoPoint(lat: lat, lon: lon) }

    /// Places the action at an (already blurred) point, in its feed cell.
    func locate(at point: GeoPoint) {
        lat = point.lat
        lon = point.lon
        cell = FeedGrid.cell(point)
    }
    var isOpen: Bool { status == ActionStatus.open.rawValue }
    var isVisible: Bool { moderation == ModerationState.visible.rawValue }
}

struct CreateHelpActions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(HelpAction.schema)
            .id()
            .field("author_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("category", .string, .required)
            .field("title", .string, .required)
            .field("description", .string)
            .field("lat", .double, .required)
            .field("lon", .double, .required)
            .field("city", .string)
            .field("postal_code", .string)
            .field("status", .string, .required)
            .field("moderation", .string, .required)
            .field("outcome_helped", .bool)
            .field("outcome_message", .string)
            .field("closed_by", .string)
            .field("closed_at", .datetime)
            .field("helper_count", .int, .required)
            .field("last_activity_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime)
            .create()
        // The feed's window scan: open, visible actions by age, with the columns it filters
        // on, so it reads the index alone (a partial index: closed actions are most rows).
        try await database.sql.raw("""
            CREATE INDEX actions_feed_idx ON actions (created_at, lat, lon, author_id, id)
            WHERE status = 'open' AND moderation = 'visible'
            """).run()
        try await database.sql.raw("CREATE INDEX actions_author_idx ON actions (author_id, created_at)").run()
        try await database.sql.raw("CREATE INDEX actions_updated_idx ON actions (updated_at)").run()
        try await database.sql.raw("CREATE INDEX actions_activity_idx ON actions (last_activity_at) WHERE status = 'open'").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(HelpAction.schema).delete()
    }
}

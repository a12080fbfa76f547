import Vapor
import Fluent
import EntraideCore

/// An event ("sortie"): a coffee, a walk, a football game with a partner club. Events happen
/// in public places, so their exact place is shown; or they are online, with a link.
final class Outing: Model, @unchecked Sendable {
    static let schema = "events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organiser_id") var organiser: User
    /// The first occurrence of a recurring event; every occurrence (the first too) has it.
    @OptionalField(key: "series_id") var seriesID: UUID?
    @Field(key: "title") var title: String
    @OptionalField(key: "description") var details: String?
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "ends_at") var endsAt: Date
    @Field(key: "time_zone") var timeZone: String
    @Field(key: "online") var online: Bool
    @OptionalField(key: "online_url") var onlineURL: String?
    @OptionalField(key: "place_name") var placeName: String?
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "lat") var lat: Double?
    @OptionalField(key: "lon") var lon: Double?
    /// The feed grid cell of the place (`FeedGrid`); none online without a place.
    @OptionalField(key: "cell") var cell: Int?
    @OptionalField(key: "city") var city: String?
    @OptionalField(key: "postal_code") var postalCode: String?
    @OptionalField(key: "capacity") var capacity: Int?
    @Field(key: "participant_count") var participantCount: Int
    @Field(key: "women_only") var womenOnly: Bool
    @OptionalField(key: "reserved_goal") var reservedGoal: String?
    @OptionalField(key: "sport_activity") var sportActivity: String?
    @OptionalField(key: "partner_club") var partnerClub: String?
    @OptionalField(key: "recurrence") var recurrence: String?
    @Field(key: "status") var status: String
    @Field(key: "moderation") var moderation: String
    /// Why screening holds it (reason codes), and the fingerprint of the text a moderator approved.
    @OptionalField(key: "held_reasons") var heldReasons: String?
    @OptionalField(key: "reviewed_hash") var reviewedHash: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $organiser, $seriesID, $title, $details, $startsAt, $endsAt, $timeZone, $online, $onlineURL,
            $placeName, $address, $lat, $lon, $cell, $city, $postalCode, $capacity, $participantCount,
            $womenOnly, $reservedGoal, $sportActivity, $partnerClub, $recurrence, $status, $moderation,
            $heldReasons, $reviewedHash, $createdAt, $updatedAt
        ]
    }

    init() {}

    var point: GeoPoint? { lat.flatMap { lat in lon.map { GeoPoint(lat: lat, lon: $0) } } }
    func locate(at point: GeoPoint) {
        lat = point.lat
        lon = point.lon
        cell = FeedGrid.cell(point)
    }

    var isScheduled: Bool { status == OutingStatus.scheduled.rawValue }
    var isVisible: Bool { moderation == ModerationState.visible.rawValue }
    var isFull: Bool { capacity.map { participantCount >= $0 } ?? false }
    var zone: TimeZone { TimeZone(identifier: timeZone) ?? TimeZone(identifier: "Europe/Paris")! }

    /// Women-only events are for women, goal-reserved ones for that goal; organisers always see theirs.
    func isEligible(_ user: User) -> Bool {
        if $organiser.id == user.id { return true }
        if womenOnly && !user.isWoman { return false }
        if let reservedGoal, reservedGoal != user.goal { return false }
        return true
    }
}

struct CreateOutings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Outing.schema)
            .id()
            .field("organiser_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("series_id", .uuid)
            .field("title", .string, .required)
            .field("description", .string)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("time_zone", .string, .required)
            .field("online", .bool, .required)
            .field("online_url", .string)
            .field("place_name", .string)
            .field("address", .string)
            .field("lat", .double)
            .field("lon", .double)
            .field("city", .string)
            .field("postal_code", .string)
            .field("capacity", .int)
            .field("participant_count", .int, .required)
            .field("women_only", .bool, .required)
            .field("reserved_goal", .string)
            .field("sport_activity", .string)
            .field("partner_club", .string)
            .field("recurrence", .string)
            .field("status", .string, .required)
            .field("moderation", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime)
            .create()
        // The feed's window scan, like actions': scheduled, visible events by age, with every
        // column the feed filters on.
        try await database.sql.raw("""
            CREATE INDEX events_feed_idx ON events (created_at, lat, lon, online, ends_at, organiser_id, women_only, reserved_goal, series_id, starts_at, id)
            WHERE status = 'scheduled' AND moderation = 'visible'
            """).run()
        try await database.sql.raw("CREATE INDEX events_starts_idx ON events (starts_at, id)").run()
        try await database.sql.raw("CREATE INDEX events_series_idx ON events (series_id)").run()
        try await database.sql.raw("CREATE INDEX events_updated_idx ON events (updated_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Outing.schema).delete()
    }
}

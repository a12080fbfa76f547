import Vapor
import Fluent
import EntraideCore

/// A service of the directory: a place one can go to (a day centre, a shower, a clinic), or
/// a mobile round with several stops. Places are public services, so their address is shown.
///
/// Lists (categories, audience, access, languages) are stored as `,a,b,` so that one
/// `LIKE '%,food.meals,%'` filters them; hours are `OpeningHours` JSON on the place's clock.
final class Place: Model, @unchecked Sendable {
    static let schema = "places"

    @ID(key: .id) var id: UUID?
    /// Where it came from: `soliguide`, a CSV source name, `community` (a member's accepted
    /// suggestion), `demo`, `bench`. An import replaces and retires only its own source's places.
    @Field(key: "source") var source: String
    @OptionalField(key: "source_id") var sourceID: String?
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String
    @OptionalField(key: "description") var details: String?
    @Field(key: "categories") var categories: String
    @Field(key: "audience") var audience: String
    @Field(key: "access") var access: String
    @OptionalField(key: "price_note") var priceNote: String?
    @Field(key: "languages") var languages: String
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "website") var website: String?
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "city") var city: String?
    @OptionalField(key: "postal_code") var postalCode: String?
    @Field(key: "country") var country: String
    @OptionalField(key: "lat") var lat: Double?
    @OptionalField(key: "lon") var lon: Double?
    @Field(key: "time_zone") var timeZone: String
    @Field(key: "hours") var hours: String
    @OptionalField(key: "wheelchair") var wheelchair: Bool?
    @OptionalField(key: "accessibility_note") var accessibilityNote: String?
    /// `active`, or `retired` once its source no longer lists it.
    @Field(key: "status") var status: String
    /// Folded name, description and city (`SearchText.fold`), which the full-text index reads.
    @Field(key: "search_text") var searchText: String
    /// The row id of the SQLite full-text index (the first 8 bytes of the id).
    @Field(key: "search_key") var searchKey: Int64
    /// Fingerprint of what the import last wrote: an unchanged row is not written again.
    @Field(key: "content_hash") var contentHash: String
    @OptionalField(key: "retired_at") var retiredAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $source, $sourceID, $kind, $name, $details, $categories, $audience, $access,
            $priceNote, $languages, $phone, $email, $website, $address, $city, $postalCode,
            $country, $lat, $lon, $timeZone, $hours, $wheelchair, $accessibilityNote, $status,
            $searchText, $searchKey, $contentHash, $retiredAt, $createdAt, $updatedAt
        ]
    }

    init() {}

    static let active = "active"
    static let retired = "retired"

    var point: GeoPoint? { lat.flatMap { lat in lon.map { GeoPoint(lat: lat, lon: $0) } } }
    var zone: TimeZone { TimeZone(identifier: timeZone) ?? TimeZone(identifier: "Europe/Paris")! }
    var openingHours: OpeningHours { OpeningHours.fromJSON(hours) }
    var placeKind: PlaceKind { PlaceKind(rawValue: kind) ?? .fixed }

    /// Writes a validated draft into the row (the id must be set first).
    func apply(_ draft: PlaceDraft, hash: String) {
        kind = draft.kind.rawValue
        sourceID = draft.sourceID
        name = draft.name
        details = draft.description
        categories = Self.list(draft.categories)
        audience = Self.list(draft.audience.map(\.rawValue))
        access = Self.list(draft.access.map(\.rawValue))
        priceNote = draft.priceNote
        languages = Self.list(draft.languages)
        phone = draft.phone
        email = draft.email
        website = draft.website
        address = draft.address
        city = draft.city
        postalCode = draft.postalCode
        country = draft.country
        lat = draft.location?.lat
        lon = draft.location?.lon
        timeZone = draft.timeZone
        hours = draft.hours.json
        wheelchair = draft.wheelchairAccessible
        accessibilityNote = draft.accessibilityNote
        searchText = SearchText.fold([draft.name, draft.description ?? "", draft.city ?? ""].joined(separator: " "))
        if let id { searchKey = Self.searchKey(for: id) }
        contentHash = hash
    }

    /// The draft this row was made from (stops are passed in: they live in their own table).
    func draft(stops: [PlaceStop]) -> PlaceDraft {
        PlaceDraft(sourceID: sourceID, kind: placeKind, name: name, description: details, categories: Self.items(categories),
                   audience: Self.items(audience).compactMap(PlaceAudience.init), access: Self.items(access).compactMap(PlaceAccess.init),
                   priceNote: priceNote, languages: Self.items(languages), phone: phone, email: email, website: website, address: address,
                   city: city, postalCode: postalCode, country: country, location: point, timeZone: timeZone, hours: openingHours,
                   wheelchairAccessible: wheelchair, accessibilityNote: accessibilityNote, stops: stops.map(\.draft))
    }

    static func list(_ values: [String]) -> String { values.isEmpty ? "" : "," + values.joined(separator: ",") + "," }
    static func items(_ stored: String) -> [String] { stored.split(separator: ",").map(String.init) }

    static func searchKey(for id: UUID) -> Int64 {
        let bytes = withUnsafeBytes(of: id.uuid) { Array($0.prefix(8)) }
        return bytes.reduce(Int64(0)) { ($0 << 8) | Int64($1) }
    }
}

/// One stop of a mobile round, with its own hours.
final class PlaceStop: Model, @unchecked Sendable {
    static let schema = "place_stops"

    @ID(key: .id) var id: UUID?
    @Parent(key: "place_id") var place: Place
    @Field(key: "position") var position: Int
    @OptionalField(key: "name") var name: String?
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "city") var city: String?
    @OptionalField(key: "postal_code") var postalCode: String?
    @Field(key: "lat") var lat: Double
    @Field(key: "lon") var lon: Double
    @Field(key: "hours") var hours: String

    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $place, $position, $name, $address, $city, $postalCode, $lat, $lon, $hours
        ]
    }

    init() {}

    init(placeID: UUID, position: Int, _ stop: StopDraft) {
        self.id = UUID()
        self.$place.id = placeID
        self.position = position
        name = stop.name
        address = stop.address
        city = stop.city
        postalCode = stop.postalCode
        lat = stop.location.lat
        lon = stop.location.lon
        hours = stop.hours.json
    }

    var point: GeoPoint { GeoPoint(lat: lat, lon: lon) }
    var openingHours: OpeningHours { OpeningHours.fromJSON(hours) }
    var draft: StopDraft {
        StopDraft(name: name, address: address, city: city, postalCode: postalCode, location: point, hours: openingHours)
    }
}

struct CreatePlaces: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Place.schema)
            .id()
            .field("source", .string, .required)
            .field("source_id", .string)
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("description", .string)
            .field("categories", .string, .required)
            .field("audience", .string, .required)
            .field("access", .string, .required)
            .field("price_note", .string)
            .field("languages", .string, .required)
            .field("phone", .string)
            .field("email", .string)
            .field("website", .string)
            .field("address", .string)
            .field("city", .string)
            .field("postal_code", .string)
            .field("country", .string, .required)
            .field("lat", .double)
            .field("lon", .double)
            .field("time_zone", .string, .required)
            .field("hours", .string, .required)
            .field("wheelchair", .bool)
            .field("accessibility_note", .string)
            .field("status", .string, .required)
            .field("search_text", .string, .required)
            .field("search_key", .int64, .required)
            .field("content_hash", .string, .required)
            .field("retired_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime)
            .unique(on: "source", "source_id")
            .unique(on: "search_key")
            .create()
        try await database.schema(PlaceStop.schema)
            .id()
            .field("place_id", .uuid, .required, .references(Place.schema, .id, onDelete: .cascade))
            .field("position", .int, .required)
            .field("name", .string)
            .field("address", .string)
            .field("city", .string)
            .field("postal_code", .string)
            .field("lat", .double, .required)
            .field("lon", .double, .required)
            .field("hours", .string, .required)
            .create()
        // Nearby search reads a box of latitudes, then longitudes, of active places.
        try await database.sql.raw("CREATE INDEX places_nearby_idx ON places (lat, lon) WHERE status = 'active'").run()
        try await database.sql.raw("CREATE INDEX places_name_idx ON places (name, id) WHERE status = 'active'").run()
        try await database.sql.raw("CREATE INDEX place_stops_nearby_idx ON place_stops (lat, lon)").run()
        try await database.sql.raw("CREATE INDEX place_stops_place_idx ON place_stops (place_id, position)").run()
        try await database.sql.raw("CREATE INDEX places_updated_idx ON places (updated_at)").run()
        if database.isPostgres {
            try await database.sql.raw("ALTER TABLE places ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED").run()
            try await database.sql.raw("CREATE INDEX places_search_idx ON places USING GIN (search_vector)").run()
        } else {
            // FTS5 keeps its own copy of the folded text, keyed by `search_key`; triggers keep it
            // in step with every insert, update and delete, whoever writes.
            try await database.sql.raw("CREATE VIRTUAL TABLE places_fts USING fts5(search_text, tokenize = 'unicode61 remove_diacritics 2')").run()
            try await database.sql.raw("""
                CREATE TRIGGER places_fts_insert AFTER INSERT ON places BEGIN
                  INSERT INTO places_fts(rowid, search_text) VALUES (new.search_key, new.search_text);
                END
                """).run()
            try await database.sql.raw("""
                CREATE TRIGGER places_fts_update AFTER UPDATE OF search_text, search_key ON places BEGIN
                  DELETE FROM places_fts WHERE rowid = old.search_key;
                  INSERT INTO places_fts(rowid, search_text) VALUES (new.search_key, new.search_text);
                END
                """).run()
            try await database.sql.raw("""
                CREATE TRIGGER places_fts_delete AFTER DELETE ON places BEGIN
                  DELETE FROM places_fts WHERE rowid = old.search_key;
                END
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        if !database.isPostgres {
            try await database.sql.raw("DROP TABLE IF EXISTS places_fts").run()
        }
        try await database.schema(PlaceStop.schema).delete()
        try await database.schema(Place.schema).delete()
    }
}

import Vapor
import Fluent
import EntraideCore

/// A member's suggestion: a new place, a correction of a place, or a place that closed.
/// Nothing changes in the directory until staff (moderators, animators, admins) accept it.
final class PlaceSuggestion: Model, @unchecked Sendable {
    static let schema = "place_suggestions"

    enum Kind: String, CaseIterable, Codable { case new, correction, closure }
    enum Status: String, CaseIterable, Codable { case pending, accepted, rejected }

    @ID(key: .id) var id: UUID?
    @Parent(key: "author_id") var author: User
    @OptionalParent(key: "place_id") var place: Place?
    @Field(key: "kind") var kind: String
    /// The `PlaceInput` the member sent, as JSON; applied when accepted.
    @OptionalField(key: "payload") var payload: String?
    @OptionalField(key: "note") var note: String?
    @Field(key: "status") var status: String
    @OptionalParent(key: "reviewer_id") var reviewer: User?
    @OptionalField(key: "review_reason") var reviewReason: String?
    @OptionalField(key: "reviewed_at") var reviewedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $author, $place, $kind, $payload, $note, $status, $reviewer, $reviewReason,
            $reviewedAt, $createdAt, $updatedAt
        ]
    }

    init() {}

    var isPending: Bool { status == Status.pending.rawValue }

    var input: PlaceInput? {
        guard let payload, let data = payload.data(using: .utf8) else { return nil }
        return try? JSONDecoder().decode(PlaceInput.self, from: data)
    }
}

struct CreatePlaceSuggestions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlaceSuggestion.schema)
            .id()
            .field("author_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("place_id", .uuid, .references(Place.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("payload", .string)
            .field("note", .string)
            .field("status", .string, .required)
            .field("reviewer_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("review_reason", .string)
            .field("reviewed_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime)
            .create()
        try await database.sql.raw("CREATE INDEX place_suggestions_queue_idx ON place_suggestions (status, created_at, id)").run()
        try await database.sql.raw("CREATE INDEX place_suggestions_author_idx ON place_suggestions (author_id, created_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlaceSuggestion.schema).delete()
    }
}

struct PlaceSuggestionInput: Content {
    var placeId: UUID?
    var kind: String?
    var place: PlaceInput?
    var note: String?
}

struct PlaceSuggestionDecisionInput: Content {
    var action: String?
    var reason: String?
}

struct PlaceSuggestionDTO: Content {
    let id: UUID
    let kind: String
    let status: String
    let placeId: UUID?
    let placeName: String?
    /// What the member proposed (for a correction, only the fields that change).
    let proposal: PlaceInput?
    let note: String?
    /// "Marie D.", for staff and the author only.
    let author: String
    let reviewReason: String?
    let reviewedAt: Date?
    let createdAt: Date?
}

/// Suggestions: members send them, staff accept or reject them.
enum PlaceSuggestionService {
    static let reviewers: Set<StaffRole> = [.moderator, .animator, .admin]
    static let noteMaxLength = 1000

    static func isReviewer(_ user: User, on database: any Database) async throws -> Bool {
        try await RoleService.has(user, anyOf: reviewers, on: database)
    }

    /// Checks the proposal as it would be applied, so a member learns of a mistake at once.
    static func create(_ input: PlaceSuggestionInput, by user: User, on database: any Database) async throws -> PlaceSuggestion {
        let kind = try CommunityRules.choice(input.kind ?? (input.placeId == nil ? "new" : "correction"), as: PlaceSuggestion.Kind.self, field: "kind")
        let note = try CommunityRules.optionalText(input.note, field: "note", max: noteMaxLength)
        var place: Place?
        if kind != .new {
            guard let id = input.placeId else { throw RuleViolation("validation.required", field: "placeId") }
            guard let found = try await Place.find(id, on: database), found.status == Place.active else { throw AppError.notFound("places.not_found") }
            place = found
        }
        switch kind {
        case .new:
            guard let proposal = input.place else { throw RuleViolation("validation.required", field: "place") }
            _ = try proposal.applied(to: PlaceDraft(name: "", categories: []))
        case .correction:
            guard let proposal = input.place else { throw RuleViolation("validation.required", field: "place") }
            let stops = try await PlaceStop.query(on: database).filter(\.$place.$id == place!.requireID()).sort(\.$position).all()
            _ = try proposal.applied(to: place!.draft(stops: stops))
        case .closure:
            guard note != nil else { throw RuleViolation("validation.required", field: "note") }
        }
        let suggestion = PlaceSuggestion()
        suggestion.$author.id = try user.requireID()
        suggestion.$place.id = try place?.requireID()
        suggestion.kind = kind.rawValue
        suggestion.payload = try input.place.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        suggestion.note = note
        suggestion.status = PlaceSuggestion.Status.pending.rawValue
        try await suggestion.create(on: database)
        return suggestion
    }

    /// The pending queue, oldest first, or every suggestion of one author, newest first.
    static func list(status: PlaceSuggestion.Status?, author: UUID?, limit: Int, cursor: PageCursor?, on database: any Database) async throws -> (rows: [PlaceSuggestion], next: String?) {
        let query = PlaceSuggestion.query(on: database).with(\.$author).with(\.$place)
        if let status { query.filter(\.$status == status.rawValue) }
        if let author { query.filter(\.$author.$id == author) }
        let oldestFirst = author == nil
        if let cursor {
            query.group(.or) { or in
                or.filter(\.$createdAt, oldestFirst ? .greaterThan : .lessThan, oldestFirst ? cursor.after : cursor.before)
                or.group(.and) { and in
                    and.filter(\.$createdAt >= cursor.before).filter(\.$createdAt <= cursor.after)
                    and.filter(\.$id, oldestFirst ? .greaterThan : .lessThan, cursor.id)
                }
            }
        }
        let rows = try await query.sort(\.$createdAt, oldestFirst ? .ascending : .descending).sort(\.$id, oldestFirst ? .ascending : .descending)
            .limit(limit + 1).all()
        guard rows.count > limit else { return (rows, nil) }
        let kept = Array(rows.prefix(limit))
        return (kept, kept.last.flatMap { last in last.createdAt.map { PageCursor(date: $0, id: last.id!).encoded } })
    }

    static func dto(_ suggestion: PlaceSuggestion) throws -> PlaceSuggestionDTO {
        PlaceSuggestionDTO(id: try suggestion.requireID(), kind: suggestion.kind, status: suggestion.status, placeId: suggestion.$place.id,
                           placeName: suggestion.$place.value??.name, proposal: suggestion.input, note: suggestion.note,
                           author: suggestion.author.displayName, reviewReason: suggestion.reviewReason,
                           reviewedAt: suggestion.reviewedAt, createdAt: suggestion.createdAt)
    }

    static func find(_ id: UUID?, on database: any Database) async throws -> PlaceSuggestion {
        guard let id, let found = try await PlaceSuggestion.query(on: database).filter(\.$id == id).with(\.$author).with(\.$place).first() else {
            throw AppError.notFound("places.suggestion_not_found")
        }
        return found
    }

    /// Accepting applies the proposal (a new place joins the `community` source); rejecting
    /// needs a reason, which the author sees.
    @discardableResult
    static func decide(_ suggestion: PlaceSuggestion, _ input: PlaceSuggestionDecisionInput, by reviewer: User,
                       on database: any Database) async throws -> Place? {
        guard suggestion.isPending else { throw AppError(.conflict, "places.suggestion_decided") }
        let action = try CommunityRules.choice(input.action, as: Decision.self, field: "action")
        let reason = try CommunityRules.optionalText(input.reason, field: "reason", max: noteMaxLength)
        return try await database.atomically { db in
            var result: Place?
            switch action {
            case .reject:
                guard reason != nil else { throw RuleViolation("validation.required", field: "reason") }
                suggestion.status = PlaceSuggestion.Status.rejected.rawValue
            case .accept:
                result = try await apply(suggestion, on: db)
                suggestion.status = PlaceSuggestion.Status.accepted.rawValue
            }
            suggestion.$reviewer.id = try reviewer.requireID()
            suggestion.reviewReason = reason
            suggestion.reviewedAt = Date()
            try await suggestion.save(on: db)
            return result
        }
    }

    enum Decision: String, CaseIterable { case accept, reject }

    static func apply(_ suggestion: PlaceSuggestion, on db: any Database) async throws -> Place? {
        let kind = PlaceSuggestion.Kind(rawValue: suggestion.kind) ?? .new
        switch kind {
        case .new:
            guard let input = suggestion.input else { throw AppError(.unprocessableEntity, "places.suggestion_invalid") }
            var draft = try input.applied(to: PlaceDraft(name: "", categories: []))
            let place = Place()
            place.id = UUID()
            place.source = "community"
            draft.sourceID = place.id!.uuidString
            try await PlaceImporter.save(draft, into: place, on: db)
            return place
        case .correction:
            guard let input = suggestion.input, let id = suggestion.$place.id, let place = try await Place.find(id, on: db) else {
                throw AppError.notFound("places.not_found")
            }
            let stops = try await PlaceStop.query(on: db).filter(\.$place.$id == id).sort(\.$position).all()
            try await PlaceImporter.save(try input.applied(to: place.draft(stops: stops)), into: place, on: db)
            return place
        case .closure:
            guard let id = suggestion.$place.id, let place = try await Place.find(id, on: db) else { throw AppError.notFound("places.not_found") }
            place.status = Place.retired
            place.retiredAt = Date()
            try await place.save(on: db)
            return place
        }
    }
}

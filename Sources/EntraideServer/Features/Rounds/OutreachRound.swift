import Vapor
import Fluent
import EntraideCore

/// An outreach round ("maraude"): a team goes out on foot or by vehicle into one sector, on
/// a planned route, and meets people. Planned, then ongoing (its path is recorded), then done.
final class OutreachRound: Model, @unchecked Sendable {
    static let schema = "outreach_rounds"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "kind") var kind: String
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "transport") var transport: String
    @Parent(key: "sector_id") var sector: RoundSector
    @OptionalField(key: "planned_route") var plannedRoute: String?
    @Field(key: "status") var status: String
    @OptionalField(key: "started_at") var startedAt: Date?
    @OptionalField(key: "ended_at") var endedAt: Date?
    /// What is kept of the path once the round is done: its length. The points go.
    @OptionalField(key: "distance_m") var distanceMetres: Int?
    /// The answers to the association's report form, as JSON (question id → stored answer).
    @OptionalField(key: "report_answers") var reportAnswers: String?
    @OptionalField(key: "reported_at") var reportedAt: Date?
    @OptionalField(key: "reported_by_id") var reportedByID: UUID?
    @Parent(key: "created_by_id") var createdBy: User
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var statusValue: RoundStatus { RoundStatus(rawValue: status) ?? .planned }

    var answers: [String: String] {
        guard let reportAnswers, let data = reportAnswers.data(using: .utf8) else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
    }
}

/// Who goes on a round.
final class RoundTeamMember: Model, @unchecked Sendable {
    static let schema = "round_team_members"

    @ID(key: .id) var id: UUID?
    @Parent(key: "round_id") var round: OutreachRound
    @Parent(key: "user_id") var user: User

    init() {}

    init(roundID: UUID, userID: UUID) {
        self.$round.id = roundID
        self.$user.id = userID
    }
}

/// A point of the team's path, recorded while the round is ongoing and deleted when it ends.
final class RoundPathPoint: Model, @unchecked Sendable {
    static let schema = "round_path_points"

    @ID(key: .id) var id: UUID?
    @Parent(key: "round_id") var round: OutreachRound
    @Field(key: "lat") var lat: Double
    @Field(key: "lon") var lon: Double
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    init(roundID: UUID, point: GeoPoint, at date: Date) {
        self.$round.id = roundID
        self.lat = point.lat
        self.lon = point.lon
        self.recordedAt = date
    }

    var point: GeoPoint { GeoPoint(lat: lat, lon: lon) }
}

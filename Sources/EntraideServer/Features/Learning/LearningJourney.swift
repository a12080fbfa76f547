import Vapor
import Fluent
import EntraideCore

/// A learning journey: what stays the same in every language (its link, family, duration,
/// place in the list) and where it stands on its way to members. Its content is in
/// `LearningJourneyText`, one row per language.
final class LearningJourney: Model, @unchecked Sendable {
    static let schema = "learning_journeys"

    @ID(key: .id) var id: UUID?
    /// The journey's link (`/learn/first-steps`), stable across languages and edits.
    @Field(key: "slug") var slug: String
    @Field(key: "family") var family: String
    /// `draft`, `in_review` or `published`: only published journeys reach members.
    @Field(key: "status") var status: String
    @Field(key: "estimated_minutes") var estimatedMinutes: Int
    /// Order in the list of journeys, smallest first.
    @Field(key: "position") var position: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [$id, $slug, $family, $status, $estimatedMinutes, $position, $createdAt, $updatedAt]
    }

    init() {}

    init(slug: String, family: JourneyFamily, status: JourneyStatus, estimatedMinutes: Int, position: Int) {
        self.id = UUID()
        self.slug = slug
        self.family = family.rawValue
        self.status = status.rawValue
        self.estimatedMinutes = estimatedMinutes
        self.position = position
    }

    var journeyStatus: JourneyStatus { JourneyStatus(rawValue: status) ?? .draft }
    var journeyFamily: JourneyFamily { JourneyFamily(rawValue: family) ?? .understand }
}

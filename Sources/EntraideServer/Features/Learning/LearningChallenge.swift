import Vapor
import Fluent

/// A member took up a journey's final challenge and said so.
final class LearningChallenge: Model, @unchecked Sendable {
    static let schema = "learning_challenges"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "journey_id") var journey: LearningJourney
    @Field(key: "done_at") var doneAt: Date

    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [$id, $user, $journey, $doneAt]
    }

    init() {}

    init(userID: UUID, journeyID: UUID, at date: Date = Date()) {
        self.id = UUID()
        self.$user.id = userID
        self.$journey.id = journeyID
        self.doneAt = date
    }
}

import Vapor
import Fluent

/// A member has read an article of a journey (once: reading it again changes nothing).
final class LearningArticleSeen: Model, @unchecked Sendable {
    static let schema = "learning_articles_seen"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "journey_id") var journey: LearningJourney
    @Field(key: "article_key") var articleKey: String
    @Field(key: "seen_at") var seenAt: Date

    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [$id, $user, $journey, $articleKey, $seenAt]
    }

    init() {}

    init(userID: UUID, journeyID: UUID, articleKey: String, at date: Date = Date()) {
        self.id = UUID()
        self.$user.id = userID
        self.$journey.id = journeyID
        self.articleKey = articleKey
        self.seenAt = date
    }
}

import Vapor
import Fluent

/// One answer a member gave to a quiz question. Every answer is kept, never overwritten:
/// the first one makes the score, the latest one is shown again with its explanation.
final class LearningQuizAnswer: Model, @unchecked Sendable {
    static let schema = "learning_quiz_answers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "journey_id") var journey: LearningJourney
    @Field(key: "article_key") var articleKey: String
    @Field(key: "quiz_key") var quizKey: String
    @Field(key: "answer") var answer: Int
    /// Whether it was right when given (the content may be corrected later).
    @Field(key: "correct") var correct: Bool
    @Field(key: "answered_at") var answeredAt: Date

    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [$id, $user, $journey, $articleKey, $quizKey, $answer, $correct, $answeredAt]
    }

    init() {}

    init(userID: UUID, journeyID: UUID, articleKey: String, quizKey: String, answer: Int, correct: Bool, at date: Date = Date()) {
        self.id = UUID()
        self.$user.id = userID
        self.$journey.id = journeyID
        self.articleKey = articleKey
        self.quizKey = quizKey
        self.answer = answer
        self.correct = correct
        self.answeredAt = date
    }
}

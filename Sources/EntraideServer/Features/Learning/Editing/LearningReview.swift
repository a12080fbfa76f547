import Vapor
import Fluent

/// Where a submitted draft goes: the street committee's review. The committee's feature
/// connects itself here (`app.learningReview = …`); until then a submission is only the draft's
/// `in_review` status, and nothing is published without `LearningDraftService.publish`, which
/// only the committee's decision calls.
struct LearningReview: Sendable {
    /// Called once per submission, inside the transaction that sets the draft `in_review` (a
    /// failure here leaves the draft as it was). `before` and `after` are the markup texts of
    /// the current version ("" for a new language) and of the proposed one, for the committee
    /// to compare side by side.
    var submit: @Sendable (_ draft: LearningJourneyDraft, _ before: String, _ after: String, _ on: any Database) async throws -> Void

    /// Records nothing more than the draft's own status.
    static let statusOnly = LearningReview { _, _, _, _ in }
}

extension Application {
    private struct LearningReviewKey: StorageKey { typealias Value = LearningReview }

    var learningReview: LearningReview {
        get { storage[LearningReviewKey.self] ?? .statusOnly }
        set { storage[LearningReviewKey.self] = newValue }
    }
}

import Vapor
import Fluent
import EntraideCore

/// A version of one language of a journey that staff propose. Members never read it: they keep
/// reading `LearningJourneyText` until the street committee approves a draft and it is published.
final class LearningJourneyDraft: Model, @unchecked Sendable {
    static let schema = "learning_journey_drafts"

    enum Status: String, CaseIterable, Sendable {
        /// Being written; saved as often as staff like.
        case draft
        /// Submitted: the committee compares it with the version it would replace.
        case inReview = "in_review"
        /// Approved by the committee and published.
        case approved
        case rejected
        /// Replaced by a newer proposal, or by a later draft being published.
        case superseded
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "journey_id") var journey: LearningJourney
    @Field(key: "language") var language: String
    /// The proposed `JourneyDocument` in JSON, as `LearningJourneyText` keeps it: publishing
    /// copies it, so members read exactly what the committee approved.
    @Field(key: "document") var document: String
    @Parent(key: "author_id") var author: User
    @Field(key: "status") var status: String
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [$id, $journey, $language, $document, $author, $status, $submittedAt, $decidedAt, $createdAt, $updatedAt]
    }

    init() {}

    init(journeyID: UUID, language: Language, document: JourneyDocument, authorID: UUID) throws {
        self.id = UUID()
        self.$journey.id = journeyID
        self.language = language.rawValue
        self.document = try LearningJourneyText.encode(document)
        self.$author.id = authorID
        self.status = Status.draft.rawValue
    }

    var draftStatus: Status { Status(rawValue: status) ?? .draft }

    func decoded() throws -> JourneyDocument {
        try JSONDecoder().decode(JourneyDocument.self, from: Data(document.utf8))
    }
}

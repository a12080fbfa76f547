import Vapor
import Fluent
import EntraideCore

/// A journey's content in one language, as a `JourneyDocument` in JSON: chapters, articles
/// and blocks are always read and replaced together, and a whole version is what the street
/// committee will compare with the one it replaces.
final class LearningJourneyText: Model, @unchecked Sendable {
    static let schema = "learning_journey_texts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "journey_id") var journey: LearningJourney
    @Field(key: "language") var language: String
    @Field(key: "document") var document: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [$id, $journey, $language, $document, $createdAt, $updatedAt]
    }

    init() {}

    init(journeyID: UUID, language: Language, document: JourneyDocument) throws {
        self.id = UUID()
        self.$journey.id = journeyID
        self.language = language.rawValue
        self.document = try Self.encode(document)
    }

    static func encode(_ document: JourneyDocument) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    func decoded() throws -> JourneyDocument {
        try JSONDecoder().decode(JourneyDocument.self, from: Data(document.utf8))
    }
}

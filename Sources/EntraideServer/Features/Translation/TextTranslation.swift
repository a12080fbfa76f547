import Vapor
import Fluent
import Crypto

/// A machine translation kept so a text goes to the provider once per language. Rows are
/// found by a digest of the original text, never by what it belongs to: an edited text is
/// translated afresh, and the original itself is not stored here a second time.
final class TextTranslation: Model, @unchecked Sendable {
    static let schema = "text_translations"
    /// Translations of texts that changed or went away are not kept for ever.
    static let lifetime: TimeInterval = 30 * 24 * 3600

    @ID(key: .id) var id: UUID?
    @Field(key: "digest") var digest: String
    @Field(key: "target") var target: String
    @Field(key: "text") var text: String
    @OptionalField(key: "source_language") var sourceLanguage: String?
    @Field(key: "driver") var driver: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] { [$id, $digest, $target, $text, $sourceLanguage, $driver, $createdAt] }

    init() {}

    init(digest: String, target: String, translation: MachineTranslation, driver: String) {
        self.digest = digest
        self.target = target
        self.text = translation.text
        self.sourceLanguage = translation.sourceLanguage
        self.driver = driver
    }

    static func digest(of text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

struct CreateTextTranslations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(TextTranslation.schema)
            .id()
            .field("digest", .string, .required)
            .field("target", .string, .required)
            .field("text", .string, .required)
            .field("source_language", .string)
            .field("driver", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "digest", "target")
            .create()
        try await database.sql.raw("CREATE INDEX text_translations_created_idx ON text_translations (created_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TextTranslation.schema).delete()
    }
}

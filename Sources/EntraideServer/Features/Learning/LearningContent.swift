import Vapor
import Fluent
import EntraideCore

/// Journeys written as files (`Resources/Learning/<slug>/journey.json` and one
/// `<language>.json` per translation), loaded into the database by `entraide seed --demo`
/// and `entraide learning load`.
///
/// Every translation is checked (`JourneyRules`) and must have the French one's shape before
/// anything is written. A journey that already exists keeps its status: loading files never
/// publishes or withdraws anything that staff or the committee decided, and never writes over
/// a language the committee published from an edit.
enum LearningContent {
    struct Manifest: Decodable {
        let family: JourneyFamily
        let estimatedMinutes: Int
        let position: Int
        /// The status a journey gets when it is first loaded.
        let status: JourneyStatus
    }

    struct Summary: Equatable {
        var journeysCreated = 0
        var textsWritten = 0
    }

    static func directory(_ app: Application) -> String { app.directory.resourcesDirectory + "Learning" }

    @discardableResult
    static func load(_ app: Application) async throws -> Summary {
        try await load(from: directory(app), on: app.db)
    }

    static func load(from directory: String, on database: any Database) async throws -> Summary {
        let base = URL(fileURLWithPath: directory)
        let folders = (try? FileManager.default.contentsOfDirectory(at: base, includingPropertiesForKeys: nil)) ?? []
        var summary = Summary()
        for folder in folders.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            let manifestFile = folder.appendingPathComponent("journey.json")
            guard FileManager.default.fileExists(atPath: manifestFile.path) else { continue }
            let slug = folder.lastPathComponent
            guard JourneyRules.isKey(slug) else { throw RuleViolation("learning.key_invalid", arguments: ["place": slug]) }
            let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: manifestFile))
            var documents: [Language: JourneyDocument] = [:]
            for language in Language.allCases {
                let file = folder.appendingPathComponent("\(language.rawValue).json")
                guard let data = FileManager.default.contents(atPath: file.path) else { continue }
                let document = try JSONDecoder().decode(JourneyDocument.self, from: data)
                try JourneyRules.validate(document)
                documents[language] = document
            }
            guard let reference = documents[.reference] ?? documents.values.first else { continue }
            for document in documents.values { try JourneyRules.checkSameShape(document, as: reference) }
            let written = try await save(slug: slug, manifest: manifest, documents: documents, on: database)
            summary.journeysCreated += written.created ? 1 : 0
            summary.textsWritten += written.texts
        }
        return summary
    }

    /// Writes one journey and its translations in one transaction; unchanged texts are not rewritten.
    static func save(slug: String, manifest: Manifest, documents: [Language: JourneyDocument],
                     on database: any Database) async throws -> (created: Bool, texts: Int) {
        try await database.atomically { db in
            var created = false
            let journey: LearningJourney
            if let existing = try await LearningJourney.query(on: db).filter(\.$slug == slug).first() {
                journey = existing
                journey.family = manifest.family.rawValue
                journey.estimatedMinutes = manifest.estimatedMinutes
                journey.position = manifest.position
                if journey.hasChanges { try await journey.update(on: db) }
            } else {
                journey = LearningJourney(slug: slug, family: manifest.family, status: manifest.status,
                                          estimatedMinutes: manifest.estimatedMinutes, position: manifest.position)
                try await journey.create(on: db)
                created = true
            }
            let journeyID = try journey.requireID()
            let existing = try await LearningJourneyText.query(on: db).filter(\.$journey.$id == journeyID).all()
            // A language whose text went live through an edit the committee approved belongs to
            // that decision now: the files it started from never write over it.
            let decided = Set(try await LearningJourneyDraft.query(on: db).filter(\.$journey.$id == journeyID)
                .filter(\.$status == LearningJourneyDraft.Status.approved.rawValue).all().map(\.language))
            var texts = 0
            for (language, document) in documents.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where !decided.contains(language.rawValue) {
                let encoded = try LearningJourneyText.encode(document)
                if let row = existing.first(where: { $0.language == language.rawValue }) {
                    guard row.document != encoded else { continue }
                    row.document = encoded
                    try await row.update(on: db)
                } else {
                    try await LearningJourneyText(journeyID: journeyID, language: language, document: document).create(on: db)
                }
                texts += 1
            }
            return (created, texts)
        }
    }
}

/// `entraide learning load`: (re)loads the journeys of `Resources/Learning`.
struct LearningCommands: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "load")
        var action: String
    }

    let help = "Learning journeys: `load` reads Resources/Learning into the database"

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "load" else {
            context.console.print("Unknown action \"\(signature.action)\": use `entraide learning load`.")
            return
        }
        let summary = try await LearningContent.load(context.application)
        context.console.print("Journeys added: \(summary.journeysCreated); translations written: \(summary.textsWritten).")
    }
}

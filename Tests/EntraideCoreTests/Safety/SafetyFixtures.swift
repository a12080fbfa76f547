import Foundation
@testable import EntraideCore

/// The shipped word lists and a detector built on them, loaded once for every safety test.
enum SafetyFixtures {
    static let packageRoot: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path),
              directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory
    }()

    static let wordListsDirectory = packageRoot.appendingPathComponent("Resources/Safety")

    static let wordLists: [SensitiveWordList] = (try? SensitiveWordList.load(from: wordListsDirectory)) ?? []

    static let detector = SensitiveContentDetector(wordLists: wordLists)

    /// The kinds found, in order, with the category of word findings: "phone", "word.insult".
    static func labels(_ text: String, language: String? = nil) -> [String] {
        detector.scan(text, language: language).map { finding in
            finding.category.map { "word.\($0.rawValue)" } ?? finding.kind.rawValue
        }
    }
}

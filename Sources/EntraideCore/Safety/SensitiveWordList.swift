import Foundation

/// The sensitive words and phrases of one language, as shipped in `Resources/Safety/words.<language>.json`:
///
///     {"language": "fr", "entries": [{"term": "connard", "category": "insult", "match": "stem"}]}
///
/// Terms are written naturally ("enculé", "plan cul", "m'ouvrir les veines"): they are
/// normalised like the texts they are compared with.
public struct SensitiveWordList: Sendable, Codable, Equatable {
    public var language: String
    public var entries: [Entry]

    public init(language: String, entries: [Entry]) {
        self.language = language
        self.entries = entries
    }

    public struct Entry: Sendable, Codable, Equatable {
        public var term: String
        public var category: SensitiveCategory
        public var match: Match
        /// The term is an ordinary word in another language ("con" is Spanish for "with",
        /// "retard" French for "delay", "bite" English for a bite): it applies only to texts in
        /// this list's language, or of unknown language. Absent in JSON means false.
        public var ownLanguageOnly: Bool

        public init(term: String, category: SensitiveCategory, match: Match, ownLanguageOnly: Bool = false) {
            self.term = term
            self.category = category
            self.match = match
            self.ownLanguageOnly = ownLanguageOnly
        }

        enum CodingKeys: String, CodingKey { case term, category, match, ownLanguageOnly }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            term = try container.decode(String.self, forKey: .term)
            category = try container.decode(SensitiveCategory.self, forKey: .category)
            match = try container.decodeIfPresent(Match.self, forKey: .match) ?? .exact
            ownLanguageOnly = try container.decodeIfPresent(Bool.self, forKey: .ownLanguageOnly) ?? false
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(term, forKey: .term)
            try container.encode(category, forKey: .category)
            try container.encode(match, forKey: .match)
            if ownLanguageOnly { try container.encode(true, forKey: .ownLanguageOnly) }
        }
    }

    public enum Match: String, Sendable, Codable {
        /// The whole word, or its plural in "s" ("pute", "putes"; "con" does not match "content").
        case exact
        /// Any word starting with the term ("encul" matches "enculé", "enculés"). In a phrase,
        /// only the last word is a stem.
        case stem
    }
}

public enum SensitiveWordListError: Error, Equatable {
    case unreadable(file: String, reason: String)
}

public extension SensitiveWordList {
    /// Every `words.*.json` in a directory, in file-name order.
    static func load(from directory: URL) throws -> [SensitiveWordList] {
        let files = try FileManager.default.contentsOfDirectory(at: directory.resolvingSymlinksInPath(), includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix("words.") && $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try files.map { file in
            do {
                return try JSONDecoder().decode(SensitiveWordList.self, from: Data(contentsOf: file))
            } catch {
                throw SensitiveWordListError.unreadable(file: file.lastPathComponent, reason: String(describing: error))
            }
        }
    }
}

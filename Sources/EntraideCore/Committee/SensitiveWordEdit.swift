import Foundation

/// A change to one language's sensitive-word list, as the committee approves it: terms added
/// (with their category and how they match) and terms removed. Stored changes are applied in
/// order over the shipped files at start, and again each time one is approved.
public struct SensitiveWordEdit: Sendable, Codable, Equatable {
    public var language: String
    public var add: [SensitiveWordList.Entry]
    public var remove: [String]

    public init(language: String, add: [SensitiveWordList.Entry] = [], remove: [String] = []) {
        self.language = language
        self.add = add
        self.remove = remove
    }

    /// The same term written another way ("Enculé", " enculé ") is the same entry.
    public static func key(_ term: String) -> String {
        term.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// The lists with this change applied; a language with no list yet gets one.
    public func applied(to lists: [SensitiveWordList]) -> [SensitiveWordList] {
        var lists = lists
        if !lists.contains(where: { $0.language == language }) {
            lists.append(SensitiveWordList(language: language, entries: []))
        }
        return lists.map { list in
            guard list.language == language else { return list }
            let removed = Set(remove.map(Self.key)), addedKeys = Set(add.map { Self.key($0.term) })
            var entries = list.entries.filter { !removed.contains(Self.key($0.term)) && !addedKeys.contains(Self.key($0.term)) }
            entries += add.filter { !removed.contains(Self.key($0.term)) }
            return SensitiveWordList(language: list.language, entries: entries)
        }
    }

    /// One term a line, sorted: what the committee compares side by side.
    public static func sortedTerms(of lists: [SensitiveWordList], language: String) -> String {
        let terms = lists.first { $0.language == language }?.entries.map { entry in
            "\(entry.term) (\(entry.category.rawValue), \(entry.match.rawValue))"
        } ?? []
        return terms.sorted { $0.localizedStandardCompare($1) == .orderedAscending }.joined(separator: "\n")
    }
}

/// Which translation of some content a reader gets. Their own language when it exists; else
/// English for readers of other languages (more of them read it than French), else French,
/// the reference. `isFallback` lets the page say it is not in the reader's language.
public struct ContentLanguage: Sendable, Equatable {
    public let language: Language
    public let isFallback: Bool

    public init(language: Language, isFallback: Bool) {
        self.language = language
        self.isFallback = isFallback
    }

    public static func choose(for wanted: Language, among available: Set<Language>) -> ContentLanguage? {
        if available.contains(wanted) { return ContentLanguage(language: wanted, isFallback: false) }
        let order: [Language] = wanted == .fr ? [.fr, .en] : [.en, .fr]
        if let found = (order + Language.allCases).first(where: available.contains) {
            return ContentLanguage(language: found, isFallback: true)
        }
        return nil
    }
}

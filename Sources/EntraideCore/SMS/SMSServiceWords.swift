/// Reads what a `SERVICES` text asks for ("SERVICES manger", "SERVICES douche 75011",
/// "خدمات طعام") as categories of the services directory.
///
/// The words come from the catalogues, so they are translated like everything else: each
/// language's short list of words the menu advertises (one per family, in the families'
/// order), and the family and category names shown on the pages. A word matches a name's
/// word when they are equal once folded, or when one begins the other and the shorter has
/// at least four letters ("douche" finds "Douches", "vetement" finds "Vêtements"). Words of
/// the reader's language are tried first, so "PAIN" in French is not read in another
/// language; then each other language in turn, for people who write in a language they did
/// not set (and whose answer is then written in it, when nothing else says their language).
public struct SMSServiceWords: Sendable {
    /// One name or advertised word for a family or a category, in one language.
    public struct Entry: Sendable {
        public let language: Language
        /// A family code ("food") or a category code ("food.meals").
        public let code: String
        public let text: String

        public init(language: Language, code: String, text: String) {
            self.language = language
            self.code = code
            self.text = text
        }
    }

    /// Folded word → codes, per language.
    private let index: [Language: [String: Set<String>]]

    public init(_ entries: [Entry]) {
        var index: [Language: [String: Set<String>]] = [:]
        for entry in entries {
            for word in Self.words(entry.text) where word.count >= 3 {
                index[entry.language, default: [:]][word, default: []].insert(entry.code)
            }
        }
        self.index = index
    }

    /// What a text names: family and category codes, families first (a family named stands
    /// for its categories, which are not listed again), and the language whose words matched.
    public struct Match: Equatable, Sendable {
        public let codes: [String]
        public let language: Language

        public init(codes: [String], language: Language) {
            self.codes = codes
            self.language = language
        }
    }

    /// The codes the text names in the reader's language, else in the first other language
    /// that knows its words; nil when it names nothing.
    public func match(_ text: String, language: Language) -> Match? {
        let asked = Self.words(text).filter { $0.count >= 2 }
        guard !asked.isEmpty else { return nil }
        for candidate in [language] + Language.allCases.filter({ $0 != language }) {
            let codes = matches(asked, in: candidate)
            guard !codes.isEmpty else { continue }
            let families = codes.filter(PlaceCategory.isFamily)
            let categories = codes.filter { PlaceCategory.isCategory($0) && !families.contains(PlaceCategory.family(of: $0)) }
            return Match(codes: PlaceCategory.families.map(\.code).filter(families.contains) + PlaceCategory.all.filter(categories.contains),
                         language: candidate)
        }
        return nil
    }

    /// The categories that codes stand for, in the directory's order.
    public static func categories(_ codes: [String]) -> [String] {
        let categories = Set(codes.flatMap { PlaceCategory.filter($0) ?? [] })
        return PlaceCategory.all.filter(categories.contains)
    }

    private func matches(_ asked: [String], in language: Language) -> Set<String> {
        var codes: Set<String> = []
        guard let words = index[language] else { return codes }
        for word in asked {
            if let exact = words[word] {
                // "طعام" is the food family's word and part of "pet food": the family wins.
                let families = exact.filter(PlaceCategory.isFamily)
                codes.formUnion(families.isEmpty ? exact : families)
                continue
            }
            for (known, found) in words where Self.begins(known, word) || Self.begins(word, known) {
                codes.formUnion(found)
            }
        }
        return codes
    }

    /// `long` starts with `short`, and `short` is long enough to mean something on its own.
    private static func begins(_ long: String, _ short: String) -> Bool {
        short.count >= 4 && long.count > short.count && long.hasPrefix(short)
    }

    /// A text's words, folded like keywords; "Wi-Fi" is one word, "s'abriter" gives "abriter".
    static func words(_ text: String) -> [String] {
        let joined = text.replacingOccurrences(of: "-", with: "")
        return SMSWord.split(joined)
            .flatMap { $0.bare.split(whereSeparator: { $0 == "'" || $0 == "\u{2019}" }) }
            .map { SMSKeywords.fold($0) }
            .filter { !$0.isEmpty && !$0.allSatisfy(\.isNumber) }
    }
}

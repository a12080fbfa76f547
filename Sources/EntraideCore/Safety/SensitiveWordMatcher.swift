/// Finds the terms of sensitive-word lists in a normalised text, in one pass over its words.
///
/// Terms live in a trie of normalised units (a space between the words of a phrase), so a
/// text costs a few hash lookups per word, whatever the number of terms.
struct SensitiveWordMatcher: Sendable {
    struct Term: Sendable {
        let category: SensitiveCategory
        let language: String
        let ownLanguageOnly: Bool
    }

    struct Match {
        let firstToken: Int
        let lastToken: Int
        let category: SensitiveCategory
    }

    /// (node << 16 | unit) → child node.
    private var edges: [UInt64: Int32] = [:]
    private var exactTerms: [[Term]] = [[]]
    private var stemTerms: [[Term]] = [[]]
    private static let space: UInt16 = 0x20
    private static let pluralS = UInt16(ascii: "s")

    /// Arabic attaches "the", "and", "with", "for" to the word ("والكلب"): these are tried off.
    private static let arabicProclitics: [[UInt16]] = ["وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ف", "ل"]
        .map { Array($0.utf16) }

    init(lists: [SensitiveWordList]) {
        for list in lists {
            let language = Self.primaryLanguage(list.language) ?? list.language
            for entry in list.entries {
                let normalised = TextNormaliser.normalise(entry.term)
                guard !normalised.tokens.isEmpty else { continue }
                var node: Int32 = 0
                for (index, token) in normalised.tokens.enumerated() {
                    if index > 0 { node = child(of: node, unit: Self.space) }
                    for unit in normalised.units[token.unitStart..<token.unitEnd] { node = child(of: node, unit: unit) }
                }
                let term = Term(category: entry.category, language: language, ownLanguageOnly: entry.ownLanguageOnly)
                switch entry.match {
                case .exact: exactTerms[Int(node)].append(term)
                case .stem: stemTerms[Int(node)].append(term)
                }
            }
        }
    }

    private mutating func child(of node: Int32, unit: UInt16) -> Int32 {
        let key = UInt64(node) << 16 | UInt64(unit)
        if let existing = edges[key] { return existing }
        let created = Int32(exactTerms.count)
        exactTerms.append([])
        stemTerms.append([])
        edges[key] = created
        return created
    }

    @inline(__always) private func next(_ node: Int32, _ unit: UInt16) -> Int32? {
        edges[UInt64(node) << 16 | UInt64(unit)]
    }

    static func primaryLanguage(_ tag: String?) -> String? {
        guard let tag, !tag.isEmpty else { return nil }
        return String(tag.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first ?? "")
    }

    /// Every term found, starting at a word (or after an Arabic proclitic) and ending at a word's
    /// end (exact) or anywhere inside it (stem).
    func matches(in text: NormalisedText, tokens: [NormalisedToken], language: String?) -> [Match] {
        let language = Self.primaryLanguage(language)
        var found: [Match] = []
        let units = text.units
        var stack: [(node: Int32, token: Int, position: Int)] = []
        func applicable(_ terms: [Term]) -> Term? {
            terms.first { !$0.ownLanguageOnly || language == nil || $0.language == language }
        }
        for first in tokens.indices {
            let token = tokens[first]
            guard token.letterCount > 0 else { continue }
            stack.removeAll(keepingCapacity: true)
            stack.append((0, first, token.unitStart))
            if units[token.unitStart] >= 0x0600, units[token.unitStart] <= 0x06FF {
                for proclitic in Self.arabicProclitics where token.unitEnd - token.unitStart >= proclitic.count + 2
                    && units[token.unitStart..<(token.unitStart + proclitic.count)].elementsEqual(proclitic) {
                    stack.append((0, first, token.unitStart + proclitic.count))
                }
            }
            var best: Match?
            func record(_ terms: [Term], _ last: Int) {
                guard let term = applicable(terms) else { return }
                if best == nil || last > best!.lastToken { best = Match(firstToken: first, lastToken: last, category: term.category) }
            }
            while let state = stack.popLast() {
                let (node, tokenIndex, position) = (state.node, state.token, state.position)
                let current = tokens[tokenIndex]
                if position == current.unitEnd {
                    record(exactTerms[Int(node)], tokenIndex)
                    if tokenIndex + 1 < tokens.count, let spaced = next(node, Self.space) {
                        stack.append((spaced, tokenIndex + 1, tokens[tokenIndex + 1].unitStart))
                    }
                    continue
                }
                let unit = units[position]
                // An exact word also matches its plural in "s": "putes", "viols", "fags".
                if unit == Self.pluralS, position == current.unitEnd - 1, position > current.unitStart {
                    record(exactTerms[Int(node)], tokenIndex)
                }
                if unit == TextNormaliser.eitherIOrL {
                    for letter in [UInt16(ascii: "i"), UInt16(ascii: "l")] {
                        if let child = next(node, letter) {
                            record(stemTerms[Int(child)], tokenIndex)
                            stack.append((child, tokenIndex, position + 1))
                        }
                    }
                    continue
                }
                var run = 1
                while position + run < current.unitEnd, units[position + run] == unit { run += 1 }
                // A run of one or two is read as written; three or more is emphasis for one or two.
                var walked = node
                for step in 1...min(run, 2) {
                    guard let child = next(walked, unit) else { break }
                    walked = child
                    record(stemTerms[Int(child)], tokenIndex)
                    if step == run || run > 2 { stack.append((child, tokenIndex, position + run)) }
                }
            }
            if let best { found.append(best) }
        }
        return found
    }
}

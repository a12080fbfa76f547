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

    /// (node << 16 | unit) → child node, while building; then frozen into `edgeKeys`/`edgeChildren`,
    /// an open-addressing table with a multiplicative hash (no `Hasher` while scanning).
    private var edges: [UInt64: Int32] = [:]
    private var edgeKeys: [UInt64] = []
    private var edgeChildren: [Int32] = []
    private var edgeMask = 0
    private var exactTerms: [[Term]] = [[]]
    private var stemTerms: [[Term]] = [[]]
    /// Per node: `exactFlag` when exact terms end there, `stemFlag` when stems do.
    private var nodeFlags: [UInt8] = []
    private static let exactFlag: UInt8 = 1, stemFlag: UInt8 = 2
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
        var size = 64
        while size < edges.count * 2 { size <<= 1 }
        edgeKeys = [UInt64](repeating: .max, count: size)
        edgeChildren = [Int32](repeating: -1, count: size)
        edgeMask = size - 1
        for (key, child) in edges {
            var slot = Self.slot(key) & edgeMask
            while edgeKeys[slot] != .max { slot = (slot + 1) & edgeMask }
            edgeKeys[slot] = key
            edgeChildren[slot] = child
        }
        edges = [:]
        nodeFlags = zip(exactTerms, stemTerms).map { exact, stem in (exact.isEmpty ? 0 : Self.exactFlag) | (stem.isEmpty ? 0 : Self.stemFlag) }
    }

    @inline(__always) private static func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32)
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
        let key = UInt64(node) << 16 | UInt64(unit)
        var slot = Self.slot(key) & edgeMask
        while true {
            let found = edgeKeys[slot]
            if found == key { return edgeChildren[slot] }
            if found == .max { return nil }
            slot = (slot + 1) & edgeMask
        }
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
            // The longest term found from this word wins.
            var bestLast = -1
            var bestCategory: SensitiveCategory?
            @inline(__always) func consider(_ node: Int32, _ flag: UInt8, _ last: Int) {
                guard nodeFlags[Int(node)] & flag != 0, last > bestLast,
                      let category = Self.category(flag == Self.exactFlag ? exactTerms[Int(node)] : stemTerms[Int(node)], language) else { return }
                bestLast = last
                bestCategory = category
            }
            while let state = stack.popLast() {
                let (node, tokenIndex, position) = (state.node, state.token, state.position)
                let current = tokens[tokenIndex]
                if position == current.unitEnd {
                    consider(node, Self.exactFlag, tokenIndex)
                    if tokenIndex + 1 < tokens.count, let spaced = next(node, Self.space) {
                        stack.append((spaced, tokenIndex + 1, tokens[tokenIndex + 1].unitStart))
                    }
                    continue
                }
                let unit = units[position]
                // An exact word also matches its plural in "s": "putes", "viols", "fags".
                if unit == Self.pluralS, position == current.unitEnd - 1, position > current.unitStart {
                    consider(node, Self.exactFlag, tokenIndex)
                }
                if unit == TextNormaliser.eitherIOrL {
                    for letter in [UInt16(ascii: "i"), UInt16(ascii: "l")] {
                        if let child = next(node, letter) {
                            consider(child, Self.stemFlag, tokenIndex)
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
                    consider(child, Self.stemFlag, tokenIndex)
                    if step == run || run > 2 { stack.append((child, tokenIndex, position + run)) }
                }
            }
            if let bestCategory { found.append(Match(firstToken: first, lastToken: bestLast, category: bestCategory)) }
        }
        return found
    }

    /// The category of the first term that applies to a text in `language`.
    private static func category(_ terms: [Term], _ language: String?) -> SensitiveCategory? {
        terms.first { !$0.ownLanguageOnly || language == nil || $0.language == language }?.category
    }
}

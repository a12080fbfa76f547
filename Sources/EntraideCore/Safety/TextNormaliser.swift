import Foundation

/// One word of a text after normalisation, and where it stands in the original text.
///
/// Its normalised spelling lives in `NormalisedText.units[unitStart..<unitEnd]` (one buffer for
/// the whole text, so scanning a message costs one allocation, not one per word).
public struct NormalisedToken: Sendable, Equatable {
    /// The word in the original text, in UTF-16 code units (what `SensitiveFinding` reports).
    public let offset: Int
    public let length: Int
    let unitStart: Int
    let unitEnd: Int
    /// The first letter was written in upper case ("Monoprix", "Baker"): a hint of a proper name.
    public let isCapitalised: Bool
    public let letterCount: Int
    public let digitCount: Int
    /// A sentence ended between the previous word and this one (".", "!", "?", ";", a new line).
    public let startsSentence: Bool

    public var end: Int { offset + length }
    /// Digits only ("12", "75011", also Arabic-Indic digits, read as ASCII).
    public var isNumber: Bool { letterCount == 0 && digitCount > 0 && digitCount == unitEnd - unitStart }
}

/// A text read the way the detectors compare words: lower case, without accents or Arabic
/// vowel marks, with l33t spellings folded inside words, split into words that remember their
/// place in the original.
public struct NormalisedText: Sendable {
    /// The original text.
    public let source: String
    /// The original text as UTF-16 code units: every offset refers to it.
    public let original: [UInt16]
    /// The words as written, one per run of letters and digits.
    public let tokens: [NormalisedToken]
    /// The same words where a word spelled letter by letter ("c o n n a r d", "c.o.n.n.a.r.d") is
    /// joined into one; nil when the text has no such spelling (the common case costs nothing).
    public let joinedTokens: [NormalisedToken]?
    /// Normalised units of every token, followed by those of the joined tokens. Inside a word,
    /// repeated letters are kept as written ("connnnard"); matchers decide how to read runs.
    /// The l33t "1" is stored as `TextNormaliser.eitherIOrL` because it stands for "i" or "l".
    let units: [UInt16]

    /// The words, normalised, joined by single spaces, with runs of a letter capped at two
    /// ("CoNNNNard !" → "connard", "c.o.n.n.a.r.d" → "connard", "Élève" → "eleve").
    public var text: String {
        (joinedTokens ?? tokens).map { word($0, cappingRuns: true) }.joined(separator: " ")
    }

    /// The normalised spelling of a token (runs kept as written unless `cappingRuns`).
    public func word(_ token: NormalisedToken, cappingRuns: Bool = false) -> String {
        var scalars = String.UnicodeScalarView()
        var previous: UInt16 = 0
        var run = 0
        for unit in units[token.unitStart..<token.unitEnd] {
            run = unit == previous ? run + 1 : 1
            previous = unit
            if cappingRuns, run > 2 { continue }
            let shown = unit == TextNormaliser.eitherIOrL ? UInt16(ascii: "i") : unit
            if let scalar = Unicode.Scalar(shown) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    /// The original text covered by tokens `first...last`, as a UTF-16 offset and length.
    public func originalRange(from first: NormalisedToken, to last: NormalisedToken) -> (offset: Int, length: Int) {
        (first.offset, last.end - first.offset)
    }

    /// The original text at a UTF-16 range, as written.
    public func excerpt(offset: Int, length: Int) -> String {
        let range = offset..<(offset + length)
        if original[range].allSatisfy({ $0 < 0x80 }) {
            return String(unsafeUninitializedCapacity: length) { buffer in
                for (position, unit) in original[range].enumerated() { buffer[position] = UInt8(truncatingIfNeeded: unit) }
                return length
            }
        }
        // Sliced from the source (UTF-8 inside): cheaper than transcoding UTF-16 units.
        let utf16 = source.utf16
        let start = utf16.index(utf16.startIndex, offsetBy: offset)
        let end = utf16.index(start, offsetBy: length)
        return String(source[start..<end])
    }
}

/// Reads a text for matching: lower case; accents and diacritics removed ("é"→"e", "ç"→"c",
/// "œ"→"oe"); Arabic vowel marks and tatweel removed, alef/yeh/teh-marbuta variants unified;
/// Arabic-Indic digits read as ASCII digits; l33t spellings folded inside words ("c0nn4rd",
/// "$alope", "n1que"); words spelled letter by letter joined.
///
/// Runs of a repeated letter are kept, not collapsed: "baisse" and "baise" differ by a double
/// letter, so the word matcher reads a run of three or more as emphasis ("connnnard" =
/// "connard") and a run of one or two as written.
public enum TextNormaliser {
    /// The l33t "1", which stands for "i" ("n1que") or "l" ("sa1ope").
    static let eitherIOrL: UInt16 = 0x0001

    public static func normalise(_ text: String) -> NormalisedText {
        let original = Array(text.utf16)
        var units: [UInt16] = []
        units.reserveCapacity(original.count)
        var tokens: [NormalisedToken] = []
        tokens.reserveCapacity(original.count / 5)
        let table = CharacterTable.shared
        var index = 0
        var sentenceBreak = true
        let count = original.count
        while index < count {
            let unit = original[index]
            let kind = table.kind(unit)
            if kind & CharacterTable.wordPart == 0 {
                if kind & CharacterTable.sentenceEnd != 0 { sentenceBreak = true }
                index += 1
                continue
            }
            // A token: letters, marks, digits and the symbols l33t uses.
            let start = index
            let unitStart = units.count
            var letters = 0, digits = 0
            var capitalised = false
            var seenLetter = false
            var startsWithLetter = false
            var digitAfterLetter = false
            while index < count {
                let unit = original[index]
                let kind = table.kind(unit)
                guard kind & CharacterTable.wordPart != 0 else { break }
                if kind & CharacterTable.letter != 0 {
                    if !seenLetter {
                        capitalised = kind & CharacterTable.upper != 0
                        startsWithLetter = index == start
                        seenLetter = true
                    }
                    letters += 1
                    table.fold(unit, into: &units)
                } else if kind & CharacterTable.digit != 0 {
                    digits += 1
                    if seenLetter { digitAfterLetter = true }
                    units.append(table.asciiDigit(unit))
                } else if kind & CharacterTable.symbol != 0 {
                    if seenLetter { digitAfterLetter = true }
                    units.append(unit)
                }
                // Combining marks add nothing.
                index += 1
            }
            // "c0nn4rd", "$alope" fold; "12bis", "18h30", "3ème" stay numbers with a suffix.
            if letters >= 2, startsWithLetter || digitAfterLetter || original[start] == UInt16(ascii: "$") || original[start] == UInt16(ascii: "@") {
                for position in unitStart..<units.count {
                    if let folded = leet(units[position]) { units[position] = folded }
                }
            }
            if units.count == unitStart { continue }  // only marks
            tokens.append(NormalisedToken(offset: start, length: index - start, unitStart: unitStart, unitEnd: units.count,
                                          isCapitalised: capitalised, letterCount: letters, digitCount: digits,
                                          startsSentence: sentenceBreak))
            sentenceBreak = false
        }
        let joined = joinSpelledWords(tokens, original: original, units: &units)
        return NormalisedText(source: text, original: original, tokens: tokens, joinedTokens: joined, units: units)
    }

    static func leet(_ unit: UInt16) -> UInt16? {
        switch unit {
        case UInt16(ascii: "0"): UInt16(ascii: "o")
        case UInt16(ascii: "1"): eitherIOrL
        case UInt16(ascii: "3"), 0x20AC: UInt16(ascii: "e")  // €
        case UInt16(ascii: "4"), UInt16(ascii: "@"): UInt16(ascii: "a")
        case UInt16(ascii: "5"), UInt16(ascii: "$"): UInt16(ascii: "s")
        case UInt16(ascii: "7"): UInt16(ascii: "t")
        default: nil
        }
    }

    /// Joins runs of at least three one-character words separated by one separator each
    /// ("c o n n a r d", "c.o.n.n.a.r.d", "c-0-n"), which people write to get past filters.
    /// Needs two letters at least, so "il a 2 3 ans" stays as it is.
    private static func joinSpelledWords(_ tokens: [NormalisedToken], original: [UInt16], units: inout [UInt16]) -> [NormalisedToken]? {
        func isSingle(_ token: NormalisedToken) -> Bool { token.length == 1 }
        /// One separator, the same all along the run: "c.o.n.n.a.r.d l'œuf" stops before "l".
        func separatedByOne(_ a: NormalisedToken, _ b: NormalisedToken, like first: NormalisedToken) -> Bool {
            guard b.offset - a.end == 1, original[a.end] == original[first.end] else { return false }
            switch original[a.end] {
            case 0x20, 0x2E, 0x2D, 0x5F, 0x2A, 0xB7, 0x2F, 0x2C, 0x7C: return true  // space . - _ * · / , |
            default: return false
            }
        }
        // Most texts spell nothing out: find the first run of three one-character words first.
        var firstRun: Int?
        var index = 0
        while index + 2 < tokens.count {
            if isSingle(tokens[index]), isSingle(tokens[index + 1]), isSingle(tokens[index + 2]) { firstRun = index; break }
            index += 1
        }
        guard let firstRun else { return nil }
        var result: [NormalisedToken] = Array(tokens[..<firstRun])
        var joinedAny = false
        index = firstRun
        while index < tokens.count {
            var last = index
            if isSingle(tokens[index]) {
                while last + 1 < tokens.count, isSingle(tokens[last + 1]),
                      separatedByOne(tokens[last], tokens[last + 1], like: tokens[index]) { last += 1 }
            }
            let run = tokens[index...last]
            if run.count >= 3, run.reduce(0, { $0 + $1.letterCount }) >= 2 {
                let unitStart = units.count
                for token in run {
                    for position in token.unitStart..<token.unitEnd {
                        units.append(leet(units[position]) ?? units[position])
                    }
                }
                let first = tokens[index], end = tokens[last]
                result.append(NormalisedToken(offset: first.offset, length: end.end - first.offset, unitStart: unitStart, unitEnd: units.count,
                                              isCapitalised: first.isCapitalised, letterCount: run.reduce(0) { $0 + $1.letterCount },
                                              digitCount: 0, startsSentence: first.startsSentence))
                joinedAny = true
                index = last + 1
            } else {
                result.append(tokens[index])
                index += 1
            }
        }
        return joinedAny ? result : nil
    }
}

/// What each UTF-16 code unit is, and how it folds, computed once per process.
final class CharacterTable: Sendable {
    static let letter: UInt8 = 1, digit: UInt8 = 2, mark: UInt8 = 4, upper: UInt8 = 8
    static let sentenceEnd: UInt8 = 16, symbol: UInt8 = 32
    static let wordPart: UInt8 = letter | digit | mark | symbol

    static let shared = CharacterTable()

    /// Kind bits for every BMP code unit (surrogates and emoji are "other": they separate words).
    private let kinds: [UInt8]
    /// Folded form for U+0000…U+1FFF: low 16 bits the first unit, high 16 bits a second one
    /// ("œ" → "oe"), 0 to drop.
    private let folds: [UInt32]
    private static let foldedRange = 0x2000

    private init() {
        var kinds = [UInt8](repeating: 0, count: 0x10000)
        for value in 0..<0x10000 {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            let properties = scalar.properties
            var kind: UInt8 = 0
            switch properties.generalCategory {
            case .uppercaseLetter, .titlecaseLetter: kind = Self.letter | Self.upper
            case .lowercaseLetter, .modifierLetter, .otherLetter: kind = Self.letter
            case .nonspacingMark, .spacingMark, .enclosingMark: kind = Self.mark
            case .decimalNumber: kind = Self.digit
            default: break
            }
            kinds[value] = kind
        }
        for end in [".", "!", "?", ";", "\n", "\r", "\u{2026}", "\u{061F}", "\u{06D4}", "\u{061B}", "\u{3002}"] {
            kinds[Int(end.utf16.first!)] |= Self.sentenceEnd
        }
        for symbol in ["@", "$", "\u{20AC}"] { kinds[Int(symbol.utf16.first!)] = Self.symbol }
        kinds[0x0640] = Self.mark  // tatweel stretches a word; it is not a letter
        self.kinds = kinds

        var folds = [UInt32](repeating: 0, count: Self.foldedRange)
        for value in 0..<Self.foldedRange {
            folds[value] = UInt32(value)
            guard value >= 0x80, let scalar = Unicode.Scalar(UInt32(value)) else {
                if (0x41...0x5A).contains(value) { folds[value] = UInt32(value + 0x20) }
                continue
            }
            let kind = kinds[value]
            if kind & Self.mark != 0 { folds[value] = 0; continue }
            guard kind & Self.letter != 0 else { continue }
            let decomposed = String(Character(scalar)).decomposedStringWithCanonicalMapping
            let base = decomposed.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
            let lowered = Array(String(String.UnicodeScalarView(base)).lowercased().utf16)
            switch lowered.count {
            case 1: folds[value] = UInt32(lowered[0])
            case 2: folds[value] = UInt32(lowered[0]) | UInt32(lowered[1]) << 16
            default: break
            }
        }
        let pairs: [(Character, String)] = [("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"), ("ß", "ss"), ("ø", "o"), ("Ø", "o"),
                                             ("đ", "d"), ("Đ", "d"), ("ł", "l"), ("Ł", "l"), ("ı", "i"),
                                             // Arabic letters people write interchangeably.
                                             ("\u{0622}", "\u{0627}"), ("\u{0623}", "\u{0627}"), ("\u{0625}", "\u{0627}"), ("\u{0671}", "\u{0627}"),
                                             ("\u{0649}", "\u{064A}"), ("\u{0626}", "\u{064A}"), ("\u{06CC}", "\u{064A}"),
                                             ("\u{0629}", "\u{0647}"), ("\u{0624}", "\u{0648}"), ("\u{06A9}", "\u{0643}")]
        for (character, folded) in pairs {
            let units = Array(folded.utf16)
            folds[Int(character.utf16.first!)] = UInt32(units[0]) | (units.count > 1 ? UInt32(units[1]) << 16 : 0)
        }
        self.folds = folds
    }

    @inline(__always) func kind(_ unit: UInt16) -> UInt8 { kinds[Int(unit)] }

    @inline(__always) func fold(_ unit: UInt16, into units: inout [UInt16]) {
        if unit < 0x80 {
            units.append(unit >= 0x41 && unit <= 0x5A ? unit + 0x20 : unit)
            return
        }
        guard Int(unit) < Self.foldedRange else {
            // Other scripts: lower case when they have one (rare enough to pay for a lookup).
            if kinds[Int(unit)] & Self.upper != 0, let scalar = Unicode.Scalar(unit),
               let lower = scalar.properties.lowercaseMapping.utf16.first {
                units.append(lower)
            } else {
                units.append(unit)
            }
            return
        }
        let folded = folds[Int(unit)]
        if folded == 0 { return }
        units.append(UInt16(folded & 0xFFFF))
        if folded >> 16 != 0 { units.append(UInt16(folded >> 16)) }
    }

    /// "٣" and "۳" read as "3".
    @inline(__always) func asciiDigit(_ unit: UInt16) -> UInt16 {
        switch unit {
        case 0x30...0x39: unit
        case 0x0660...0x0669: unit - 0x0660 + 0x30
        case 0x06F0...0x06F9: unit - 0x06F0 + 0x30
        case 0xFF10...0xFF19: unit - 0xFF10 + 0x30
        default: unit
        }
    }
}

extension UInt16 {
    /// `UInt16(ascii: "a")`, as `UInt8(ascii:)` reads, for comparing UTF-16 code units.
    @inline(__always) init(ascii scalar: Unicode.Scalar) {
        self = UInt16(truncatingIfNeeded: scalar.value)
    }
}

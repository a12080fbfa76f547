/// Every word the contact and place detectors know, with what each one is.
///
/// A text's words are looked up once each, by their normalised UTF-16 units in an
/// open-addressing table with an FNV-1a hash: no `String` is built and no Unicode-aware
/// comparison is made while scanning, which is most of the cost of a `Set<String>`.
struct Lexicon: Sendable {
    struct Traits: OptionSet, Sendable {
        let rawValue: UInt32
        static let landmark = Traits(rawValue: 1 << 0)
        static let frenchStreetType = Traits(rawValue: 1 << 1)
        static let ambiguousFrenchStreetType = Traits(rawValue: 1 << 2)
        static let englishStreetType = Traits(rawValue: 1 << 3)
        static let ambiguousEnglishStreetType = Traits(rawValue: 1 << 4)
        static let plainEnglishStreetType = Traits(rawValue: 1 << 5)
        static let spanishStreetType = Traits(rawValue: 1 << 6)
        static let arabicStreetType = Traits(rawValue: 1 << 7)
        static let namedPlaceType = Traits(rawValue: 1 << 8)
        static let determiner = Traits(rawValue: 1 << 9)
        static let article = Traits(rawValue: 1 << 10)
        static let particle = Traits(rawValue: 1 << 11)
        static let linking = Traits(rawValue: 1 << 12)
        static let locating = Traits(rawValue: 1 << 13)
        static let numberSuffix = Traits(rawValue: 1 << 14)
        static let notName = Traits(rawValue: 1 << 15)
        static let numberWord = Traits(rawValue: 1 << 16)
        static let spokenPhoneStart = Traits(rawValue: 1 << 17)
        static let atWord = Traits(rawValue: 1 << 18)
        static let hintStart = Traits(rawValue: 1 << 19)
        static let streetNumberMarker = Traits(rawValue: 1 << 20)
        static let arabicNameLink = Traits(rawValue: 1 << 21)
        static let dotWord = Traits(rawValue: 1 << 23)
        static let topLevelDomain = Traits(rawValue: 1 << 24)
        static let webmail = Traits(rawValue: 1 << 25)
        /// Any word of a hint phrase, so it has an id.
        static let known = Traits(rawValue: 1 << 22)
    }

    static let unknown: Int32 = -1

    private var slots: [Int32]
    private var words: [[UInt16]] = []
    /// The traits of each word, as raw bits: tested with `&`, which stays fast in debug builds
    /// where `OptionSet` operations are not specialised.
    private(set) var bits: [UInt32] = []
    private let mask: Int

    init(capacity: Int) {
        var size = 64
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: Self.unknown, count: size)
        mask = size - 1
    }

    /// The word normalised as texts are, added with `traits` (merged when it is already known).
    @discardableResult
    mutating func add(_ word: String, _ added: Traits) -> Int32 {
        let normalised = TextNormaliser.normalise(word)
        guard let token = normalised.tokens.first else { return Self.unknown }
        let units = Array(normalised.units[token.unitStart..<token.unitEnd])
        var slot = Self.hash(units[...]) & mask
        while slots[slot] != Self.unknown {
            let id = slots[slot]
            if words[Int(id)] == units {
                bits[Int(id)] |= added.rawValue
                return id
            }
            slot = (slot + 1) & mask
        }
        let id = Int32(words.count)
        words.append(units)
        bits.append(added.rawValue)
        slots[slot] = id
        return id
    }

    /// The id of a word given as normalised units, or `unknown`.
    @inline(__always) func id(of units: ArraySlice<UInt16>) -> Int32 {
        guard !units.isEmpty else { return Self.unknown }
        var slot = Self.hash(units) & mask
        while true {
            let id = slots[slot]
            if id == Self.unknown { return id }
            if words[Int(id)].elementsEqual(units) { return id }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always) func bits(of id: Int32) -> UInt32 {
        id == Self.unknown ? 0 : bits[Int(id)]
    }

    var count: Int { bits.count }

    @inline(__always) private static func hash(_ units: ArraySlice<UInt16>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for unit in units {
            hash ^= UInt64(unit)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}

/// A normalised text with each word's lexicon id and traits, computed once and shared by the
/// detectors. A class so that the detectors' many small lookups never copy it.
final class LexedText {
    let text: NormalisedText
    let lexicon: Lexicon
    /// The id of each token of `text.tokens`.
    let ids: [Int32]
    /// The traits of each token, as raw bits.
    private let tokenBits: [UInt32]
    /// For Arabic words with an attached article or conjunction ("الجسر", "والمحطة"), the traits
    /// of the word without it.
    private let baseBits: [UInt32]

    private static let arabicProclitics: [[UInt16]] = ["وال", "بال", "فال", "لل", "ال"].map { Array($0.utf16) }

    init(_ text: NormalisedText, lexicon: Lexicon = PlaceVocabulary.shared.lexicon) {
        self.text = text
        self.lexicon = lexicon
        var ids: [Int32] = []
        var tokenBits: [UInt32] = []
        var baseBits: [UInt32] = []
        ids.reserveCapacity(text.tokens.count)
        tokenBits.reserveCapacity(text.tokens.count)
        baseBits.reserveCapacity(text.tokens.count)
        let units = text.units
        for token in text.tokens {
            let id = lexicon.id(of: units[token.unitStart..<token.unitEnd])
            ids.append(id)
            tokenBits.append(lexicon.bits(of: id))
            var base: UInt32 = 0
            let first = units[token.unitStart]
            if first >= 0x0600, first <= 0x06FF {
                for prefix in Self.arabicProclitics where token.unitEnd - token.unitStart >= prefix.count + 2
                    && units[token.unitStart..<(token.unitStart + prefix.count)].elementsEqual(prefix) {
                    base = lexicon.bits(of: lexicon.id(of: units[(token.unitStart + prefix.count)..<token.unitEnd]))
                    break
                }
            }
            baseBits.append(base)
        }
        self.ids = ids
        self.tokenBits = tokenBits
        self.baseBits = baseBits
    }

    /// Whether the token at `index` has any of `traits`.
    @inline(__always) func has(_ index: Int, _ traits: Lexicon.Traits) -> Bool {
        index < tokenBits.count && tokenBits[index] & traits.rawValue != 0
    }

    /// Whether the token at `index`, without its Arabic article, has any of `traits`.
    @inline(__always) func baseHas(_ index: Int, _ traits: Lexicon.Traits) -> Bool {
        index < baseBits.count && baseBits[index] & traits.rawValue != 0
    }
}

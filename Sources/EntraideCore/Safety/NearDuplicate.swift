/// Tells when two messages are the same message sent again, for spam detection: the same
/// text with another first name, a changed number or a few typos is still the same message.
///
/// Texts are normalised (case, accents, punctuation, spacing, l33t), digits are read as one
/// digit ("appelle le 06…" and "appelle le 07…" are one message), and compared as sets of
/// character trigrams (Jaccard). Trigrams, not word shingles: one changed word in a
/// twenty-word message removes three of eighteen word 3-shingles (0.71) but only about one
/// trigram in ten.
public enum NearDuplicate {
    /// At or above this similarity, two messages count as the same one. A name changed in a
    /// message of a hundred characters gives about 0.85; two different messages about the same
    /// thing stay under 0.5.
    public static let threshold = 0.8

    /// A stable fingerprint of a message's normalised text (FNV-1a, 64 bits, in hexadecimal):
    /// equal for texts that differ only by case, accents, punctuation, spacing or digits, so it
    /// can be stored and compared in a database. The same on every platform and run.
    public static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for unit in canonical(text) {
            hash ^= UInt64(unit)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// 1 for the same message, 0 for nothing in common.
    public static func similarity(_ a: String, _ b: String) -> Double {
        let left = canonical(a), right = canonical(b)
        if left == right { return 1 }
        let leftGrams = trigrams(left), rightGrams = trigrams(right)
        guard !leftGrams.isEmpty || !rightGrams.isEmpty else { return 0 }
        let shared = leftGrams.intersection(rightGrams).count
        return Double(shared) / Double(leftGrams.count + rightGrams.count - shared)
    }

    /// The normalised words joined by single spaces, every digit as "0".
    static func canonical(_ text: String) -> [UInt16] {
        let normalised = TextNormaliser.normalise(text)
        var units: [UInt16] = []
        units.reserveCapacity(normalised.units.count + normalised.tokens.count)
        for token in normalised.tokens {
            if !units.isEmpty { units.append(0x20) }
            for unit in normalised.units[token.unitStart..<token.unitEnd] {
                switch unit {
                case 0x30...0x39: units.append(0x30)
                case TextNormaliser.eitherIOrL: units.append(UInt16(ascii: "i"))
                default: units.append(unit)
                }
            }
        }
        return units
    }

    private static func trigrams(_ units: [UInt16]) -> Set<UInt64> {
        guard units.count >= 3 else { return units.isEmpty ? [] : [units.reduce(0) { $0 << 16 | UInt64($1) }] }
        var grams = Set<UInt64>(minimumCapacity: units.count)
        for index in 0...(units.count - 3) {
            grams.insert(UInt64(units[index]) << 32 | UInt64(units[index + 1]) << 16 | UInt64(units[index + 2]))
        }
        return grams
    }
}

/// How a text travels: in the GSM 7-bit alphabet when every character belongs to it, else in
/// UCS-2 (UTF-16), where a segment holds less than half as much.
public enum SMSEncoding: String, Sendable {
    case gsm7, ucs2
}

public struct SMSSegmentCount: Equatable, Sendable {
    public let encoding: SMSEncoding
    /// septets (GSM-7, extension characters count 2) or UTF-16 code units (UCS-2)
    public let units: Int
    public let segments: Int

    public init(encoding: SMSEncoding, units: Int, segments: Int) {
        self.encoding = encoding
        self.units = units
        self.segments = segments
    }
}

/// Counts the segments a text is sent as, the way operators bill it, so replies can be kept
/// short: every segment costs money and a long answer arrives in pieces on old phones.
///
/// A single segment holds 160 septets or 70 UTF-16 units. A longer text is split into parts
/// that each carry a header, leaving 153 septets or 67 units, and a part never ends in the
/// middle of a character: an escaped GSM character (€, [, …) or a UTF-16 surrogate pair
/// (an emoji) moves whole to the next part.
public enum SMSSegments {
    /// The GSM 03.38 default alphabet, in table order (the escape code 0x1B left out).
    static let gsmBasic: Set<Unicode.Scalar> = Set(
        ("@£$¥èéùìòÇ\nØø\rÅå"
            + "\u{0394}_\u{03A6}\u{0393}\u{039B}\u{03A9}\u{03A0}\u{03A8}\u{03A3}\u{0398}\u{039E}ÆæßÉ"
            + " !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
            + "¿abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars)

    /// The extension table: each is sent as the escape code plus one septet.
    static let gsmExtension: Set<Unicode.Scalar> = Set("\u{000C}^{}\\[~]|€".unicodeScalars)

    static let singleGSM = 160, partGSM = 153
    static let singleUCS2 = 70, partUCS2 = 67

    public static func count(_ text: String) -> SMSSegmentCount {
        // Scalars, not characters: "\r\n" is one Character but two septets.
        if let septets = gsmCosts(text) {
            return SMSSegmentCount(encoding: .gsm7, units: septets.reduce(0, +),
                                   segments: segments(septets, single: singleGSM, part: partGSM))
        }
        let units = text.unicodeScalars.map { $0.utf16.count }
        return SMSSegmentCount(encoding: .ucs2, units: units.reduce(0, +),
                               segments: segments(units, single: singleUCS2, part: partUCS2))
    }

    /// Shortens `text` (keeping whole words when possible, ending with "...") so it fits in `maxSegments`; returns it unchanged when it already fits.
    public static func fit(_ text: String, maxSegments: Int) -> String {
        let limit = max(1, maxSegments)
        guard count(text).segments > limit else { return text }
        let characters = Array(text)
        func shortened(_ length: Int) -> String { String(characters[..<length]) + "..." }
        func fits(_ length: Int) -> Bool { count(shortened(length)).segments <= limit }
        // A longer prefix never takes fewer segments, so the longest that fits is found by halving.
        var low = 0, high = characters.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if fits(middle) { low = middle } else { high = middle - 1 }
        }
        var length = low
        // Cut after the last whole word, unless that throws away more than half of what fits
        // (a long link or a word without spaces is cut where it must be).
        if length < characters.count, !characters[length].isWhitespace,
           let space = characters[..<length].lastIndex(where: \.isWhitespace), space >= length / 2 {
            length = space
        }
        while length > 0, characters[length - 1].isWhitespace || [",", ";", ":"].contains(characters[length - 1]) {
            length -= 1
        }
        return shortened(length)
    }

    /// Text from elsewhere (a place's name, an address from an import) made to travel in GSM-7
    /// when it only misses it by typography: curly quotes, dashes, "œ", a circumflex. One "’"
    /// would otherwise send the whole answer in UCS-2, where three segments hold 201
    /// characters instead of 459. Scripts outside the Latin alphabet are left as they are.
    public static func gsmFriendly(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if gsmBasic.contains(scalar) || gsmExtension.contains(scalar) {
                result.append(scalar)
            } else if let plain = typography[scalar] {
                result.append(contentsOf: plain.unicodeScalars)
            } else if scalar.properties.isAlphabetic, scalar.value < 0x0250,
                      let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first,
                      gsmBasic.contains(base) {
                // â ê î ô û ë ï ç ã õ… lose their accent; the letter stays readable.
                result.append(base)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    private static let typography: [Unicode.Scalar: String] = [
        "\u{2018}": "'", "\u{2019}": "'", "\u{02BC}": "'", "\u{201C}": "\"", "\u{201D}": "\"", "\u{00AB}": "\"", "\u{00BB}": "\"",
        "\u{2013}": "-", "\u{2014}": "-", "\u{2011}": "-", "\u{00B7}": "-", "\u{2026}": "...",
        "\u{00A0}": " ", "\u{202F}": " ", "\u{2009}": " ",
        "\u{0153}": "oe", "\u{0152}": "OE",
    ]

    /// The septets each scalar costs, or nil when one is outside the GSM alphabet.
    private static func gsmCosts(_ text: String) -> [Int]? {
        var costs: [Int] = []
        costs.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if gsmBasic.contains(scalar) {
                costs.append(1)
            } else if gsmExtension.contains(scalar) {
                costs.append(2)
            } else {
                return nil
            }
        }
        return costs
    }

    /// Fills parts one after the other, moving a character that does not fit whole to the next.
    private static func segments(_ costs: [Int], single: Int, part: Int) -> Int {
        let total = costs.reduce(0, +)
        guard total > single else { return 1 }
        var parts = 1, used = 0
        for cost in costs {
            if used + cost > part {
                parts += 1
                used = 0
            }
            used += cost
        }
        return parts
    }
}

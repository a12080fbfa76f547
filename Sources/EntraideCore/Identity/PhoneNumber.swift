import Foundation

/// A phone number normalised to E.164 ("+33612345678").
///
/// Numbers are written by people in many ways ("06 12 34 56 78", "+33 (0)6.12.34.56.78",
/// "0033 6 12 34 56 78", "+44 7700 900123"). National numbers are read in the platform's
/// default country (France unless configured); international ones are checked against the
/// lengths their country uses, so a typo is refused rather than stored.
public struct PhoneNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    public let e164: String

    public var description: String { e164 }

    public init?(_ text: String, defaultCountry: String = "FR") {
        guard let e164 = Self.normalise(text, defaultCountry: defaultCountry) else { return nil }
        self.e164 = e164
    }

    public init(trustedE164: String) { self.e164 = trustedE164 }

    static func normalise(_ raw: String, defaultCountry: String) -> String? {
        var text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 32 else { return nil }
        // "+33 (0)6…" — the "(0)" is the national trunk prefix written for local callers.
        text = text.replacingOccurrences(of: "(0)", with: "")
        var international = false
        if text.hasPrefix("+") {
            international = true
            text.removeFirst()
        }
        let separators: Set<Character> = [" ", ".", "-", "(", ")", "/", "\u{00A0}", "\u{202F}"]
        var digits = ""
        for character in text {
            if separators.contains(character) { continue }
            guard let ascii = character.asciiValue, (48...57).contains(ascii) else { return nil }
            digits.append(character)
        }
        if !international, digits.hasPrefix("00") {
            international = true
            digits.removeFirst(2)
        }
        if international {
            guard let (code, national) = splitCallingCode(digits) else { return nil }
            return validated(code: code, national: national)
        }
        guard let region = Region.byISO[defaultCountry.uppercased()] else { return nil }
        var national = digits
        if let trunk = region.trunkPrefix, national.hasPrefix(trunk) {
            national.removeFirst(trunk.count)
        } else if region.trunkPrefix != nil {
            return nil
        }
        return validated(code: region.callingCode, national: national)
    }

    static func validated(code: String, national: String) -> String? {
        guard let rule = Region.lengths[code] ?? Optional(Region.genericLength) else { return nil }
        guard rule.contains(national.count), national.first != "0" else { return nil }
        guard code.count + national.count <= 15 else { return nil }
        return "+" + code + national
    }

    static func splitCallingCode(_ digits: String) -> (code: String, national: String)? {
        for length in 1...3 where digits.count > length {
            let code = String(digits.prefix(length))
            if Region.callingCodes.contains(code) {
                return (code, String(digits.dropFirst(length)))
            }
        }
        return nil
    }
}

/// What the platform knows of each country's numbering plan: its calling code, its trunk
/// prefix for national dialling, and the length of its national significant numbers.
enum Region {
    struct Plan {
        let callingCode: String
        let trunkPrefix: String?
    }

    static let byISO: [String: Plan] = [
        "FR": Plan(callingCode: "33", trunkPrefix: "0"), "BE": Plan(callingCode: "32", trunkPrefix: "0"),
        "CH": Plan(callingCode: "41", trunkPrefix: "0"), "LU": Plan(callingCode: "352", trunkPrefix: nil),
        "DE": Plan(callingCode: "49", trunkPrefix: "0"), "ES": Plan(callingCode: "34", trunkPrefix: nil),
        "IT": Plan(callingCode: "39", trunkPrefix: nil), "PT": Plan(callingCode: "351", trunkPrefix: nil),
        "NL": Plan(callingCode: "31", trunkPrefix: "0"), "GB": Plan(callingCode: "44", trunkPrefix: "0"),
        "IE": Plan(callingCode: "353", trunkPrefix: "0"), "PL": Plan(callingCode: "48", trunkPrefix: nil),
        "RO": Plan(callingCode: "40", trunkPrefix: "0"), "UA": Plan(callingCode: "380", trunkPrefix: "0"),
        "US": Plan(callingCode: "1", trunkPrefix: nil), "CA": Plan(callingCode: "1", trunkPrefix: nil),
        "MA": Plan(callingCode: "212", trunkPrefix: "0"), "DZ": Plan(callingCode: "213", trunkPrefix: "0"),
        "TN": Plan(callingCode: "216", trunkPrefix: nil), "SN": Plan(callingCode: "221", trunkPrefix: nil),
    ]

    /// National significant number lengths where they are well known; other codes get the generic rule.
    static let lengths: [String: ClosedRange<Int>] = [
        "33": 9...9, "32": 8...9, "41": 9...9, "352": 4...11, "49": 6...13, "34": 9...9, "39": 6...11,
        "351": 9...9, "31": 9...9, "44": 9...10, "353": 7...9, "48": 9...9, "40": 9...9, "380": 9...9,
        "1": 10...10, "7": 10...10, "212": 9...9, "213": 8...9, "216": 8...8, "221": 9...9, "223": 8...8,
        "224": 9...9, "225": 10...10, "237": 9...9, "243": 9...9, "249": 9...9, "252": 7...9, "261": 9...9,
        "262": 9...9, "590": 9...9, "594": 9...9, "596": 9...9, "687": 6...6, "689": 6...8, "291": 7...7,
        "93": 9...9, "98": 10...10, "963": 9...9, "964": 10...10, "90": 10...10, "355": 8...9, "995": 9...9,
        "374": 8...8, "359": 8...9, "91": 10...10, "92": 10...10, "880": 10...10, "94": 9...9, "86": 10...11,
        "234": 8...10, "20": 9...10, "30": 10...10, "36": 8...9, "420": 9...9, "421": 9...9, "43": 4...13,
        "45": 8...8, "46": 7...13, "47": 8...8, "358": 5...12, "370": 8...8, "371": 8...8, "372": 7...8,
    ]

    static let genericLength = 4...13

    /// Country calling codes assigned by the ITU (E.164), with their 1-, 2- or 3-digit length.
    static let callingCodes: Set<String> = {
        let one = ["1", "7"]
        let two = ["20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
                   "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
                   "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98"]
        let three = ["211", "212", "213", "216", "218", "220", "221", "222", "223", "224", "225", "226", "227",
                     "228", "229", "230", "231", "232", "233", "234", "235", "236", "237", "238", "239", "240",
                     "241", "242", "243", "244", "245", "246", "247", "248", "249", "250", "251", "252", "253",
                     "254", "255", "256", "257", "258", "260", "261", "262", "263", "264", "265", "266", "267",
                     "268", "269", "290", "291", "297", "298", "299", "350", "351", "352", "353", "354", "355",
                     "356", "357", "358", "359", "370", "371", "372", "373", "374", "375", "376", "377", "378",
                     "380", "381", "382", "383", "385", "386", "387", "389", "420", "421", "423", "500", "501",
                     "502", "503", "504", "505", "506", "507", "508", "509", "590", "591", "592", "593", "594",
                     "595", "596", "597", "598", "599", "670", "672", "673", "674", "675", "676", "677", "678",
                     "679", "680", "681", "682", "683", "685", "686", "687", "688", "689", "690", "691", "692",
                     "850", "852", "853", "855", "856", "880", "886", "960", "961", "962", "963", "964", "965",
                     "966", "967", "968", "970", "971", "972", "973", "974", "975", "976", "977", "992", "993",
                     "994", "995", "996", "998"]
        return Set(one + two + three)
    }()
}

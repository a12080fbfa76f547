/// Masks a phone number for logs and operator screens: country code and last four digits only.
public enum PhoneMask {
    public static func mask(_ e164: String) -> String {
        let digits = Array(e164.filter(\.isNumber))
        guard digits.count > 6 else { return String(repeating: "•", count: digits.count) }
        let prefixLength = e164.hasPrefix("+33") ? 3 : 2
        let head = String(digits.prefix(prefixLength)), tail = String(digits.suffix(4))
        return "+" + head + String(repeating: "•", count: digits.count - prefixLength - 4) + tail
    }
}

import Foundation

/// What a member may write about themselves. Each check returns the normalised value or
/// throws a `RuleViolation` whose code is the catalogue key of its message.
public enum ProfileRules {
    public static let aboutMaxLength = 200
    public static let nameMaxLength = 60
    public static let cityMaxLength = 80
    public static let passwordMinLength = 8
    /// Bcrypt reads at most 72 bytes: a longer password would be silently cut.
    public static let passwordMaxBytes = 72
    public static let travelDistanceRange = 1...100
    public static let maxSpokenLanguages = 12

    public static func name(_ value: String, field: String) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw RuleViolation("validation.required", field: field) }
        guard trimmed.count <= nameMaxLength else {
            throw RuleViolation("validation.too_long", field: field, arguments: ["max": "\(nameMaxLength)"])
        }
        guard trimmed.first!.isLetter, trimmed.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" || $0 == "'" || $0 == "’" || $0 == "." }) else {
            throw RuleViolation("validation.name_invalid", field: field)
        }
        return trimmed
    }

    public static func email(_ value: String) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard trimmed.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
              parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[1].contains(".."),
              trimmed.allSatisfy({ !$0.isWhitespace && $0 != "<" && $0 != ">" && $0 != "," && $0 != ";" })
        else { throw RuleViolation("validation.email_invalid", field: "email") }
        return trimmed
    }

    public static func password(_ value: String) throws -> String {
        guard value.count >= passwordMinLength else {
            throw RuleViolation("validation.password_too_short", field: "password", arguments: ["min": "\(passwordMinLength)"])
        }
        guard value.utf8.count <= passwordMaxBytes else {
            throw RuleViolation("validation.password_too_long", field: "password", arguments: ["max": "\(passwordMaxBytes)"])
        }
        return value
    }

    public static func phone(_ value: String, defaultCountry: String) throws -> PhoneNumber {
        guard let phone = PhoneNumber(value, defaultCountry: defaultCountry) else {
            throw RuleViolation("validation.phone_invalid", field: "phone")
        }
        return phone
    }

    public static func about(_ value: String) throws -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= aboutMaxLength else {
            throw RuleViolation("validation.too_long", field: "about", arguments: ["max": "\(aboutMaxLength)"])
        }
        return trimmed.isEmpty ? nil : trimmed
    }

    /// French postal codes are five digits; other countries' codes are accepted in their usual shapes.
    public static func postalCode(_ value: String) throws -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        if trimmed.isEmpty { return nil }
        guard (2...10).contains(trimmed.count),
              trimmed.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == " " || $0 == "-" }),
              trimmed.contains(where: \.isNumber)
        else { throw RuleViolation("validation.postal_code_invalid", field: "postalCode") }
        return trimmed
    }

    public static func city(_ value: String) throws -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return nil }
        guard trimmed.count <= cityMaxLength else {
            throw RuleViolation("validation.too_long", field: "city", arguments: ["max": "\(cityMaxLength)"])
        }
        guard trimmed.allSatisfy({ $0.isLetter || $0.isNumber || " -'’.()".contains($0) }) else {
            throw RuleViolation("validation.city_invalid", field: "city")
        }
        return trimmed
    }

    public static func travelDistance(_ value: Int) throws -> Int {
        guard travelDistanceRange.contains(value) else {
            throw RuleViolation("validation.out_of_range", field: "travelDistanceKm",
                                arguments: ["min": "\(travelDistanceRange.lowerBound)", "max": "\(travelDistanceRange.upperBound)"])
        }
        return value
    }

    /// Spoken languages are ISO 639 codes ("fr", "ar", "prs"…), not only the interface's languages.
    public static func spokenLanguages(_ values: [String]) throws -> [String] {
        guard values.count <= maxSpokenLanguages else {
            throw RuleViolation("validation.too_many", field: "languages", arguments: ["max": "\(maxSpokenLanguages)"])
        }
        var seen: [String] = []
        for value in values {
            let code = value.trimmingCharacters(in: .whitespaces).lowercased()
            guard (2...3).contains(code.count), code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw RuleViolation("validation.language_invalid", field: "languages")
            }
            if !seen.contains(code) { seen.append(code) }
        }
        return seen
    }

    public static func choices<Choice: RawRepresentable>(_ values: [String], as type: Choice.Type, field: String) throws -> [Choice]
    where Choice.RawValue == String {
        var result: [Choice] = []
        for value in values {
            guard let choice = Choice(rawValue: value) else {
                throw RuleViolation("validation.choice_invalid", field: field, arguments: ["value": String(value.prefix(40))])
            }
            if !result.contains(where: { $0.rawValue == choice.rawValue }) { result.append(choice) }
        }
        return result
    }
}

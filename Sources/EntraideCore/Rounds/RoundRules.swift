import Foundation

/// The checks of what an outreach team writes. A person met is known by one first name or
/// nickname, never a family name; a place is a named sector, never a point.
public enum RoundRules {
    public static let aliasMaxLength = 30
    public static let sectorNameLength = 2...80
    public static let organisationNameLength = 3...120
    public static let plannedRouteMaxLength = 500
    public static let notesMaxLength = 2000
    public static let shoeSizes = 16...52
    public static let maxNeedsPerEncounter = 20
    public static let maxPathPointsPerRequest = 500
    public static let maxTeamSize = 20

    /// One word: a first name ("Ali", "Jean-Pierre") or a nickname ("Jojo"). Two words would
    /// let a family name in, so they are refused with a message that says why. Digits are
    /// refused too: a date of birth or a phone number has no place here.
    public static func alias(_ value: String?, field: String = "person.alias") throws -> String {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw RuleViolation("validation.required", field: field) }
        guard trimmed.count <= aliasMaxLength else {
            throw RuleViolation("validation.too_long", field: field, arguments: ["max": "\(aliasMaxLength)"])
        }
        guard !trimmed.contains(where: { $0.isWhitespace }) else { throw RuleViolation("rounds.alias_one_word", field: field) }
        guard trimmed.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "'" || $0 == "’" || $0 == "." }), trimmed.contains(where: \.isLetter) else {
            throw RuleViolation("rounds.alias_letters_only", field: field)
        }
        return trimmed
    }

    /// A sector is a named area ("Gare de l'Est", "Canal nord"): a name, never coordinates.
    public static func sectorName(_ value: String?, field: String = "name") throws -> String {
        let name = try CommunityRules.title(value, field: field, length: sectorNameLength)
        if looksLikeCoordinates(name) { throw RuleViolation("rounds.sector_not_a_point", field: field) }
        return name
    }

    /// "48.8566" or "2,3522": a decimal number with three or more decimals is a coordinate,
    /// which would place people finer than a sector.
    static func looksLikeCoordinates(_ text: String) -> Bool {
        let characters = Array(text)
        for index in characters.indices where (characters[index] == "." || characters[index] == ",") && index > 0 {
            guard characters[index - 1].isASCII, characters[index - 1].isNumber else { continue }
            let decimals = characters[(index + 1)...].prefix { $0.isASCII && $0.isNumber }
            if decimals.count >= 3 { return true }
        }
        return false
    }

    public static func organisationName(_ value: String?) throws -> String {
        try CommunityRules.title(value, field: "name", length: organisationNameLength)
    }

    public static func shoeSize(_ value: Int?, field: String) throws -> Int {
        guard let value else { throw RuleViolation("rounds.shoe_size_required", field: field) }
        guard shoeSizes.contains(value) else {
            throw RuleViolation("validation.out_of_range", field: field, arguments: ["min": "\(shoeSizes.lowerBound)", "max": "\(shoeSizes.upperBound)"])
        }
        return value
    }

    /// A point of the team's path, recorded while the round is ongoing. A point of the future
    /// (a phone's clock running ahead aside) is refused.
    public static func pathPoint(lat: Double?, lon: Double?, at: Date?, now: Date = Date(), field: String) throws -> (GeoPoint, Date) {
        let point = try CommunityRules.point(lat: lat, lon: lon, field: field)
        let recorded = at ?? now
        guard recorded <= now.addingTimeInterval(300) else { throw RuleViolation("rounds.point_in_future", field: field) }
        return (point, recorded)
    }

    /// The length of a path, in whole metres: what is kept of it once the round is done.
    public static func length(of points: [GeoPoint]) -> Int {
        guard points.count > 1 else { return 0 }
        var metres = 0.0
        for index in points.indices.dropFirst() { metres += points[index - 1].distance(to: points[index]) }
        return Int(metres.rounded())
    }
}

import Foundation

/// What members may write in the community: lengths, enumerations, dates, links and
/// places. Each check returns the normalised value or throws a `RuleViolation`.
public enum CommunityRules {
    public static let titleLength = 3...120
    public static let descriptionMaxLength = 2000
    public static let postMaxLength = 4000
    public static let commentMaxLength = 2000
    public static let messageMaxLength = 2000
    public static let groupNameLength = 3...80
    public static let charterMaxLength = 4000
    public static let placeNameMaxLength = 120
    public static let addressMaxLength = 200
    public static let capacityRange = 1...10_000
    public static let pollOptionCount = 2...10
    public static let pollOptionMaxLength = 100
    public static let longestEvent: TimeInterval = 7 * 24 * 3600
    public static let feedDefaultRadiusKm = 10.0
    public static let feedMaximumRadiusKm = 40.0
    public static let maxConversationParticipants = 50

    public static func title(_ value: String?, field: String = "title", length: ClosedRange<Int> = titleLength) throws -> String {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw RuleViolation("validation.required", field: field) }
        guard trimmed.count >= length.lowerBound else {
            throw RuleViolation("validation.too_short", field: field, arguments: ["min": "\(length.lowerBound)"])
        }
        guard trimmed.count <= length.upperBound else {
            throw RuleViolation("validation.too_long", field: field, arguments: ["max": "\(length.upperBound)"])
        }
        return trimmed
    }

    /// Free text that may be empty; `nil` and blank become `nil`.
    public static func optionalText(_ value: String?, field: String, max: Int) throws -> String? {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.count <= max else { throw RuleViolation("validation.too_long", field: field, arguments: ["max": "\(max)"]) }
        return trimmed
    }

    /// Free text that must say something.
    public static func text(_ value: String?, field: String, max: Int) throws -> String {
        guard let text = try optionalText(value, field: field, max: max) else { throw RuleViolation("validation.required", field: field) }
        return text
    }

    public static func choice<T: RawRepresentable & CaseIterable>(_ value: String?, as type: T.Type, field: String) throws -> T where T.RawValue == String {
        guard let value, let choice = T(rawValue: value) else {
            throw RuleViolation("validation.choice_invalid", field: field, arguments: ["value": value ?? ""])
        }
        return choice
    }

    public static func point(lat: Double?, lon: Double?, field: String = "location") throws -> GeoPoint {
        guard let lat, let lon else { throw RuleViolation("validation.required", field: field) }
        let point = GeoPoint(lat: lat, lon: lon)
        guard point.isValid else { throw RuleViolation("validation.location_invalid", field: field) }
        return point
    }

    public static func radiusKm(_ value: Double?) throws -> Double {
        guard let value else { return feedDefaultRadiusKm }
        guard value.isFinite, value > 0, value <= feedMaximumRadiusKm else {
            throw RuleViolation("validation.radius_invalid", field: "radiusKm", arguments: ["max": "\(Int(feedMaximumRadiusKm))"])
        }
        return value
    }

    /// An event's times: the end after the start, not longer than a week, and not already over.
    public static func schedule(start: Date?, end: Date?, now: Date = Date()) throws -> (start: Date, end: Date) {
        guard let start else { throw RuleViolation("validation.required", field: "startsAt") }
        guard let end else { throw RuleViolation("validation.required", field: "endsAt") }
        guard end > start else { throw RuleViolation("event.ends_before_start", field: "endsAt") }
        guard end.timeIntervalSince(start) <= longestEvent else { throw RuleViolation("event.too_long", field: "endsAt") }
        guard end > now else { throw RuleViolation("event.in_past", field: "startsAt") }
        return (start, end)
    }

    public static func timeZone(_ identifier: String?) throws -> TimeZone {
        guard let identifier, !identifier.isEmpty else { return TimeZone(identifier: "Europe/Paris")! }
        guard identifier.count <= 64, let zone = TimeZone(identifier: identifier) else {
            throw RuleViolation("validation.time_zone_invalid", field: "timeZone")
        }
        return zone
    }

    /// An online event's link: http(s) only, so a link can never run script in a page.
    public static func link(_ value: String?, field: String = "onlineUrl") throws -> String {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw RuleViolation("validation.required", field: field) }
        guard trimmed.count <= 500, let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(),
              scheme == "https" || scheme == "http", let host = url.host, host.contains(".")
        else { throw RuleViolation("validation.url_invalid", field: field) }
        return trimmed
    }

    public static func capacity(_ value: Int?) throws -> Int? {
        guard let value else { return nil }
        guard capacityRange.contains(value) else {
            throw RuleViolation("validation.out_of_range", field: "capacity",
                                arguments: ["min": "\(capacityRange.lowerBound)", "max": "\(capacityRange.upperBound)"])
        }
        return value
    }

    public static func pollOptions(_ options: [String]?) throws -> [String]? {
        guard let options else { return nil }
        let cleaned = try options.map { try text($0, field: "poll", max: pollOptionMaxLength) }
        guard pollOptionCount.contains(cleaned.count) else {
            throw RuleViolation("validation.poll_options", field: "poll",
                                arguments: ["min": "\(pollOptionCount.lowerBound)", "max": "\(pollOptionCount.upperBound)"])
        }
        guard Set(cleaned).count == cleaned.count else { throw RuleViolation("validation.poll_duplicate", field: "poll") }
        return cleaned
    }
}

import Vapor
import EntraideCore

/// What a browser sends in a community form, turned into the values the services take. A
/// browser sends every field as text, so a number or a time that cannot be read becomes a
/// `RuleViolation` on its field, and the form comes back with the error in place.
enum CommunityForm {
    /// The form's fields as typed, without the CSRF token (never a value to show again).
    static func fields(_ req: Request) throws -> [String: String] {
        var fields = try req.content.decode([String: String].self)
        fields[CSRFMiddleware.fieldName] = nil
        return fields
    }

    /// Empty means "not given": an optional field left blank.
    static func given(_ raw: String?) -> String? {
        let trimmed = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// "48.85" or "48,85": French keyboards write decimals with a comma.
    static func number(_ raw: String?, field: String) throws -> Double? {
        guard let text = given(raw)?.replacingOccurrences(of: ",", with: ".") else { return nil }
        guard let value = Double(text), value.isFinite else { throw RuleViolation("validation.type_invalid", field: field) }
        return value
    }

    static func integer(_ raw: String?, field: String) throws -> Int? {
        guard let text = given(raw) else { return nil }
        guard let value = Int(text) else { throw RuleViolation("validation.type_invalid", field: field) }
        return value
    }

    /// Both coordinates, or neither (the service then says what is missing). Errors go to
    /// `location`, the fieldset that holds the two inputs.
    static func point(lat: String?, lon: String?) throws -> PointInput? {
        let lat = try number(lat, field: "location"), lon = try number(lon, field: "location")
        if lat == nil && lon == nil { return nil }
        return PointInput(lat: lat, lon: lon)
    }

    /// A `datetime-local` value ("2026-12-01T18:00") read on the wall clock of `zone`. A
    /// browser without that input type shows a text box, so "2026-12-01 18:00" is read too.
    static func localTime(_ raw: String?, field: String, in zone: TimeZone) throws -> Date? {
        guard let text = given(raw) else { return nil }
        let invalid = RuleViolation("validation.type_invalid", field: field)
        guard let match = text.wholeMatch(of: /(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?/),
              let year = Int(match.1), let month = Int(match.2), let day = Int(match.3),
              let hour = Int(match.4), let minute = Int(match.5)
        else { throw invalid }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)
        // A day that does not exist (31 February) is refused rather than moved to March.
        guard (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute),
              let date = calendar.date(from: components), calendar.component(.day, from: date) == day
        else { throw invalid }
        return date
    }
}

extension FormState {
    /// Puts each error next to the field that shows it: a nested service field
    /// ("recurrence.count") gets the form's flat name, and an error about a field the form
    /// does not show goes to the top of the form instead of being lost.
    func placed(on shown: Set<String>, renaming names: [String: String] = [:]) -> FormState {
        var copy = self
        copy.errors = [:]
        for (field, text) in errors.sorted(by: { $0.key < $1.key }) {
            let name = names[field] ?? field
            if shown.contains(name) {
                copy.errors[name] = text
            } else {
                copy.message = copy.message.map { $0 + " " + text } ?? text
            }
        }
        return copy
    }
}

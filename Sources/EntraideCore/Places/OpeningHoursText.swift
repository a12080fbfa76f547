import Foundation

/// The weekly hours as one line of text, for CSV files and forms:
/// `mo-fr 09:00-12:00,14:00-17:30; sa 10:00-12:00; ph off`, or `24/7`.
///
/// Days are `mo tu we th fr sa su` (the first two letters of their English names, as in
/// OpenStreetMap's opening_hours), alone, in ranges (`mo-fr`, `fr-mo`) or lists (`mo,we`);
/// times are `HH:MM` (also `9h`, `0930`); a slot ending after midnight is written as such
/// (`sa 22:00-02:00`). `ph off` closes on public holidays. Rules are separated by `;`.
public enum OpeningHoursText {
    static let dayNames: [String: Weekday] = [
        "mo": .mon, "tu": .tue, "we": .wed, "th": .thu, "fr": .fri, "sa": .sat, "su": .sun,
        "mon": .mon, "tue": .tue, "wed": .wed, "thu": .thu, "fri": .fri, "sat": .sat, "sun": .sun,
    ]
    public static let maximumSlotsPerDay = 6

    /// The hours read from the text, or a violation (`places.hours_invalid`, with the part not understood).
    public static func parse(_ text: String, field: String = "hours") throws -> OpeningHours {
        var hours = OpeningHours()
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !trimmed.isEmpty else { return hours }
        for rule in trimmed.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !rule.isEmpty {
            func invalid() -> RuleViolation { RuleViolation("places.hours_invalid", field: field, arguments: ["part": rule]) }
            if rule == "24/7" { hours.alwaysOpen = true; continue }
            if rule == "ph off" { hours.closedOnPublicHolidays = true; continue }
            let pieces = rule.split(separator: " ", maxSplits: 1).map(String.init)
            guard pieces.count == 2 else { throw invalid() }
            let days = try weekdays(pieces[0]) ?? { throw invalid() }()
            let times = pieces[1].replacingOccurrences(of: " ", with: "")
            if times == "off" || times == "closed" {
                for day in days { hours.weekly[day.index] = [] }
                continue
            }
            let slots = try times.split(separator: ",").map { try TimeSlot(String($0)) ?? { throw invalid() }() }
            for day in days {
                hours.weekly[day.index] += slots
                guard hours.weekly[day.index].count <= maximumSlotsPerDay else { throw invalid() }
            }
        }
        return hours
    }

    /// "mo-fr" → Monday to Friday; "fr-mo" wraps round the weekend; "mo,we,fr" a list.
    static func weekdays(_ text: String) -> [Weekday]? {
        var result: [Weekday] = []
        for part in text.split(separator: ",") {
            let ends = part.split(separator: "-").map(String.init)
            guard let first = ends.first.flatMap({ dayNames[$0] }) else { return nil }
            if ends.count == 1 { result.append(first); continue }
            guard ends.count == 2, let last = dayNames[ends[1]] else { return nil }
            var index = first.index
            while true {
                result.append(Weekday.allCases[index])
                if index == last.index { break }
                index = (index + 1) % 7
            }
        }
        return result.isEmpty ? nil : result
    }

    /// The weekly part written back as text (days with the same slots grouped): what a form shows.
    public static func format(_ hours: OpeningHours) -> String {
        if hours.alwaysOpen { return hours.closedOnPublicHolidays ? "24/7; ph off" : "24/7" }
        var rules: [String] = []
        var index = 0
        while index < 7 {
            let slots = hours.weekly[index]
            var last = index
            while last + 1 < 7 && hours.weekly[last + 1] == slots { last += 1 }
            if !slots.isEmpty {
                let first = abbreviation(Weekday.allCases[index]), end = abbreviation(Weekday.allCases[last])
                let days = last == index ? first : "\(first)-\(end)"
                rules.append("\(days) " + slots.map(\.description).joined(separator: ","))
            }
            index = last + 1
        }
        if hours.closedOnPublicHolidays { rules.append("ph off") }
        return rules.joined(separator: "; ")
    }

    static func abbreviation(_ day: Weekday) -> String { String(day.rawValue.prefix(2)) }
}

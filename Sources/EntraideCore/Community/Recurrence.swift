import Foundation

/// How often an event repeats. Each occurrence is a real event of its own (its own
/// participants and capacity) sharing the first one's series.
public enum RecurrenceFrequency: String, CaseIterable, Sendable, Codable {
    case weekly, biweekly, monthly
}

public enum Recurrence {
    public static let maximumOccurrences = 52
    public static let defaultOccurrences = 8

    /// Start and end of every occurrence, the first being the given one. Dates are computed
    /// on the wall clock of the event's time zone, so a Tuesday 18:00 event stays at 18:00
    /// across daylight-saving changes; a monthly event on the 31st falls on the last day of
    /// shorter months.
    public static func occurrences(start: Date, end: Date, frequency: RecurrenceFrequency, count: Int? = nil,
                                   until: Date? = nil, timeZone: TimeZone) -> [(start: Date, end: Date)] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let limit = min(max(count ?? (until == nil ? defaultOccurrences : maximumOccurrences), 1), maximumOccurrences)
        let duration = end.timeIntervalSince(start)
        var result: [(start: Date, end: Date)] = []
        var index = 0
        while result.count < limit {
            let next: Date?
            switch frequency {
            case .weekly: next = calendar.date(byAdding: .day, value: 7 * index, to: start)
            case .biweekly: next = calendar.date(byAdding: .day, value: 14 * index, to: start)
            case .monthly: next = calendar.date(byAdding: .month, value: index, to: start)
            }
            guard let occurrence = next else { break }
            if let until, occurrence > until { break }
            result.append((occurrence, occurrence.addingTimeInterval(duration)))
            index += 1
        }
        return result
    }
}

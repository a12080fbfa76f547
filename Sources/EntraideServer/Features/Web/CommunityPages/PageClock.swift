import Foundation
import Synchronization
import EntraideCore

/// Dates as a page writes them: in the reader's language, on the clock of a place (an
/// event's own time zone; the platform's, Paris, for everything else).
enum PageClock {
    static let platformZone: TimeZone = (try? CommunityRules.timeZone(nil)) ?? .gmt

    /// "1 déc. 2026, 18:00"
    static func dayAndTime(_ date: Date, _ language: Language, zone: TimeZone = platformZone) -> String {
        formatter(language, zone: zone, date: .medium, time: .short).string(from: date)
    }

    /// "mardi 1 décembre 2026"
    static func day(_ date: Date, _ language: Language, zone: TimeZone) -> String {
        formatter(language, zone: zone, date: .full, time: .none).string(from: date)
    }

    /// "18:00"
    static func time(_ date: Date, _ language: Language, zone: TimeZone) -> String {
        formatter(language, zone: zone, date: .none, time: .short).string(from: date)
    }

    /// The value of a `datetime-local` input: "2026-12-01T18:00" on the zone's clock.
    static func formInput(_ date: Date, zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d", parts.year ?? 0, parts.month ?? 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0)
    }

    /// Machine-readable, for `<time datetime>`.
    static func iso(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    private struct Style: Hashable {
        let language: String, zone: String, date: UInt, time: UInt
    }

    /// Making a formatter costs far more than using one (an ICU formatter is built each time),
    /// and pages and SMS answers ask for the same few styles over and over; Foundation's
    /// formatters may be shared between threads. The cache is bounded by languages × zones ×
    /// the three styles above.
    private static let formatters = Mutex<[Style: DateFormatter]>([:])

    private static func formatter(_ language: Language, zone: TimeZone, date: DateFormatter.Style, time: DateFormatter.Style) -> DateFormatter {
        let style = Style(language: language.rawValue, zone: zone.identifier, date: date.rawValue, time: time.rawValue)
        return formatters.withLock { cache in
            if let formatter = cache[style] { return formatter }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: language.rawValue)
            formatter.timeZone = zone
            formatter.dateStyle = date
            formatter.timeStyle = time
            cache[style] = formatter
            return formatter
        }
    }
}

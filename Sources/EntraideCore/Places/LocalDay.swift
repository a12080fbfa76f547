import Foundation

/// A calendar day on a place's own clock ("2026-12-25"), with day arithmetic done on the
/// Julian day number: no time zone, no daylight-saving hour, can get in the way.
public struct LocalDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
        // 31 February would come back as another day: refuse it.
        guard LocalDay(julianDay: julianDay) == self else { return nil }
    }

    public init(julianDay: Int) {
        let a = julianDay + 32044
        let b = (4 * a + 3) / 146_097
        let c = a - 146_097 * b / 4
        let d = (4 * c + 3) / 1461
        let e = c - 1461 * d / 4
        let m = (5 * e + 2) / 153
        day = e - (153 * m + 2) / 5 + 1
        month = m + 3 - 12 * (m / 10)
        year = 100 * b + d - 4800 + m / 10
    }

    /// "2026-12-25".
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The day `date` falls on in `zone`.
    public init(_ date: Date, in zone: TimeZone) {
        let parts = LocalClock.calendar(zone).dateComponents([.year, .month, .day], from: date)
        self = LocalDay(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? LocalDay(julianDay: 2_440_588)
    }

    public var julianDay: Int {
        let a = (14 - month) / 12
        let y = year + 4800 - a
        let m = month + 12 * a - 3
        return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }

    public var weekday: Weekday { Weekday.all[(julianDay % 7 + 7) % 7] }

    public func adding(days: Int) -> LocalDay { LocalDay(julianDay: julianDay + days) }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (a: LocalDay, b: LocalDay) -> Bool { a.julianDay < b.julianDay }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = LocalDay(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a day: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Monday first, as weeks are written in France.
public enum Weekday: String, CaseIterable, Sendable, Codable {
    case mon, tue, wed, thu, fri, sat, sun

    /// Indexed by Julian day number modulo 7 (0 is a Monday).
    static let all: [Weekday] = [.mon, .tue, .wed, .thu, .fri, .sat, .sun]

    public var index: Int { Weekday.all.firstIndex(of: self)! }
}

/// A wall-clock moment on a place's clock: a day and the minutes since its midnight.
public struct LocalMoment: Hashable, Comparable, Sendable {
    public let day: LocalDay
    public let minute: Int

    public init(day: LocalDay, minute: Int) {
        self.day = day.adding(days: minute >= 0 ? minute / 1440 : -((1439 - minute) / 1440))
        self.minute = ((minute % 1440) + 1440) % 1440
    }

    public init(_ date: Date, in zone: TimeZone) {
        let parts = LocalClock.calendar(zone).dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let day = LocalDay(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? LocalDay(julianDay: 2_440_588)
        self.init(day: day, minute: (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }

    /// Minutes since the Julian epoch: moments compare and subtract as numbers.
    var absolute: Int { day.julianDay * 1440 + minute }
    init(absolute: Int) { self.init(day: LocalDay(julianDay: 0), minute: absolute) }

    /// "09:05".
    public var clock: String { TimeSlot.clock(minute) }

    /// The instant this wall-clock time names in `zone`. In the hour skipped when clocks go
    /// forward, the first instant after the gap; in the hour lived twice, the first one.
    public func date(in zone: TimeZone) -> Date {
        var parts = DateComponents()
        parts.year = day.year
        parts.month = day.month
        parts.day = day.day
        parts.hour = minute / 60
        parts.minute = minute % 60
        return LocalClock.calendar(zone).date(from: parts) ?? Date(timeIntervalSince1970: 0)
    }

    public static func < (a: LocalMoment, b: LocalMoment) -> Bool { a.absolute < b.absolute }
}

enum LocalClock {
    /// One calendar per zone, made once: making a `Calendar` costs more than the whole
    /// "open now" computation it serves, and a search computes it for every row it reads.
    private static let calendars = LockedCache<Calendar>()

    static func calendar(_ zone: TimeZone) -> Calendar {
        calendars.withLock { known in
            if let calendar = known[zone.identifier] { return calendar }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            if known.count < 1000 { known[zone.identifier] = calendar }
            return calendar
        }
    }
}

/// France's public holidays ("jours fériés"): the eight fixed ones and the three that follow
/// Easter. Places marked "closed on public holidays" are closed on them.
public enum FrenchPublicHolidays {
    public static func contains(_ day: LocalDay) -> Bool {
        switch (day.month, day.day) {
        case (1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25): return true
        default: break
        }
        let easter = easterSunday(day.year).julianDay
        return [easter + 1, easter + 39, easter + 50].contains(day.julianDay)
    }

    /// Easter Sunday of the Gregorian calendar (the anonymous algorithm, "Meeus/Jones/Butcher").
    public static func easterSunday(_ year: Int) -> LocalDay {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return LocalDay(year: year, month: month, day: day)!
    }
}

/// A dictionary behind a lock, for the small caches of pure code (no NIO here).
final class LockedCache<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Value] = [:]

    func withLock<T>(_ body: (inout [String: Value]) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&values)
    }
}

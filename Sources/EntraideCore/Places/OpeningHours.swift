import Foundation

/// One opening on a day, in minutes since midnight on the place's clock. A slot whose end
/// is not after its start runs past midnight: 22:00–02:00 ends at 2 a.m. the next day.
public struct TimeSlot: Hashable, Sendable, Codable, CustomStringConvertible {
    public let start: Int
    public let end: Int

    /// `start` in 0..<1440, `end` in 1...1440 and different from `start`.
    public init?(start: Int, end: Int) {
        guard (0..<1440).contains(start), (1...1440).contains(end), start != end else { return nil }
        self.start = start
        self.end = end
    }

    public var crossesMidnight: Bool { end < start }
    /// How long it lasts, in minutes.
    public var length: Int { crossesMidnight ? end + 1440 - start : end - start }

    /// "09:00-12:30".
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = TimeSlot.minutes(String(parts[0])), let end = TimeSlot.minutes(String(parts[1])) else { return nil }
        self.init(start: start, end: end == 0 && start > 0 ? 1440 : end)
    }

    /// "9:05", "09:05", "0905", "9h05", "9h" → minutes since midnight; "24:00" is 1440.
    public static func minutes(_ text: String) -> Int? {
        let cleaned = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "h", with: ":")
        let digits: (String, String)
        if let colon = cleaned.firstIndex(of: ":") {
            let minutes = cleaned[cleaned.index(after: colon)...]
            digits = (String(cleaned[..<colon]), minutes.isEmpty ? "00" : String(minutes))
        } else if cleaned.count == 3 || cleaned.count == 4 {
            digits = (String(cleaned.dropLast(2)), String(cleaned.suffix(2)))
        } else {
            digits = (cleaned, "00")
        }
        guard !digits.0.isEmpty, digits.0.count <= 2, digits.1.count == 2,
              digits.0.allSatisfy(\.isASCII), digits.1.allSatisfy(\.isASCII),
              let hours = Int(digits.0), let minutes = Int(digits.1), (0...59).contains(minutes), (0...24).contains(hours)
        else { return nil }
        let total = hours * 60 + minutes
        return total <= 1440 ? total : nil
    }

    public static func clock(_ minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    public var description: String { "\(TimeSlot.clock(start))-\(TimeSlot.clock(end))" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let slot = TimeSlot(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a time slot: \(text)"))
        }
        self = slot
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A day whose hours differ from the week's: other slots, or none (closed).
public struct HoursException: Hashable, Sendable, Codable {
    public let day: LocalDay
    public let slots: [TimeSlot]
    public let note: String?

    public init(day: LocalDay, slots: [TimeSlot], note: String? = nil) {
        self.day = day
        self.slots = slots
        self.note = note
    }
}

/// A temporary closure, from one day to another (both included), on the place's clock.
public struct TemporaryClosure: Hashable, Sendable, Codable {
    public let from: LocalDay
    public let until: LocalDay?
    public let note: String?

    public init(from: LocalDay, until: LocalDay?, note: String? = nil) {
        self.from = from
        self.until = until
        self.note = note
    }

    public func covers(_ day: LocalDay) -> Bool { day >= from && (until.map { day <= $0 } ?? true) }
}

/// When a place (or one stop of a mobile round) is open: slots for each day of the week,
/// days that differ, public holidays, temporary closures. Everything is read on the place's
/// own clock (its IANA time zone), so "open now" is right on both sides of a daylight-saving
/// change and wherever the reader is.
public struct OpeningHours: Hashable, Sendable, Codable {
    /// Seven lists of slots, Monday first.
    public var weekly: [[TimeSlot]]
    public var alwaysOpen: Bool
    public var closedOnPublicHolidays: Bool
    public var exceptions: [HoursException]
    public var closures: [TemporaryClosure]
    public var note: String?

    public init(weekly: [[TimeSlot]] = Array(repeating: [], count: 7), alwaysOpen: Bool = false, closedOnPublicHolidays: Bool = false,
                exceptions: [HoursException] = [], closures: [TemporaryClosure] = [], note: String? = nil) {
        self.weekly = weekly.count == 7 ? weekly : Array((weekly + Array(repeating: [], count: 7)).prefix(7))
        self.alwaysOpen = alwaysOpen
        self.closedOnPublicHolidays = closedOnPublicHolidays
        self.exceptions = exceptions
        self.closures = closures
        self.note = note
    }

    public static let unknown = OpeningHours()

    /// Nothing is known of the hours: such a place is never "open now" (nor said closed).
    public var isKnown: Bool { alwaysOpen || weekly.contains { !$0.isEmpty } || !exceptions.isEmpty }

    public func slots(on weekday: Weekday) -> [TimeSlot] { weekly[weekday.index] }

    /// The slots that start on `day`, once exceptions, public holidays and closures are applied.
    public func slots(on day: LocalDay, isHoliday: (LocalDay) -> Bool) -> [TimeSlot] {
        if closure(on: day) != nil { return [] }
        if let exception = exceptions.first(where: { $0.day == day }) { return exception.slots }
        if closedOnPublicHolidays && isHoliday(day) { return [] }
        if alwaysOpen { return [TimeSlot(start: 0, end: 1440)!] }
        return weekly[day.weekday.index]
    }

    public func closure(on day: LocalDay) -> TemporaryClosure? { closures.first { $0.covers(day) } }

    // MARK: Status

    public enum Status: Hashable, Sendable {
        /// Open; `until` is nil when it never closes within the next two weeks.
        case open(until: LocalMoment?)
        /// Closed; `opensAt` is nil when it does not open within the next two weeks.
        case closed(opensAt: LocalMoment?, closure: TemporaryClosure?)
        /// No hours are known.
        case unknown

        public var isOpen: Bool { if case .open = self { true } else { false } }
    }

    static let horizonDays = 14

    /// Whether it is open at `date`, read on `zone`'s clock, and until when (or from when).
    public func status(at date: Date, in zone: TimeZone, isHoliday: (LocalDay) -> Bool = { _ in false }) -> Status {
        status(at: LocalMoment(date, in: zone), isHoliday: isHoliday)
    }

    public func status(at now: LocalMoment, isHoliday: (LocalDay) -> Bool = { _ in false }) -> Status {
        guard isKnown else { return .unknown }
        let todayClosure = self.closure(on: now.day)
        // A closed day is closed all day, even for a slot begun the evening before.
        let intervals = openIntervals(around: now.day, isHoliday: isHoliday)
        let t = now.absolute
        if todayClosure == nil, let current = intervals.first(where: { $0.lowerBound <= t && t < $0.upperBound }) {
            let horizon = now.day.adding(days: Self.horizonDays).julianDay * 1440
            return .open(until: current.upperBound >= horizon ? nil : LocalMoment(absolute: current.upperBound))
        }
        let next = intervals.first { $0.lowerBound > t }
        return .closed(opensAt: next.map { LocalMoment(absolute: $0.lowerBound) }, closure: todayClosure)
    }

    public func isOpen(at date: Date, in zone: TimeZone, isHoliday: (LocalDay) -> Bool = { _ in false }) -> Bool {
        isOpen(at: LocalMoment(date, in: zone), isHoliday: isHoliday)
    }

    /// Whether it is open at `now`, without working out until when. An "open now" search
    /// asks it of every row it reads, and `status` looks two weeks ahead for that; only the
    /// rows kept need their full status. Gives the same answer as `status(at:).isOpen`.
    public func isOpen(at now: LocalMoment, isHoliday: (LocalDay) -> Bool = { _ in false }) -> Bool {
        guard isKnown, closure(on: now.day) == nil else { return false }
        let t = now.minute
        for slot in slots(on: now.day, isHoliday: isHoliday) where slot.start <= t && t < slot.start + slot.length {
            return true
        }
        // A slot begun yesterday that runs past midnight.
        for slot in slots(on: now.day.adding(days: -1), isHoliday: isHoliday) where t < slot.start + slot.length - 1440 {
            return true
        }
        return false
    }

    /// The open stretches from the day before `day` to two weeks after it, in absolute
    /// minutes, sorted, with touching and overlapping slots merged (so 24/7 is one stretch).
    func openIntervals(around day: LocalDay, isHoliday: (LocalDay) -> Bool) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for offset in -1...Self.horizonDays {
            let current = day.adding(days: offset)
            let base = current.julianDay * 1440
            for slot in slots(on: current, isHoliday: isHoliday) {
                var end = base + slot.start + slot.length
                // Past midnight into a closed day, the slot stops at midnight.
                if slot.crossesMidnight, closure(on: current.adding(days: 1)) != nil { end = base + 1440 }
                if end > base + slot.start { ranges.append((base + slot.start)..<end) }
            }
        }
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for range in ranges {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    // MARK: JSON

    enum CodingKeys: String, CodingKey {
        case weekly, alwaysOpen, closedOnPublicHolidays, exceptions, closures, note
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let days = try container.decodeIfPresent([String: [TimeSlot]].self, forKey: .weekly) ?? [:]
        for key in days.keys where Weekday(rawValue: key) == nil {
            throw DecodingError.dataCorruptedError(forKey: .weekly, in: container, debugDescription: "unknown day \(key)")
        }
        self.init(weekly: Weekday.allCases.map { days[$0.rawValue] ?? [] },
                  alwaysOpen: try container.decodeIfPresent(Bool.self, forKey: .alwaysOpen) ?? false,
                  closedOnPublicHolidays: try container.decodeIfPresent(Bool.self, forKey: .closedOnPublicHolidays) ?? false,
                  exceptions: try container.decodeIfPresent([HoursException].self, forKey: .exceptions) ?? [],
                  closures: try container.decodeIfPresent([TemporaryClosure].self, forKey: .closures) ?? [],
                  note: try container.decodeIfPresent(String.self, forKey: .note))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var days: [String: [TimeSlot]] = [:]
        for day in Weekday.allCases where !weekly[day.index].isEmpty { days[day.rawValue] = weekly[day.index] }
        try container.encode(days, forKey: .weekly)
        try container.encode(alwaysOpen, forKey: .alwaysOpen)
        try container.encode(closedOnPublicHolidays, forKey: .closedOnPublicHolidays)
        try container.encode(exceptions, forKey: .exceptions)
        try container.encode(closures, forKey: .closures)
        try container.encodeIfPresent(note, forKey: .note)
    }

    /// The stored form: compact JSON with sorted keys, so equal hours are equal text.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    /// Read back from the stored form. Places share a few shapes of hours, and a search reads
    /// them for every row, so each distinct text is decoded once (up to 10,000 of them).
    public static func fromJSON(_ text: String?) -> OpeningHours {
        guard let text else { return .unknown }
        if let known = decoded.withLock({ $0[text] }) { return known }
        guard let data = text.data(using: .utf8) else { return .unknown }
        let hours = (try? JSONDecoder().decode(OpeningHours.self, from: data)) ?? .unknown
        decoded.withLock { cache in
            if cache.count >= 10_000 { cache.removeAll(keepingCapacity: true) }
            cache[text] = hours
        }
        return hours
    }

    private static let decoded = LockedCache<OpeningHours>()
}

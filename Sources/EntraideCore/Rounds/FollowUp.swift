import Foundation

/// Where a person met on rounds stands with the association: met once, engaged (they agreed
/// to be followed), or inactive when no round has met them for 90 days.
public enum FollowUpStatus: String, CaseIterable, Sendable, Codable {
    case new, engaged, inactive
}

public enum FollowUp {
    /// A person nobody met for this long is no longer counted among the people followed.
    public static let inactiveAfter: TimeInterval = 90 * 24 * 3600

    public static func status(lastMetAt: Date, engagedAt: Date?, now: Date = Date()) -> FollowUpStatus {
        if isInactive(lastMetAt: lastMetAt, now: now) { return .inactive }
        return engagedAt == nil ? .new : .engaged
    }

    public static func isInactive(lastMetAt: Date, now: Date = Date()) -> Bool {
        now.timeIntervalSince(lastMetAt) >= inactiveAfter
    }

    /// The last-met date before which a person is inactive at `now`.
    public static func inactiveBefore(_ now: Date = Date()) -> Date {
        now.addingTimeInterval(-inactiveAfter)
    }
}

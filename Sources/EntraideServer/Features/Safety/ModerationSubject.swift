import Foundation

/// What a report, a held text or a moderation decision is about.
enum ModerationSubject: String, Codable, CaseIterable, Sendable {
    case member, action, event, group, post, comment, message, place
}

/// A moderator's zone: the French département of a postal code ("75", "2A", "974"), so the
/// queue can show moderators their own area first.
enum ModerationZone {
    static func of(postalCode: String?) -> String? {
        guard let code = postalCode?.trimmingCharacters(in: .whitespaces), code.count >= 2 else { return nil }
        if code.hasPrefix("97") || code.hasPrefix("98"), code.count >= 3 { return String(code.prefix(3)) }
        if code.hasPrefix("20"), let number = Int(code.prefix(5)) { return number < 20_200 ? "2A" : "2B" }
        return String(code.prefix(2))
    }
}

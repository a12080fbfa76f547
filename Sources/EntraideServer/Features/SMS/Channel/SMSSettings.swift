import Vapor
import Fluent
import EntraideCore

/// A member's own SMS settings: how news reach them by SMS (as they come, a daily digest
/// once they stop opening the app for some days, or not at all), and whether their number
/// said STOP. Kept per number, so a new number starts clean and STOP stays with the phone.
enum SMSSettings {
    static let digestDays = 1...30

    struct View: Content, Equatable {
        let phone: String?
        let mode: String
        let digestAfterDays: Int
        /// The number said STOP: nothing is sent until it texts START.
        let stopped: Bool
    }

    static func view(for user: User, on database: any Database) async throws -> View {
        guard let phone = user.phone else { return View(phone: nil, mode: SMSContact.Mode.off.rawValue, digestAfterDays: 3, stopped: false) }
        let contact = try await SMSContact.query(on: database).filter(\.$phone == phone).first()
        return View(phone: phone, mode: contact?.mode ?? SMSContact.Mode.off.rawValue,
                    digestAfterDays: contact?.digestAfterDays ?? 3, stopped: contact?.isStopped ?? false)
    }

    struct Input: Content {
        var mode: String?
        var digestAfterDays: Int?
    }

    static func update(_ input: Input, for user: User, on database: any Database) async throws -> View {
        guard let phone = user.phone else { throw AppError(.conflict, "sms.no_phone", field: "mode") }
        let mode = try CommunityRules.choice(input.mode, as: SMSContact.Mode.self, field: "mode")
        let days = input.digestAfterDays ?? 3
        guard digestDays.contains(days) else {
            throw RuleViolation("sms.digest_days_invalid", field: "digestAfterDays",
                                arguments: ["min": "\(digestDays.lowerBound)", "max": "\(digestDays.upperBound)"])
        }
        let contact = try await SMSContact.query(on: database).filter(\.$phone == phone).first()
            ?? SMSContact(phone: phone, userID: user.id, language: nil, mode: .off)
        contact.$user.id = try user.requireID()
        contact.mode = mode.rawValue
        contact.digestAfterDays = days
        if contact.consentAt == nil, mode != .off {
            // Choosing SMS news on the app is the member's own consent.
            contact.consentAt = Date()
            contact.consentChannel = "app"
        }
        try await contact.save(on: database)
        return try await view(for: user, on: database)
    }
}

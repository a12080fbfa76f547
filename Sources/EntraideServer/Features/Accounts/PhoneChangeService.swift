import Vapor
import Fluent
import EntraideCore

/// A member keeps their account when their number changes: confirmed by a code sent to the
/// new number, or done by staff for a member who lost the old phone.
enum PhoneChangeService {
    static func requestChange(for user: User, to text: String, defaultCountry: String, secret: String, on database: any Database) async throws -> (phone: String, code: String) {
        let number = try ProfileRules.phone(text, defaultCountry: defaultCountry).e164
        try await ensureAvailable(number, for: user, on: database)
        let code = try await PhoneCodes.issue(phone: number, purpose: .phoneChange, userID: user.id, secret: secret, on: database)
        return (number, code)
    }

    static func confirm(for user: User, phone text: String, code: String, defaultCountry: String, secret: String, on database: any Database) async throws {
        let number = try ProfileRules.phone(text, defaultCountry: defaultCountry).e164
        _ = try await PhoneCodes.verify(phone: number, purpose: .phoneChange, code: code, owner: try user.requireID(), secret: secret, on: database)
        try await apply(number, to: user, changedBy: nil, label: nil, reason: nil, on: database)
    }

    /// Staff re-attach a member to a new number; who did it and why is kept.
    static func changeByStaff(user: User, phone text: String, reason: String, staff: User?, staffLabel: String, defaultCountry: String, on database: any Database) async throws {
        let number = try ProfileRules.phone(text, defaultCountry: defaultCountry).e164
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !why.isEmpty else { throw RuleViolation("validation.required", field: "reason") }
        guard why.count <= 500 else { throw RuleViolation("validation.too_long", field: "reason", arguments: ["max": "500"]) }
        guard user.isActive else { throw AppError.notFound("user.not_found") }
        try await apply(number, to: user, changedBy: staff?.id, label: staffLabel, reason: why, on: database)
    }

    /// A move proven by SMS (the old number's code sent from the new one) or confirmed by
    /// the member's association referent.
    static func move(_ user: User, to number: String, confirmedBy referent: User?, label: String, on database: any Database) async throws {
        try await apply(number, to: user, changedBy: referent?.id, label: label, reason: nil, on: database)
    }

    static func ensureAvailable(_ number: String, for user: User, on database: any Database) async throws {
        if let holder = try await User.query(on: database).filter(\.$phone == number).first(), holder.id != user.id {
            throw AppError(.conflict, "account.phone_taken", field: "phone")
        }
    }

    private static func apply(_ number: String, to user: User, changedBy: UUID?, label: String?, reason: String?, on database: any Database) async throws {
        try await ensureAvailable(number, for: user, on: database)
        let old = user.phone
        try await database.atomically { database in
            user.phone = number
            user.phoneVerifiedAt = Date()
            try await user.update(on: database)
            try await PhoneChange(userID: try user.requireID(), oldPhone: old, newPhone: number,
                                  changedByID: changedBy, changedByLabel: label, reason: reason).create(on: database)
        }
    }
}

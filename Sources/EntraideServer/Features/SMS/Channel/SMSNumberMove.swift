import Vapor
import Fluent
import EntraideCore

/// A member who changed phones keeps their account: from the new number, `NOUVEAU <old
/// number>` sends a code to the old number; the code sent back from the new number moves
/// the account. A member who lost the old phone asks their association referent, who sees
/// the request on the web and confirms it.
///
/// The answer is the same whether or not the old number has an account, so nobody learns
/// who is on Entraide by trying numbers.
struct SMSNumberMove {
    let context: SMSConversationContext
    var channel: SMSChannel { context.channel }

    func start(oldNumber text: String) async throws {
        if context.user != nil { return try await context.say("sms.move.number_has_account") }
        guard let old = PhoneNumber(SMSDigits.ascii(text), defaultCountry: channel.config.defaultCountry)?.e164, old != context.phone else {
            return try await context.say("sms.move.number_invalid")
        }
        do {
            try await RateLimiter.hit(.smsPerPhone, key: old, factor: channel.config.rateLimitFactor, on: channel.database)
        } catch {
            return try await context.say("sms.move.started")
        }
        let contact = try await context.ensureContact()
        if let member = try await User.query(on: channel.database).filter(\.$phone == old).first(), member.isActive {
            let code = try await PhoneCodes.issue(phone: old, purpose: .numberMove, userID: member.requireID(),
                                                  secret: channel.config.secret, on: channel.database, now: context.now)
            let language = channel.language(of: nil, user: member)
            // Queued, not sent here: a provider is never called while this exchange holds the store.
            try await channel.outbox.enqueue(to: old, body: channel.text("sms.move.code", language, [
                "code": code, "number": PhoneMask.mask(context.phone), "minutes": "\(OneTimeCodePolicy.lifetimeSeconds / 60)",
            ]), purpose: .numberMoveCode, userID: member.id)
            contact.$movingUser.id = member.id
            contact.movingFrom = old
            contact.movingAt = context.now
            contact.awaiting = SMSContact.Awaiting.numberCode.rawValue
            try await contact.save(on: channel.database)
        }
        try await context.say("sms.move.started")
    }

    func confirm(code text: String) async throws {
        guard let contact = context.contact, let userID = contact.$movingUser.id, let old = contact.movingFrom,
              let member = try await User.find(userID, on: channel.database), member.isActive
        else { return try await context.say("sms.welcome.join") }
        let code = SMSDigits.ascii(text).filter(\.isNumber)
        guard code.count == OneTimeCodePolicy.digits else { return try await context.say("sms.move.code_expected") }
        do {
            _ = try await PhoneCodes.verify(phone: old, purpose: .numberMove, code: code, owner: userID,
                                            secret: channel.config.secret, on: channel.database, now: context.now)
        } catch {
            return try await context.say("sms.move.code_invalid")
        }
        try await Self.complete(member, to: contact, referent: nil, on: channel.database)
        context.user = member
        try await context.say("sms.move.done", ["name": member.firstName])
    }

    /// Moves the account and what the old number's SMS settings were.
    static func complete(_ member: User, to contact: SMSContact, referent: User?, on database: any Database) async throws {
        let old = member.phone
        try await PhoneChangeService.move(member, to: contact.phone, confirmedBy: referent,
                                          label: referent == nil ? "sms" : "referent", on: database)
        let previous: SMSContact? = if let old { try await SMSContact.query(on: database).filter(\.$phone == old).first() } else { nil }
        try await database.atomically { db in
            if let previous {
                contact.mode = previous.mode
                contact.language = previous.language ?? contact.language
                contact.digestAfterDays = previous.digestAfterDays
                contact.consentAt = previous.consentAt
                contact.consentChannel = previous.consentChannel
                contact.$referent.id = previous.$referent.id
                previous.$user.id = nil
                previous.mode = SMSContact.Mode.off.rawValue
                try await previous.save(on: db)
            } else {
                contact.mode = SMSContact.Mode.instant.rawValue
            }
            contact.$user.id = try member.requireID()
            contact.$movingUser.id = nil
            contact.movingFrom = nil
            contact.movingAt = nil
            contact.awaiting = nil
            try await contact.save(on: db)
        }
    }
}

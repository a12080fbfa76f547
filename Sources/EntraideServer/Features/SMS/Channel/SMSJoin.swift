import Vapor
import Fluent
import EntraideCore

/// Joining by SMS: `BONJOUR <first name> [postal code]` from a number with no account makes
/// one, with the text itself as the person's consent (recorded with its date). Entraide
/// then asks for a postal code if it has none: it is the zone help requests and events are
/// found in, and the only place an SMS member is ever located (a département's centre).
struct SMSJoin {
    let context: SMSConversationContext
    var channel: SMSChannel { context.channel }

    func join(firstName: String, postalCode: String?) async throws {
        let contact = try await context.ensureContact(mode: .instant)
        let name: String
        do {
            name = try ProfileRules.name(String(firstName.prefix(60)), field: "firstName")
        } catch {
            contact.awaiting = SMSContact.Awaiting.firstName.rawValue
            try await contact.save(on: channel.database)
            return try await context.say(firstName.trimmingCharacters(in: .whitespaces).isEmpty ? "sms.join.ask_name" : "sms.join.name_invalid")
        }
        if try await User.query(on: channel.database).filter(\.$phone == context.phone).first() != nil {
            // The number was taken between the two texts (a registration on the web).
            return try await context.say("sms.hello.already", ["name": name])
        }
        let language = context.language
        let user = User(firstName: name, lastName: "", goal: .askForHelp, language: language)
        user.phone = context.phone
        user.phoneVerifiedAt = context.now
        let zone = postalCode.flatMap { PostalZone.centre(of: $0) != nil ? $0 : nil }
        user.postalCode = zone
        try await channel.database.atomically { db in
            try await user.create(on: db)
            contact.$user.id = try user.requireID()
            contact.language = language.rawValue
            contact.mode = SMSContact.Mode.instant.rawValue
            contact.consentAt = context.now
            contact.consentChannel = "sms"
            contact.awaiting = zone == nil ? SMSContact.Awaiting.postalCode.rawValue : nil
            try await contact.save(on: db)
        }
        context.user = user
        try await context.say(zone == nil ? "sms.join.ask_postal_code" : "sms.join.welcome", ["name": name])
    }

    func setPostalCode(_ text: String) async throws {
        guard let user = context.user, let contact = context.contact else { return try await context.say("sms.welcome.join") }
        let digits = SMSDigits.ascii(text).filter(\.isNumber)
        guard digits.count == 5, PostalZone.centre(of: digits) != nil else {
            return try await context.say("sms.join.postal_code_invalid")
        }
        user.postalCode = digits
        try await user.save(on: channel.database)
        contact.awaiting = nil
        try await contact.save(on: channel.database)
        if try await SMSNeed(context: context).publishWaiting(for: user) { return }
        try await context.say("sms.join.welcome", ["name": user.firstName])
    }
}

/// Digits as people type them on Arabic and Persian keyboards, read as ASCII digits.
enum SMSDigits {
    static func ascii(_ text: String) -> String {
        String(text.map { character -> Character in
            guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return character }
            switch scalar.value {
            case 0x0660...0x0669: return Character(String(scalar.value - 0x0660))
            case 0x06F0...0x06F9: return Character(String(scalar.value - 0x06F0))
            default: return character
            }
        })
    }
}

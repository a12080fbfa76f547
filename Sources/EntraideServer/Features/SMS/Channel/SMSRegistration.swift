import Vapor
import Fluent
import EntraideCore

/// An association member registers someone who has a phone but no data or app: with the
/// person's consent, recorded with the date and who asked. The person gets a welcome SMS
/// that says how to leave (STOP), and the association member becomes their referent, who
/// can confirm a change of number when the person lost their phone.
enum SMSRegistration {
    struct Input: Content {
        var firstName: String?
        var phone: String?
        var postalCode: String?
        var language: String?
        var consent: String?
    }

    /// Association members (goal "organisation") and animators or admins.
    static func mayRegister(_ user: User, on database: any Database) async throws -> Bool {
        if user.goalValue == .organisation { return true }
        return try await RoleService.has(user, anyOf: [.animator, .admin], on: database)
    }

    static func register(_ input: Input, by referent: User, channel: SMSChannel) async throws -> User {
        guard try await mayRegister(referent, on: channel.database) else { throw AppError(.forbidden, "sms.register_forbidden") }
        let name = try ProfileRules.name(input.firstName ?? "", field: "firstName")
        let phone = try ProfileRules.phone(input.phone ?? "", defaultCountry: channel.config.defaultCountry).e164
        let postalCode = SMSDigits.ascii(input.postalCode ?? "").trimmingCharacters(in: .whitespaces)
        guard PostalZone.centre(of: postalCode) != nil else { throw RuleViolation("validation.postal_code_invalid", field: "postalCode") }
        let language = try CommunityRules.choice(input.language, as: Language.self, field: "language")
        guard input.consent == "yes" else { throw RuleViolation("sms.consent_required", field: "consent") }
        if try await User.query(on: channel.database).filter(\.$phone == phone).first() != nil {
            throw AppError(.conflict, "account.phone_taken", field: "phone")
        }
        let existing = try await SMSContact.query(on: channel.database).filter(\.$phone == phone).first()
        // The person told us to stop: only they can start again, by texting START.
        if existing?.isStopped == true { throw AppError(.conflict, "sms.number_stopped", field: "phone") }
        let user = User(firstName: name, lastName: "", goal: .askForHelp, language: language)
        user.phone = phone
        user.postalCode = postalCode
        let contact = existing ?? SMSContact(phone: phone, userID: nil, language: language.rawValue, mode: .instant)
        try await channel.database.atomically { db in
            try await user.create(on: db)
            contact.$user.id = try user.requireID()
            contact.language = language.rawValue
            contact.mode = SMSContact.Mode.instant.rawValue
            contact.consentAt = Date()
            contact.consentChannel = "web"
            contact.$referent.id = try referent.requireID()
            contact.awaiting = nil
            try await contact.save(on: db)
        }
        try await channel.answer(phone, channel.text("sms.welcome.registered", language, ["name": name, "referent": referent.firstName]),
                                 userID: user.id, purpose: .welcome)
        return user
    }

    /// The people a referent registered, newest first, and the number changes waiting for them.
    struct Registered: Content {
        let contactID: UUID
        let firstName: String
        let phone: String
        let registeredAt: Date?
        let stopped: Bool
        /// A `NOUVEAU` from this masked number waits for the referent.
        let movingTo: String?
        let moveID: UUID?
    }

    static func registered(by referent: User, on database: any Database) async throws -> [Registered] {
        let contacts = try await SMSContact.query(on: database).filter(\.$referent.$id == referent.requireID())
            .sort(\.$createdAt, .descending).limit(200).all()
        let userIDs = contacts.compactMap { $0.$user.id }
        let users = Dictionary(uniqueKeysWithValues: try await User.query(on: database).filter(\.$id ~~ userIDs).all().map { ($0.id!, $0) })
        let moves = try await SMSContact.query(on: database).filter(\.$movingUser.$id ~~ userIDs)
            .filter(\.$movingAt >= Date().addingTimeInterval(-7 * 24 * 3600)).all()
        return contacts.compactMap { contact in
            guard let userID = contact.$user.id, let user = users[userID] else { return nil }
            let move = moves.first { $0.$movingUser.id == userID }
            return Registered(contactID: contact.id!, firstName: user.firstName, phone: PhoneMask.mask(contact.phone),
                              registeredAt: contact.consentAt, stopped: contact.isStopped,
                              movingTo: move.map { PhoneMask.mask($0.phone) }, moveID: move?.id)
        }
    }

    /// The referent confirms that the person asking from a new number is the one they registered.
    static func confirmMove(_ moveID: UUID?, by referent: User, channel: SMSChannel) async throws {
        guard let moveID, let move = try await SMSContact.find(moveID, on: channel.database),
              let userID = move.$movingUser.id,
              let previous = try await SMSContact.query(on: channel.database).filter(\.$user.$id == userID).first(),
              previous.$referent.id == referent.id,
              let member = try await User.find(userID, on: channel.database), member.isActive
        else { throw AppError.notFound("sms.move_not_found") }
        try await SMSNumberMove.complete(member, to: move, referent: referent, on: channel.database)
        let language = channel.language(of: move, user: member)
        try await channel.answer(move.phone, channel.text("sms.move.done", language, ["name": member.firstName]), userID: member.id)
    }
}

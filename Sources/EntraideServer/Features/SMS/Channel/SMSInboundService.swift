import Vapor
import Fluent
import SQLKit
import EntraideCore

/// Reads one received text: records it, finds who sent it, and answers. Every text gets an
/// answer (the short menu when it was not understood), except a second delivery of the same
/// webhook, which is ignored, and texts from a number that said STOP, which only START wakes.
struct SMSInboundService {
    let channel: SMSChannel

    enum Outcome: Equatable { case handled(command: String), duplicate, rejected }

    @discardableResult
    func handle(_ inbound: InboundSMS, driver: String, now: Date = Date()) async throws -> Outcome {
        guard let phone = PhoneNumber(inbound.from, defaultCountry: channel.config.defaultCountry)?.e164 else {
            // Short codes and alphanumeric senders cannot be answered; they are not people.
            channel.logger.info("sms from an unanswerable sender ignored")
            return .rejected
        }
        let body = String(inbound.body.prefix(1600))
        let parsed = SMSCommandParser.parse(body)
        let record = SMSInbound()
        record.fromPhone = phone
        record.body = body
        record.driver = driver
        record.providerMessageID = inbound.providerMessageID
        record.command = Self.name(of: parsed.command)
        do {
            try await record.create(on: channel.database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return .duplicate
        }
        let contact = try await SMSContact.query(on: channel.database).filter(\.$phone == phone).first()
        let user = try await member(for: phone, contact: contact)
        if let user, record.$user.id == nil {
            record.$user.id = user.id
            try await record.update(on: channel.database)
        }
        let context = SMSConversationContext(channel: channel, phone: phone, contact: contact, user: user,
                                             keywordLanguage: parsed.language, now: now)
        try await SMSCommandHandler(context: context).run(parsed.command, body: body)
        return .handled(command: record.command)
    }

    /// The member this number belongs to; an anonymised or banned member is nobody.
    private func member(for phone: String, contact: SMSContact?) async throws -> User? {
        let user: User?
        if let id = contact?.$user.id {
            user = try await User.find(id, on: channel.database)
        } else {
            user = try await User.query(on: channel.database).filter(\.$phone == phone).first()
        }
        guard let user, user.isActive, user.bannedAt == nil else { return nil }
        return user
    }

    static func name(of command: SMSCommand) -> String {
        switch command {
        case .menu: "menu"
        case .need: "need"
        case .events: "events"
        case .joinEvent: "join_event"
        case .reply: "reply"
        case .language: "language"
        case .stop: "stop"
        case .start: "start"
        case .hello: "hello"
        case .newNumber: "new_number"
        case .digest: "digest"
        case .unknown: "unknown"
        }
    }
}

/// One exchange with a number: who it is, in which language to answer.
final class SMSConversationContext: @unchecked Sendable {
    let channel: SMSChannel
    let phone: String
    var contact: SMSContact?
    var user: User?
    let keywordLanguage: Language?
    let now: Date

    init(channel: SMSChannel, phone: String, contact: SMSContact?, user: User?, keywordLanguage: Language?, now: Date) {
        self.channel = channel
        self.phone = phone
        self.contact = contact
        self.user = user
        self.keywordLanguage = keywordLanguage
        self.now = now
    }

    var language: Language { channel.language(of: contact, user: user, keyword: keywordLanguage) }

    func say(_ key: String, _ arguments: [String: String] = [:], purpose: SMSPurpose = .reply) async throws {
        try await channel.answer(phone, channel.text(key, language, arguments), userID: user?.id, purpose: purpose)
    }

    func sayRaw(_ body: String, purpose: SMSPurpose = .reply) async throws {
        try await channel.answer(phone, body, userID: user?.id, purpose: purpose)
    }

    /// The number's contact row, made when first needed.
    func ensureContact(mode: SMSContact.Mode = .off) async throws -> SMSContact {
        if let contact { return contact }
        let created = SMSContact(phone: phone, userID: user?.id, language: nil, mode: mode)
        try await created.create(on: channel.database)
        contact = created
        return created
    }
}

import Vapor
import Fluent
import SQLKit
import FluentSQL
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
        let command = Self.name(of: parsed.command)
        let channel = self.channel
        // Everything about the exchange is read and written in its transaction, so two texts
        // from one number (or a text and a change on the web) see each other whole.
        let exchange: SMSGroupCommit.Exchange = { db in
            let (contact, user) = try await Self.sender(phone, on: db)
            let kept = try await db.sql.raw("""
                INSERT INTO sms_inbound (id, from_phone, body, driver, provider_message_id, command, user_id, created_at)
                VALUES (\(bind: UUID()), \(bind: phone), \(bind: body), \(bind: driver), \(bind: inbound.providerMessageID),
                        \(bind: command), \(bind: user?.id), \(bind: Date()))
                ON CONFLICT (driver, provider_message_id) DO NOTHING
                RETURNING id
                """).all()
            // The provider delivered this text before: it was answered then.
            guard !kept.isEmpty else { return .duplicate }
            let context = SMSConversationContext(channel: channel.on(db), phone: phone, contact: contact, user: user,
                                                 keywordLanguage: parsed.language, now: now)
            try await SMSCommandHandler(context: context).run(parsed.command, body: body)
            return .handled(command: command)
        }
        if let groupCommit = channel.groupCommit { return try await groupCommit.run(on: channel.database, exchange) }
        return try await channel.database.transaction { db in try await exchange(db) }
    }

    /// The number's contact row and its member; an anonymised or banned member is nobody.
    /// Plain SQL: Fluent's select names and aliases every column, which cost more than the
    /// read itself on this path, taken by every received text.
    private static func sender(_ phone: String, on db: any Database) async throws -> (SMSContact?, User?) {
        let contact = try await db.sql.raw("SELECT * FROM sms_contacts WHERE phone = \(bind: phone)")
            .first()?.decode(fluentModel: SMSContact.self)
        let user = try await (contact?.$user.id.map { id in db.sql.raw("SELECT * FROM users WHERE id = \(bind: id)") }
            ?? db.sql.raw("SELECT * FROM users WHERE phone = \(bind: phone) LIMIT 1"))
            .first()?.decode(fluentModel: User.self)
        guard let user, user.isActive, user.bannedAt == nil else { return (contact, nil) }
        return (contact, user)
    }

    static func name(of command: SMSCommand) -> String {
        switch command {
        case .menu: "menu"
        case .need: "need"
        case .events: "events"
        case .services: "services"
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

    /// The number set a language, or its member has one, or its keyword gave one away;
    /// otherwise `language` is only the platform's default.
    var languageIsKnown: Bool { contact?.language != nil || user?.language != nil || keywordLanguage != nil }

    func say(_ key: String, _ arguments: [String: String] = [:], purpose: SMSPurpose = .reply) async throws {
        try await sayRaw(channel.text(key, language, arguments), purpose: purpose)
    }

    /// The number's STOP is already known here: the outbox need not read it again.
    func sayRaw(_ body: String, purpose: SMSPurpose = .reply, segments: Int = SMSChannel.replySegments) async throws {
        try await channel.answer(phone, body, userID: user?.id, purpose: purpose, stopped: contact?.isStopped ?? false, segments: segments)
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

import Vapor
import Fluent
import EntraideCore

/// Answers one parsed text. A number with no account can only join (BONJOUR), move an
/// account to itself (NOUVEAU), say STOP/START or choose its language; a member can use
/// every command.
struct SMSCommandHandler {
    let context: SMSConversationContext
    var channel: SMSChannel { context.channel }

    func run(_ command: SMSCommand, body: String) async throws {
        // A stopped number hears nothing until it says START (or changes its language).
        if context.contact?.isStopped == true {
            switch command {
            case .start: return try await start()
            case .stop: return
            default: return
            }
        }
        // A question asked earlier (a first name, a postal code, a code) is answered by a
        // text with no keyword.
        if case .unknown = command, let awaiting = context.contact?.awaiting.flatMap(SMSContact.Awaiting.init(rawValue:)) {
            return try await answerAwaited(awaiting, body: body)
        }
        switch command {
        case .stop: return try await stop()
        case .start: return try await start()
        case .language(let code): return try await setLanguage(code)
        case .hello(let firstName, let postalCode):
            if context.user != nil { return try await context.say("sms.hello.already", ["name": context.user!.firstName]) }
            return try await SMSJoin(context: context).join(firstName: firstName, postalCode: postalCode)
        case .newNumber(let old): return try await SMSNumberMove(context: context).start(oldNumber: old)
        // The directory is public: a number with no account may ask, with a postal code.
        case .services(let text): return try await SMSServices(context: context).find(text, for: context.user)
        default: break
        }
        guard let user = context.user else {
            return try await context.say("sms.welcome.join")
        }
        switch command {
        case .menu, .unknown: try await menu()
        case .need(let text): try await SMSNeed(context: context).ask(text, by: user)
        case .events: try await SMSEvents(context: context).list(for: user)
        case .joinEvent(let position): try await SMSEvents(context: context).join(position, by: user)
        case .reply(let code, let text): try await SMSReplies(context: context).reply(code: code, text: text, by: user)
        case .digest(let on): try await setDigest(on)
        case .stop, .start, .language, .hello, .newNumber, .services: break
        }
    }

    func menu() async throws {
        try await context.say("sms.menu")
    }

    private func stop() async throws {
        let contact = try await context.ensureContact()
        contact.stoppedAt = context.now
        contact.noticesDueAt = nil
        contact.awaiting = nil
        try await contact.save(on: channel.database)
        try await context.say("sms.stop.done", purpose: .stopConfirmation)
    }

    private func start() async throws {
        let contact = try await context.ensureContact()
        contact.stoppedAt = nil
        try await contact.save(on: channel.database)
        try await context.say(context.user == nil ? "sms.welcome.join" : "sms.start.done")
    }

    private func setLanguage(_ code: String?) async throws {
        guard let code, let language = LanguageNegotiation.parse(code), channel.catalogue.languages.contains(language) else {
            let codes = Language.allCases.map(\.rawValue).joined(separator: " ")
            return try await context.say("sms.language.choose", ["codes": codes])
        }
        let contact = try await context.ensureContact()
        contact.language = language.rawValue
        try await contact.save(on: channel.database)
        if let user = context.user {
            user.language = language.rawValue
            try await user.save(on: channel.database)
        }
        try await context.say("sms.language.done", ["language": language.endonym])
    }

    private func setDigest(_ on: Bool) async throws {
        let contact = try await context.ensureContact()
        // A member who lives by SMS already gets their news as they come.
        if contact.modeValue != .instant {
            contact.mode = (on ? SMSContact.Mode.digest : .off).rawValue
            try await contact.save(on: channel.database)
        }
        try await context.say(on ? "sms.digest.on" : "sms.digest.off", ["days": "\(contact.digestAfterDays)"])
    }

    private func answerAwaited(_ awaiting: SMSContact.Awaiting, body: String) async throws {
        switch awaiting {
        case .firstName:
            try await SMSJoin(context: context).join(firstName: body, postalCode: nil)
        case .postalCode:
            try await SMSJoin(context: context).setPostalCode(body)
        case .numberCode:
            try await SMSNumberMove(context: context).confirm(code: body)
        }
    }
}

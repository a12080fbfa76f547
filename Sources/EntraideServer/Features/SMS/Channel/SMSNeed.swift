import Vapor
import Fluent
import EntraideCore

/// `BESOIN <text>`: a help request published at the member's zone, the centre of their
/// postal code's département, never nearer; the app's checks (screening, rate limits,
/// sanctions) apply as they do to the app.
struct SMSNeed {
    let context: SMSConversationContext
    var channel: SMSChannel { context.channel }

    static let titleLength = 60

    func ask(_ text: String, by user: User) async throws {
        let need = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !need.isEmpty else { return try await context.say("sms.need.how") }
        guard let postalCode = user.postalCode, let zone = PostalZone.centre(of: postalCode) else {
            let contact = try await context.ensureContact(mode: .instant)
            contact.awaiting = SMSContact.Awaiting.postalCode.rawValue
            try await contact.save(on: channel.database)
            return try await context.say("sms.need.ask_postal_code")
        }
        if user.isSanctioned(at: context.now) { return try await context.say("sms.account.sanctioned") }
        do {
            try await RateLimiter.hit(.publishPerMember, key: user.requireID().uuidString, factor: channel.config.rateLimitFactor, on: channel.database)
            let input = ActionInput(kind: ActionKind.request.rawValue, category: ActionCategory.other.rawValue,
                                    title: Self.title(of: need), description: need.count > Self.titleLength ? need : nil,
                                    location: PointInput(lat: zone.lat, lon: zone.lon), city: user.city, postalCode: postalCode)
            let action = try await ActionService.create(input, by: user, on: channel.database)
            let key = action.moderation == ModerationState.visible.rawValue ? "sms.need.published" : "sms.need.held"
            try await context.say(key, ["zone": PostalZone.department(of: postalCode) ?? postalCode])
        } catch let error where channel.explain(error, context.language) != nil {
            try await context.sayRaw(channel.explain(error, context.language)!)
        }
    }

    /// The first words of the need, cut between words.
    static func title(of need: String) -> String {
        let line = need.split(whereSeparator: \.isNewline).first.map(String.init) ?? need
        guard line.count > titleLength else { return line.count >= 3 ? line : need }
        let cut = line.prefix(titleLength)
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > titleLength / 2 {
            return String(cut[..<space]) + "…"
        }
        return String(cut) + "…"
    }

    /// A need sent before the member had a postal code is published once they give one.
    func publishWaiting(for user: User) async throws -> Bool {
        let since = context.now.addingTimeInterval(-24 * 3600)
        guard let waiting = try await SMSInbound.query(on: channel.database)
            .filter(\.$fromPhone == context.phone).filter(\.$command == "need").filter(\.$createdAt >= since)
            .sort(\.$createdAt, .descending).first(),
            case .need(let text) = SMSCommandParser.parse(waiting.body).command, !text.isEmpty
        else { return false }
        let published = try await HelpAction.query(on: channel.database).filter(\.$author.$id == user.requireID())
            .filter(\.$createdAt >= waiting.createdAt ?? since).count()
        guard published == 0 else { return false }
        try await ask(text, by: user)
        return true
    }
}

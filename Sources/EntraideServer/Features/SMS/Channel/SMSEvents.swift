import Vapor
import Fluent
import SQLKit
import EntraideCore

/// `SORTIES`: the next three events near the member's zone, numbered; `SORTIE 2` registers
/// to the second. Events happen in public places, so their place is named.
struct SMSEvents {
    let context: SMSConversationContext
    var channel: SMSChannel { context.channel }

    static let listed = 3

    func list(for user: User) async throws {
        guard let postalCode = user.postalCode, let zone = PostalZone.centre(of: postalCode) else {
            let contact = try await context.ensureContact(mode: .instant)
            contact.awaiting = SMSContact.Awaiting.postalCode.rawValue
            try await contact.save(on: channel.database)
            return try await context.say("sms.events.ask_postal_code")
        }
        let radius = FirstWeekRules.zoneRadiusKm(travelDistanceKm: user.travelDistanceKm)
        let events = try await OutingService.upcoming(near: zone, radiusKm: radius, limit: Self.listed, viewer: user,
                                                      on: channel.database, now: context.now)
        let userID = try user.requireID()
        try await channel.database.sql.raw("DELETE FROM sms_event_choices WHERE user_id = \(bind: userID)").run()
        guard !events.isEmpty else { return try await context.say("sms.events.none") }
        var lines: [String] = []
        var choices: [SQLQueryString] = []
        for (index, event) in events.enumerated() {
            choices.append("(\(bind: UUID()), \(bind: userID), \(bind: index + 1), \(bind: try event.requireID()), \(bind: Date()))")
            let when = PageClock.dayAndTime(event.startsAt, context.language, zone: event.zone)
            let place = event.placeName ?? event.city ?? ""
            lines.append(channel.text("sms.events.line", context.language,
                                      ["number": "\(index + 1)", "title": event.title, "when": when, "place": place]))
        }
        // One statement for the three choices: this list is asked for often.
        try await channel.database.sql.raw("""
            INSERT INTO sms_event_choices (id, user_id, position, event_id, created_at) VALUES \(choices.joined(separator: ", "))
            """).run()
        let body = lines.joined(separator: "\n") + "\n" + channel.text("sms.events.how_to_join", context.language, ["example": "1"])
        try await context.sayRaw(body)
    }

    func join(_ position: Int, by user: User) async throws {
        guard let choice = try await SMSEventChoice.query(on: channel.database)
            .filter(\.$user.$id == user.requireID()).filter(\.$position == position).first()
        else { return try await list(for: user) }
        do {
            let event = try await OutingService.visible(choice.$event.id, to: user, on: channel.database)
            if user.isSanctioned(at: context.now) { return try await context.say("sms.account.sanctioned") }
            try await OutingService.participate(event, user: user, on: channel.database)
            let when = PageClock.dayAndTime(event.startsAt, context.language, zone: event.zone)
            try await context.say("sms.events.joined", ["title": event.title, "when": when, "place": event.placeName ?? event.city ?? ""])
        } catch let error where channel.explain(error, context.language) != nil {
            try await context.sayRaw(channel.explain(error, context.language)!)
        }
    }
}

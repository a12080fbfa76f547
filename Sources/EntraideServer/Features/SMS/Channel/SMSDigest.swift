import Vapor
import Fluent
import EntraideCore

/// The daily digest for members who use the app but asked for an SMS when they have not
/// opened it for some days (`digest` mode): unread conversations with their reply codes,
/// and their events of the next two days. Sent once a day after `hour` (the platform's
/// clock), and only when there is something to say.
enum SMSDigest {
    static let hour = 18

    @discardableResult
    static func sendDue(_ channel: SMSChannel, now: Date = Date(), limit: Int = 200) async throws -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = PageClock.platformZone
        guard let today = calendar.date(bySettingHour: hour, minute: 0, second: 0, of: now), now >= today else { return 0 }
        let due = try await SMSContact.query(on: channel.database)
            .filter(\.$mode == SMSContact.Mode.digest.rawValue).filter(\.$stoppedAt == nil).filter(\.$user.$id != nil)
            .group(.or) { $0.filter(\.$lastDigestAt == nil).filter(\.$lastDigestAt < today) }
            .limit(limit).all()
        var written = 0
        for contact in due {
            contact.lastDigestAt = now
            try await contact.save(on: channel.database)
            guard let userID = contact.$user.id, let user = try await User.find(userID, on: channel.database), user.isActive else { continue }
            // Someone who opened the app lately reads their news there.
            let lastSeen = try await MemberSession.query(on: channel.database).filter(\.$user.$id == userID)
                .sort(\.$lastUsedAt, .descending).first()?.lastUsedAt
            if let lastSeen, lastSeen > now.addingTimeInterval(-Double(contact.digestAfterDays) * 24 * 3600) { continue }
            let language = channel.language(of: contact, user: user)
            let conversations = try await SMSNotices.conversationNews(for: user, channel, language: language, limit: SMSNotices.conversationsPerText)
            let events = try await upcomingEvents(of: user, channel, language: language, now: now)
            guard !conversations.isEmpty || !events.isEmpty else { continue }
            let body = ([channel.text("sms.digest.title", language)] + conversations.map(\.line) + events).joined(separator: "\n")
            try await channel.outbox.enqueue(to: contact.phone, body: SMSSegments.fit(body, maxSegments: SMSChannel.replySegments),
                                             purpose: .digest, userID: userID, now: now)
            for news in conversations {
                news.code.notifiedUntil = news.until
                try await news.code.save(on: channel.database)
            }
            written += 1
        }
        return written
    }

    private static func upcomingEvents(of user: User, _ channel: SMSChannel, language: Language, now: Date) async throws -> [String] {
        let mine = try await Membership.query(on: channel.database).filter(\.$subjectType == Membership.Subject.event.rawValue)
            .filter(\.$user.$id == user.requireID()).all(\.$subjectID)
        guard !mine.isEmpty else { return [] }
        let events = try await Outing.query(on: channel.database).filter(\.$id ~~ mine)
            .filter(\.$status == OutingStatus.scheduled.rawValue)
            .filter(\.$startsAt > now).filter(\.$startsAt <= now.addingTimeInterval(2 * 24 * 3600))
            .sort(\.$startsAt).limit(3).all()
        return events.map { event in
            channel.text("sms.digest.event", language, ["title": event.title, "when": PageClock.dayAndTime(event.startsAt, language, zone: event.zone)])
        }
    }
}

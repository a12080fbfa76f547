import Vapor
import Fluent
import SQLKit
import EntraideCore

/// News for members who live by SMS (`instant` mode): new messages, with each
/// conversation's reply code, and event reminders and cancellations.
///
/// News are not sent one by one: the first one due opens a short window (`batchDelay`),
/// and everything that arrived meanwhile, from every conversation, goes in one text. A
/// member gets at most the daily cap of such texts; news over it wait for the next free
/// slot, they are never dropped.
enum SMSNotices {
    static let batchDelay: TimeInterval = 120
    static let conversationsPerText = 3
    static let excerptLength = 70

    /// Called when notifications are written: opens a batch window for those who use SMS.
    static func schedule(_ userIDs: [UUID], on database: any Database, now: Date = Date()) async throws {
        guard !userIDs.isEmpty else { return }
        try await database.sql.raw("""
            UPDATE sms_contacts SET notices_due_at = \(bind: now.addingTimeInterval(batchDelay))
            WHERE user_id IN (\(binds: userIDs)) AND mode = 'instant' AND stopped_at IS NULL AND notices_due_at IS NULL
            """).run()
    }

    /// Sends every batch that is due; returns how many texts were written.
    @discardableResult
    static func sendDue(_ channel: SMSChannel, now: Date = Date(), limit: Int = 100) async throws -> Int {
        let due = try await SMSContact.query(on: channel.database)
            .filter(\.$noticesDueAt <= now).filter(\.$stoppedAt == nil).filter(\.$user.$id != nil)
            .sort(\.$noticesDueAt).limit(limit).all()
        var written = 0
        for contact in due where try await send(contact, channel, now: now) { written += 1 }
        return written
    }

    private static func send(_ contact: SMSContact, _ channel: SMSChannel, now: Date) async throws -> Bool {
        guard let userID = contact.$user.id, let user = try await User.find(userID, on: channel.database), user.isActive else {
            contact.noticesDueAt = nil
            try await contact.save(on: channel.database)
            return false
        }
        // Over the day's cap: wait until the oldest counted text is a day old.
        let cap = channel.outbox.cap(for: .notice)
        let today = try await SMSMessage.query(on: channel.database).filter(\.$toPhone == contact.phone)
            .filter(\.$createdAt >= now.addingTimeInterval(-24 * 3600))
            .filter(\.$purpose ~~ [SMSPurpose.notice.rawValue, SMSPurpose.digest.rawValue, SMSPurpose.welcome.rawValue])
            .filter(\.$status !~ [SMSMessage.Status.stopped.rawValue, SMSMessage.Status.capped.rawValue])
            .sort(\.$createdAt).all()
        if today.count >= cap, let oldest = today.first?.createdAt {
            contact.noticesDueAt = oldest.addingTimeInterval(24 * 3600 + 1)
            try await contact.save(on: channel.database)
            return false
        }
        let language = channel.language(of: contact, user: user)
        let conversations = try await conversationNews(for: user, channel, language: language, limit: conversationsPerText + 1)
        let events = try await eventNews(for: user, since: contact.noticesSince ?? contact.createdAt ?? now, channel, language: language)
        let shown = conversations.prefix(conversationsPerText)
        let lines = shown.map(\.line) + events
        contact.noticesSince = now
        contact.noticesDueAt = conversations.count > conversationsPerText ? now.addingTimeInterval(batchDelay) : nil
        guard !lines.isEmpty else {
            try await contact.save(on: channel.database)
            return false
        }
        try await channel.outbox.enqueue(to: contact.phone, body: SMSSegments.fit(lines.joined(separator: "\n"), maxSegments: SMSChannel.replySegments),
                                         purpose: .notice, userID: userID, now: now)
        for news in shown {
            news.code.notifiedUntil = news.until
            try await news.code.save(on: channel.database)
        }
        try await contact.save(on: channel.database)
        return true
    }

    struct ConversationNews {
        let code: SMSReplyCode
        let until: Date
        let line: String
    }

    /// Conversations with messages the member has neither read nor received by SMS: the
    /// latest message's author ("Ali B."), its first words, and the code to answer.
    static func conversationNews(for user: User, _ channel: SMSChannel, language: Language, limit: Int) async throws -> [ConversationNews] {
        let userID = try user.requireID()
        let memberships = try await Membership.query(on: channel.database)
            .filter(\.$subjectType == Membership.Subject.conversation.rawValue).filter(\.$user.$id == userID).all()
        var news: [ConversationNews] = []
        for membership in memberships {
            let code = try await SMSReplyCodes.code(for: userID, conversation: membership.subjectID, on: channel.database)
            // A date read back from the store and written again may come back one rounding
            // lower than the message's own (seconds since 1970 vs since 2001), which would send
            // that message twice: a millisecond of margin, far below two messages of one thread.
            let since = ([membership.lastReadAt, code.notifiedUntil].compactMap { $0 }.max() ?? .distantPast).addingTimeInterval(0.001)
            let unread = try await Message.query(on: channel.database)
                .filter(\.$conversation.$id == membership.subjectID).filter(\.$author.$id != userID)
                .filter(\.$createdAt > since).sort(\.$createdAt, .descending).with(\.$author).limit(20).all()
            guard let latest = unread.first, let at = latest.createdAt else { continue }
            let excerpt = latest.body.count > excerptLength ? String(latest.body.prefix(excerptLength - 3)) + "..." : latest.body
            let key = unread.count > 1 ? "sms.notice.messages" : "sms.notice.message"
            let line = channel.text(key, language, [
                "name": latest.author.displayName, "text": excerpt.replacingOccurrences(of: "\n", with: " "),
                "count": "\(unread.count)", "code": code.code,
            ])
            news.append(ConversationNews(code: code, until: at, line: line))
        }
        return Array(news.sorted { $0.until > $1.until }.prefix(limit))
    }

    /// Reminders and cancellations written since the last batch.
    static func eventNews(for user: User, since: Date, _ channel: SMSChannel, language: Language) async throws -> [String] {
        let notices = try await MemberNotification.query(on: channel.database)
            .filter(\.$user.$id == user.requireID()).filter(\.$createdAt > since)
            .filter(\.$kind ~~ [MemberNotification.Kind.eventReminder.rawValue, MemberNotification.Kind.eventCancelled.rawValue])
            .sort(\.$createdAt).limit(5).all()
        return notices.map { notice in
            let arguments = (try? JSONDecoder().decode([String: String].self, from: Data(notice.arguments.utf8))) ?? [:]
            let key = notice.kind == MemberNotification.Kind.eventReminder.rawValue ? "sms.notice.event_reminder" : "sms.notice.event_cancelled"
            return channel.text(key, language, ["title": arguments["title"] ?? "", "time": arguments["time"] ?? ""])
        }
    }
}

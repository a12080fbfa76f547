import Foundation
import Testing
import Vapor
import Fluent
@testable import EntraideServer
import EntraideCore

/// News reaching members by SMS: batched messages with reply codes, event reminders, the
/// daily cap, the digest; and what an SMS never says.
@Suite struct SMSNoticeTests {
    @Test func messagesFromSeveralConversationsArriveInOneTextAndAreAnsweredByCode() async throws {
        try await withEntraide { app in
            let ali = try await app.member("Ali", "Benali")
            let zoe = try await app.member("Zoé", "Durand")
            let phone = "+33611000030"
            let marie = try await app.smsMember("Marie", phone: phone)
            let marieID = try marie.requireID()
            let withAli = try await app.message(from: ali, to: marieID, "Bonjour Marie, j'ai un duvet pour toi, 12 rue de la Roquette")
            try await app.message(from: zoe, to: marieID, "On se voit samedi ?")
            // The first message opened the window; it closes two minutes after it, however slow the machine.
            let start = Date()
            let channel = SMSChannel(application: app)
            #expect(try await SMSNotices.sendDue(channel, now: start) == 0, "the batch window is still open")
            #expect(try await SMSNotices.sendDue(channel, now: start.addingTimeInterval(SMSNotices.batchDelay + 5)) == 1)
            let text = try #require(try await app.outbox(to: phone).last)
            #expect(text.purpose == SMSPurpose.notice.rawValue)
            let lines = text.body.split(separator: "\n").map(String.init)
            #expect(lines.count == 2, "one line per conversation: \(text.body)")
            #expect(text.body.contains("Ali B.") && text.body.contains("Zoé D."))
            #expect(!text.body.contains("Benali") && !text.body.contains("Durand"), "never a family name")
            let code = try #require(try await SMSReplyCode.query(on: app.db).filter(\.$user.$id == marieID)
                .filter(\.$conversation.$id == withAli).first()?.code)
            #expect(lines.contains { $0.hasPrefix("Ali B.") && $0.contains("R \(code)") })
            #expect(try await SMSNotices.sendDue(channel, now: start.addingTimeInterval(3600)) == 0, "sent once")

            // Answering by code posts in that conversation, as Marie.
            #expect(try await app.textIn("r \(code.lowercased()) Merci Ali, à samedi", from: phone) == [app.smsText("sms.reply.sent", .fr, ["code": code])])
            let thread = try await app.send(.GET, "/api/v1/conversations/\(withAli)/messages", headers: ali.auth)
            #expect(try JSONBody(thread)["items"].array.contains { $0["body"].string == "Merci Ali, à samedi" })
            #expect(try await app.textIn("R ZZZ9 bonjour", from: phone) == [app.smsText("sms.reply.unknown_code", .fr, ["code": "ZZZ9"])])
            #expect(try await app.textIn("R \(code)", from: phone) == [app.smsText("sms.reply.empty", .fr, ["code": code])])

            // The next news carry only what is new.
            try await app.message(from: ali, to: marieID, "Parfait")
            #expect(try await SMSNotices.sendDue(channel, now: Date().addingTimeInterval(SMSNotices.batchDelay + 5)) == 1)
            let next = try #require(try await app.outbox(to: phone).last?.body)
            #expect(next.hasPrefix("Ali B.") && next.contains("Parfait") && !next.contains("duvet") && !next.contains("Zoé"))
        }
    }

    @Test func newsOverTheDailyCapWaitAndEventRemindersArriveToo() async throws {
        try await withEntraide { app in
            app.config.smsDailyCap = 2
            let ali = try await app.member("Ali", "Benali")
            let organiser = try await app.member("Nadia", "Lefebvre")
            try await app.createEvent(by: organiser, title: "Café du lundi", startsIn: 20 * 3600)
            let phone = "+33611000031"
            let marie = try await app.smsMember("Marie", phone: phone)
            _ = try await app.textIn("SORTIES", from: phone)
            _ = try await app.textIn("SORTIE 1", from: phone)
            try await OutingService.sendReminders(on: app.db, live: app.live)
            let channel = SMSChannel(application: app)
            var clock = Date().addingTimeInterval(SMSNotices.batchDelay + 5)
            #expect(try await SMSNotices.sendDue(channel, now: clock) == 1)
            let reminder = try #require(try await app.outbox(to: phone).last?.body)
            #expect(reminder.contains("Café du lundi"))
            #expect(reminder.hasPrefix("Rappel"))

            for round in 1...2 {
                try await app.message(from: ali, to: marie.requireID(), "Message \(round)")
                clock = clock.addingTimeInterval(SMSNotices.batchDelay + 5)
                try await SMSNotices.sendDue(channel, now: clock)
                clock = clock.addingTimeInterval(SMSNotices.batchDelay + 5)
                try await SMSNotices.sendDue(channel, now: clock)
            }
            // Reminder + first message used the day's two texts: the second message waits a day, and is not lost.
            let notices = try await app.outbox(to: phone).filter { $0.purpose == SMSPurpose.notice.rawValue }
            #expect(notices.count == 2 && notices.allSatisfy { $0.statusValue != .capped })
            let contact = try #require(try await SMSContact.query(on: app.db).filter(\.$phone == phone).first())
            let due = try #require(contact.noticesDueAt)
            #expect(due > clock.addingTimeInterval(20 * 3600))
            #expect(try await SMSNotices.sendDue(channel, now: due.addingTimeInterval(1)) == 1)
            #expect(try await app.outbox(to: phone).last?.body.contains("Message 2") == true)
        }
    }

    @Test func anAppMemberAwayForDaysGetsOneDigestADay() async throws {
        try await withEntraide { app in
            let ali = try await app.member("Ali", "Benali")
            let lea = try await app.member("Léa", "Moreau")
            let phone = "+33611000032"
            let user = try #require(try await User.find(lea.id, on: app.db))
            user.phone = phone
            try await user.save(on: app.db)
            #expect(try await app.textIn("RESUME OUI", from: phone) == [app.smsText("sms.digest.on", .fr, ["days": "3"])])
            try await app.message(from: ali, to: lea.id, "Tu viens demain ?")
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = PageClock.platformZone
            let evening = try #require(calendar.date(bySettingHour: 19, minute: 0, second: 0, of: Date().addingTimeInterval(86_400)))
            let channel = SMSChannel(application: app)
            // She used the app today: no digest.
            #expect(try await SMSDigest.sendDue(channel, now: evening) == 0)
            let contact = try #require(try await SMSContact.query(on: app.db).filter(\.$phone == phone).first())
            contact.lastDigestAt = nil
            try await contact.save(on: app.db)
            try await MemberSession.query(on: app.db).filter(\.$user.$id == lea.id).set(\.$lastUsedAt, to: evening.addingTimeInterval(-4 * 86_400)).update()
            #expect(try await SMSDigest.sendDue(channel, now: evening) == 1)
            let digest = try #require(try await app.outbox(to: phone).last)
            #expect(digest.purpose == SMSPurpose.digest.rawValue && digest.body.contains("Ali B.") && digest.body.contains("Tu viens demain"))
            #expect(!digest.body.contains("Benali"))
            #expect(try await SMSDigest.sendDue(channel, now: evening.addingTimeInterval(3600)) == 0, "once a day")
            #expect(try await app.textIn("RESUME NON", from: phone) == [app.smsText("sms.digest.off", .fr, ["days": "3"])])
            #expect(try await SMSContact.query(on: app.db).filter(\.$phone == phone).first()?.modeValue == .off)
        }
    }

    @Test func noTextEverCarriesAFamilyNameOrAPreciseLocationAndLogsMaskNumbers() async throws {
        CapturedLogs.start()
        try await withEntraide { app in
            let ali = try await app.member("Ali", "Benali")
            let phone = "+33611000033"
            let marie = try await app.smsMember("Marie", phone: phone)
            try await app.createAction(by: ali, title: "Je donne un manteau")
            try await app.createEvent(by: ali, title: "Café solidaire")
            _ = try await app.textIn("BESOIN un sac de couchage", from: phone)
            _ = try await app.textIn("SORTIES", from: phone)
            _ = try await app.textIn("SORTIE 1", from: phone)
            try await app.message(from: ali, to: marie.requireID(), "Je passe te voir")
            try await SMSNotices.sendDue(SMSChannel(application: app), now: Date().addingTimeInterval(SMSNotices.batchDelay + 5))
            try await app.smsOutbox().drain()
            let action = try #require(try await HelpAction.query(on: app.db).filter(\.$author.$id == marie.requireID()).first())
            let texts = try await SMSMessage.query(on: app.db).all().map(\.body)
            #expect(texts.count >= 5)
            for text in texts {
                #expect(!text.contains("Benali"), "family name in: \(text)")
                for coordinate in [action.lat, action.lon].compactMap({ $0 }) {
                    #expect(!text.contains(String(format: "%.3f", coordinate)), "a point in: \(text)")
                }
            }
            let lines = CapturedLogs.all().filter { $0.contains("sms") }
            #expect(!lines.isEmpty)
            #expect(!lines.contains { $0.contains("611000033") }, "a phone number in the logs")
        }
    }
}

import Foundation
import Testing
import Vapor
import Fluent
@testable import EntraideServer
import EntraideCore

/// The SMS commands, end to end through the inbound pipeline, in French, English and Arabic.
@Suite struct SMSCommandTests {
    @Test func aPersonJoinsBySMSGivesAPostalCodeAndAsksForHelp() async throws {
        try await withEntraide { app in
            let phone = "+33611000001"
            #expect(try await app.textIn("Bonjour Marie", from: phone) == [app.smsText("sms.join.ask_postal_code", .fr, ["name": "Marie"])])
            let marie = try #require(try await User.query(on: app.db).filter(\.$phone == phone).first())
            #expect(marie.firstName == "Marie" && marie.lastName.isEmpty && marie.language == "fr" && marie.phoneVerifiedAt != nil)
            let contact = try #require(try await SMSContact.query(on: app.db).filter(\.$phone == phone).first())
            #expect(contact.consentChannel == "sms" && contact.consentAt != nil && contact.modeValue == .instant)

            // A need sent before the postal code is not lost: it is published once the code comes.
            #expect(try await app.textIn("BESOIN: un duvet pour cette nuit", from: phone) == [app.smsText("sms.need.ask_postal_code", .fr)])
            #expect(try await HelpAction.query(on: app.db).count() == 0)
            let answers = try await app.textIn("75011", from: phone)
            #expect(answers == [app.smsText("sms.need.published", .fr, ["zone": "75"])])
            let action = try #require(try await HelpAction.query(on: app.db).first())
            #expect(action.title == "un duvet pour cette nuit" && action.kind == "request" && action.$author.id == marie.id)
            // Located at the département's centre (blurred again), never nearer to the person.
            let centre = try #require(PostalZone.centre(of: "75011"))
            let point = GeoPoint(lat: try #require(action.lat), lon: try #require(action.lon))
            #expect(point.distance(to: centre) < 1_500)

            // A long need keeps every word in the description.
            let long = "BESOIN " + String(repeating: "chaussures taille 43 et chaussettes chaudes ", count: 3)
            _ = try await app.textIn(long, from: phone)
            let second = try #require(try await HelpAction.query(on: app.db).sort(\.$createdAt, .descending).first())
            #expect(second.title.count <= SMSNeed.titleLength + 1 && second.title.hasSuffix("…"))
            #expect(second.details == long.dropFirst(7).trimmingCharacters(in: .whitespaces))
        }
    }

    @Test func englishAndArabicSpeakersAreAnsweredInTheirLanguage() async throws {
        try await withEntraide { app in
            let english = "+447700900123"
            #expect(try await app.textIn("HELLO Ali 69003", from: english) == [app.smsText("sms.join.welcome", .en, ["name": "Ali"])])
            #expect(try await User.query(on: app.db).filter(\.$phone == english).first()?.language == "en")
            #expect(try await app.textIn("need a warm coat", from: english) == [app.smsText("sms.need.published", .en, ["zone": "69"])])

            let arabic = "+33611000002"
            let welcome = try await app.textIn("مرحبا سارة ١٣٠٠١", from: arabic)
            #expect(welcome == [app.smsText("sms.join.welcome", .ar, ["name": "سارة"])])
            let sara = try #require(try await User.query(on: app.db).filter(\.$phone == arabic).first())
            #expect(sara.language == "ar" && sara.postalCode == "13001")
            #expect(try await app.textIn("أحتاج بطانية", from: arabic) == [app.smsText("sms.need.published", .ar, ["zone": "13"])])
            #expect(try await HelpAction.query(on: app.db).filter(\.$author.$id == sara.requireID()).first()?.title == "بطانية")

            // LANGUE changes the language of every later answer; an unknown code lists the codes.
            #expect(try await app.textIn("LANGUE fr", from: arabic) == [app.smsText("sms.language.done", .fr, ["language": "Français"])])
            let codes = Language.allCases.map(\.rawValue).joined(separator: " ")
            #expect(try await app.textIn("LANGUE klingon", from: arabic) == [app.smsText("sms.language.choose", .fr, ["codes": codes])])
            #expect(try await app.textIn("AIDE", from: arabic) == [app.smsText("sms.menu", .fr)])
        }
    }

    @Test func nothingGoesUnansweredAndAStrangerIsInvitedToJoin() async throws {
        try await withEntraide { app in
            let stranger = "+33611000003"
            #expect(try await app.textIn("allo ?", from: stranger) == [app.smsText("sms.welcome.join", .fr)])
            #expect(try await app.textIn("SORTIES", from: stranger) == [app.smsText("sms.welcome.join", .fr)])
            #expect(try await app.textIn("BONJOUR", from: stranger) == [app.smsText("sms.join.ask_name", .fr)])
            #expect(try await app.textIn("Fatou", from: stranger) == [app.smsText("sms.join.ask_postal_code", .fr, ["name": "Fatou"])])
            #expect(try await app.textIn("pas de code", from: stranger) == [app.smsText("sms.join.postal_code_invalid", .fr)])
            #expect(try await app.textIn("93200", from: stranger) == [app.smsText("sms.join.welcome", .fr, ["name": "Fatou"])])
            for text in ["je ne comprends pas", "", "R", "SORTIE 12", "?"] {
                let answers = try await app.textIn(text, from: stranger)
                #expect(answers.count == 1, "\(text) must get one answer")
            }
            #expect(try await app.textIn("n'importe quoi", from: stranger) == [app.smsText("sms.menu", .fr)])
            #expect(try await app.textIn("BONJOUR Fatou", from: stranger) == [app.smsText("sms.hello.already", .fr, ["name": "Fatou"])])
            // Every text is kept as written, with what it was read as.
            let kept = try await SMSInbound.query(on: app.db).filter(\.$fromPhone == stranger).all()
            #expect(kept.count == 13 && kept.contains { $0.body == "je ne comprends pas" && $0.command == "unknown" })
        }
    }

    @Test func stopSilencesANumberAtOnceUntilStart() async throws {
        try await withEntraide { app in
            let phone = "+33611000004"
            let user = try await app.smsMember("Paul", phone: phone)
            #expect(try await app.textIn("ARRÊT", from: phone) == [app.smsText("sms.stop.done", .fr)])
            // Nothing more: no answer to commands, no news.
            #expect(try await app.textIn("BESOIN une tente", from: phone).isEmpty)
            #expect(try await HelpAction.query(on: app.db).count() == 0)
            let news = try await app.smsOutbox().enqueue(to: phone, body: "news", purpose: .notice, userID: user.id)
            #expect(news.statusValue == .stopped)
            try await app.smsOutbox().drain()
            #expect(try await SMSMessage.find(news.id, on: app.db)?.statusValue == .stopped, "never sent later")
            // A code the person asks for still goes out.
            let code = try await app.smsOutbox().enqueue(to: phone, body: "code", purpose: .loginCode, userID: user.id)
            #expect(code.statusValue == .queued)
            #expect(try await app.textIn("START", from: phone) == [app.smsText("sms.start.done", .fr)])
            #expect(try await app.textIn("BESOIN une tente", from: phone) == [app.smsText("sms.need.published", .fr, ["zone": "75"])])
            // The English and Arabic words work too.
            #expect(try await app.textIn("stop", from: phone) == [app.smsText("sms.stop.done", .fr)])
            #expect(try await app.textIn("START", from: phone).count == 1)
            #expect(try await app.textIn("توقف", from: phone) == [app.smsText("sms.stop.done", .fr)])
        }
    }

    @Test func eventsNearTheZoneAreListedAndJoinedByNumber() async throws {
        try await withEntraide { app in
            let organiser = try await app.member("Nadia", "Lefebvre")
            for (title, days) in [("Café du lundi", 10.0), ("Foot au parc", 9.5), ("Repas partagé", 11.0)] {
                try await app.createEvent(by: organiser, title: title, startsIn: days * 86_400)
            }
            // A weekly walk: listed once, as its next occurrence.
            try await app.createEvent(by: organiser, title: "Marche au canal", startsIn: 86_400, extra: ["recurrence": ["frequency": "weekly", "count": 3]])
            try await app.createEvent(by: organiser, title: "Atelier à Lyon", startsIn: 3_600, extra: ["location": ["lat": 45.76, "lon": 4.84]])
            try await app.createEvent(by: organiser, title: "Visio du soir", startsIn: 3_600,
                                      extra: ["online": true, "onlineUrl": "https://visio.example.org/soir", "location": NSNull(), "placeName": NSNull(), "address": NSNull()])
            let phone = "+33611000005"
            let paul = try await app.smsMember("Paul", phone: phone)
            let list = try #require(try await app.textIn("SORTIES", from: phone).first)
            let lines = list.split(separator: "\n").map(String.init)
            #expect(lines.count == 4, "three events and how to join: \(list)")
            #expect(lines[0].hasPrefix("1) Marche au canal") && lines[1].hasPrefix("2) Foot au parc") && lines[2].hasPrefix("3) Café du lundi"))
            #expect(lines[0].contains("Café Le Temps"), "events are in public places, named")
            #expect(!list.contains("Lyon") && !list.contains("Visio") && !list.contains("Lefebvre"))

            let joined = try await app.textIn("SORTIE 2", from: phone)
            #expect(joined.count == 1 && joined[0].contains("Foot au parc"))
            let foot = try #require(try await Outing.query(on: app.db).filter(\.$title == "Foot au parc").first())
            #expect(try await MembershipService.find(.event, foot.requireID(), userID: paul.requireID(), on: app.db) != nil)
            #expect(foot.participantCount == 1)
            // Joining twice is harmless; a number not listed shows the list again.
            #expect(try await app.textIn("SORTIE 2", from: phone).count == 1)
            let again = try #require(try await app.textIn("sortie ٩", from: phone).first)
            #expect(again.hasPrefix("1) Marche au canal"))
        }
    }

    @Test func aPhoneChangeIsConfirmedByACodeSentToTheOldNumber() async throws {
        try await withEntraide { app in
            let old = "+33611000006", new = "+33611000007"
            let user = try await app.smsMember("Jean", phone: old)
            #expect(try await app.textIn("LANGUE en", from: old).count == 1)
            // From a number with no account: the same answer whether the old number exists or not.
            let started = try await app.textIn("NOUVEAU 06 11 00 00 06", from: new)
            #expect(started == [app.smsText("sms.move.started", .fr)])
            let unknown = try await app.textIn("NOUVEAU 06 99 99 99 99", from: "+33611000008")
            #expect(unknown == started)
            #expect(try await app.outbox(to: "+33699999999").isEmpty)
            let codeSMS = try #require(try await app.outbox(to: old).last)
            #expect(codeSMS.purpose == SMSPurpose.numberMoveCode.rawValue && codeSMS.body.contains(PhoneMask.mask(new)), "in the member's language, the new number masked: \(codeSMS.body)")
            let code = try await app.lastCode(sentTo: old)
            #expect(try await app.textIn("123", from: new) == [app.smsText("sms.move.code_expected", .fr)])
            let wrong = code == "000000" ? "111111" : "000000"
            #expect(try await app.textIn(wrong, from: new) == [app.smsText("sms.move.code_invalid", .fr)])
            #expect(try await app.textIn(code, from: new) == [app.smsText("sms.move.done", .en, ["name": "Jean"])])
            let moved = try #require(try await User.find(user.id, on: app.db))
            #expect(moved.phone == new)
            #expect(try await PhoneChange.query(on: app.db).filter(\.$user.$id == user.requireID()).first()?.oldPhone == old)
            let contact = try #require(try await SMSContact.query(on: app.db).filter(\.$phone == new).first())
            #expect(contact.$user.id == user.id && contact.language == "en" && contact.modeValue == .instant)
            // The old number is nobody now (it keeps its language).
            #expect(try await app.textIn("AIDE", from: old) == [app.smsText("sms.welcome.join", .en)])
        }
    }
}

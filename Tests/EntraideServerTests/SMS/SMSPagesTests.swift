import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer
import EntraideCore

/// The web side of the SMS channel: an association registers people with their consent and
/// confirms their new number; a member chooses how news reach them by SMS.
@Suite struct SMSPagesTests {
    static func association(_ app: Application) async throws -> (WebClient, User) {
        let client = WebClient(app)
        let res = try await client.submit("/signup", to: "/signup", fields: [
            "firstName": "Claire", "lastName": "Associa", "goal": "organisation", "method": "email",
            "email": "asso.\(UUID().uuidString.prefix(8).lowercased())@example.org", "password": "correct horse"])
        #expect(res.status == .seeOther)
        return (client, try #require(try await User.query(on: app.db).filter(\.$lastName == "Associa").first()))
    }

    @Test func anAssociationRegistersSomeoneWithTheirConsentAndConfirmsTheirNewNumber() async throws {
        try await withEntraide { app in
            let (asso, claire) = try await Self.association(app)
            let page = try await asso.get("/people")
            #expect(page.status == .ok && page.body.string.contains("name=\"consent\""))
            #expect(!page.body.string.contains("name=\"consent\" value=\"yes\" checked"), "consent is never pre-ticked")

            let fields = ["firstName": "Moussa", "phone": "06 12 00 00 40", "postalCode": "75019", "language": "ar"]
            let refused = try await asso.submit("/people", to: "/people", fields: fields)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains(app.catalogue.text("sms.consent_required", .fr).replacingOccurrences(of: "'", with: "&#39;")) && refused.body.string.contains("value=\"Moussa\""),
                    "the reason, and what was typed is kept")
            #expect(try await User.query(on: app.db).filter(\.$phone == "+33612000040").count() == 0)

            var consenting = fields
            consenting["consent"] = "yes"
            let done = try await asso.submit("/people", to: "/people", fields: consenting)
            #expect(done.status == .seeOther && done.headers.first(name: .location) == "/people?registered=Moussa")
            let moussa = try #require(try await User.query(on: app.db).filter(\.$phone == "+33612000040").first())
            #expect(moussa.firstName == "Moussa" && moussa.lastName.isEmpty && moussa.language == "ar" && moussa.postalCode == "75019")
            let contact = try #require(try await SMSContact.query(on: app.db).filter(\.$phone == "+33612000040").first())
            #expect(contact.consentChannel == "web" && contact.consentAt != nil && contact.$referent.id == claire.id && contact.modeValue == .instant)
            let welcome = try #require(try await app.outbox(to: "+33612000040").last)
            #expect(welcome.purpose == SMSPurpose.welcome.rawValue)
            #expect(welcome.body == app.smsText("sms.welcome.registered", .ar, ["name": "Moussa", "referent": "Claire"]))
            #expect(!welcome.body.contains("Associa"))

            let listed = try await asso.get("/people?registered=Moussa").body.string
            #expect(listed.contains("Moussa") && listed.contains(PhoneMask.mask("+33612000040")) && !listed.contains("+33612000040"))
            let again = try await asso.submit("/people", to: "/people", fields: consenting)
            #expect(again.status == .conflict)

            // Moussa lost his phone: from the new one he asks to move; Claire confirms.
            _ = try await app.textIn("NOUVEAU 0612000040", from: "+33612000041")
            let pending = try await asso.get("/people").body.string
            let move = try #require(pending.firstMatch(of: /action="\/people\/moves\/([0-9A-F-]+)\/confirm"/))
            #expect(pending.contains(PhoneMask.mask("+33612000041")))
            let confirmed = try await asso.submit("/people", to: "/people/moves/\(move.1)/confirm", fields: [:])
            #expect(confirmed.status == .seeOther)
            #expect(try await User.find(moussa.id, on: app.db)?.phone == "+33612000041")
            #expect(try await app.outbox(to: "+33612000041").last?.body == app.smsText("sms.move.done", .ar, ["name": "Moussa"]))
            let change = try #require(try await PhoneChange.query(on: app.db).filter(\.$user.$id == moussa.requireID()).first())
            #expect(change.$changedBy.id == claire.id && change.changedByLabel == "referent")

            // Only association members, animators and admins register people.
            let neighbour = try await WebClient.member(app, "Karim", "Benaissa")
            #expect(try await neighbour.get("/people").status == .forbidden)
            #expect(try await WebClient(app).get("/people").status == .seeOther)
        }
    }

    @Test func aMemberChoosesHowNewsReachThemBySMS() async throws {
        try await withEntraide { app in
            let web = try await WebClient.member(app, "Léa", "Moreau")
            #expect(try await web.get("/account").body.string.contains(app.catalogue.text("page.account.sms_no_phone", .fr)))
            let lea = try #require(try await User.query(on: app.db).filter(\.$lastName == "Moreau").first())
            lea.phone = "+33612000042"
            try await lea.save(on: app.db)

            let saved = try await web.submit("/account", to: "/account/sms", fields: ["mode": "digest", "digestAfterDays": "5"])
            #expect(saved.status == .seeOther)
            let contact = try #require(try await SMSContact.query(on: app.db).filter(\.$phone == "+33612000042").first())
            #expect(contact.modeValue == .digest && contact.digestAfterDays == 5 && contact.consentChannel == "app")
            let wrong = try await web.submit("/account", to: "/account/sms", fields: ["mode": "digest", "digestAfterDays": "90"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains(app.catalogue.text("sms.digest_days_invalid", .fr, ["min": "1", "max": "30"])) && wrong.body.string.contains("value=\"90\""))

            // The same through the API.
            let member = try await app.member("Ali", "Benali")
            let none = try await app.send(.PUT, "/api/v1/me/sms", json: ["mode": "instant"], headers: member.auth)
            #expect(none.status == .conflict && errorCode(none) == "sms.no_phone")
            let ali = try #require(try await User.find(member.id, on: app.db))
            ali.phone = "+33612000043"
            try await ali.save(on: app.db)
            let set = try await app.send(.PUT, "/api/v1/me/sms", json: ["mode": "instant", "digestAfterDays": 2], headers: member.auth)
            let setBody = try JSONBody(set)
            #expect(set.status == .ok && setBody["mode"].string == "instant")
            let bad = try await app.send(.PUT, "/api/v1/me/sms", json: ["mode": "sometimes"], headers: member.auth)
            #expect(bad.status == .unprocessableEntity && errorCode(bad) == "validation.choice_invalid")
            let shown = try JSONBody(try await app.send(.GET, "/api/v1/me/sms", headers: member.auth))
            #expect(shown["mode"].string == "instant" && shown["digestAfterDays"].int == 2 && shown["stopped"].bool == false)
            // Messages now reach him by SMS.
            try await app.message(from: try await app.member("Zoé", "Durand"), to: member.id, "Salut Ali")
            #expect(try await SMSNotices.sendDue(SMSChannel(application: app), now: Date().addingTimeInterval(SMSNotices.batchDelay + 5)) == 1)
        }
    }
}

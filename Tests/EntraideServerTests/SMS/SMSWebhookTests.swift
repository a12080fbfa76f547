import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer
import EntraideCore

/// What providers call, end to end: signatures checked, texts answered once, receipts read.
@Suite struct SMSWebhookTests {
    static let publicURL = "https://entraide.example.org"

    @Test func twilioTextsAreAnsweredOnceAndForgedOnesRefused() async throws {
        try await withEntraide { app in
            app.config.twilioAuthToken = "twilio-token"
            app.config.publicURL = Self.publicURL
            let form = ["From": "+33611000020", "To": "+33700000000", "Body": "BONJOUR Karim 75018", "MessageSid": "SM" + String(repeating: "a", count: 32)]
            func post(_ fields: [String: String], signature: String?) async throws -> TestingHTTPResponse {
                let body = TwilioSMSGateway.formEncoded(fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
                var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
                if let signature { headers.add(name: "X-Twilio-Signature", value: signature) }
                return try await app.send(.POST, "/sms/twilio/inbound", raw: body, headers: headers)
            }
            let signature = TwilioWebhook.signature(url: Self.publicURL + "/sms/twilio/inbound", parameters: form, authToken: "twilio-token")
            let first = try await post(form, signature: signature)
            #expect(first.status == .ok && first.body.string.contains("<Response>"))
            // Twilio retries a webhook it thinks failed: the same text is handled once.
            #expect(try await post(form, signature: signature).status == .ok)
            #expect(try await SMSInbound.query(on: app.db).count() == 1)
            #expect(try await app.outbox(to: "+33611000020").map(\.body) == [app.smsText("sms.join.welcome", .fr, ["name": "Karim"])])
            // The answer leaves through Twilio's API.
            let twilio = try await FakeTwilio.start()
            app.smsProviders = SMSProviders(primary: TwilioSMSGateway(accountSID: twilio.accountSID, authToken: twilio.authToken, from: "+33700000000",
                                                                      baseURL: twilio.baseURL, statusCallbackURL: Self.publicURL + "/sms/twilio/status",
                                                                      client: app.client), fallback: nil)
            try await app.smsOutbox().drain()
            try await twilio.stop()
            #expect(twilio.sent.map(\.to) == ["+33611000020"] && twilio.sent.first?.body == app.smsText("sms.join.welcome", .fr, ["name": "Karim"]))
            #expect(twilio.requests.first?.form["StatusCallback"] == Self.publicURL + "/sms/twilio/status")

            var forged = form
            forged["Body"] = "BESOIN argent"
            let refused = try await post(forged, signature: signature)
            #expect(refused.status == .forbidden && errorCode(refused) == "sms.signature_invalid")
            #expect(try await post(form, signature: nil).status == .forbidden)
            #expect(try await SMSInbound.query(on: app.db).count() == 1)

            // Delivery receipts, signed the same way, quote the id Twilio gave.
            let reply = try #require(try await app.outbox(to: "+33611000020").first)
            #expect(reply.statusValue == .sent && reply.providerMessageID == twilio.sent.first?.sid)
            let status = ["MessageSid": reply.providerMessageID!, "MessageStatus": "delivered"]
            let statusBody = TwilioSMSGateway.formEncoded(status.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            let receipt = try await app.send(.POST, "/sms/twilio/status", raw: statusBody, headers: [
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Twilio-Signature": TwilioWebhook.signature(url: Self.publicURL + "/sms/twilio/status", parameters: status, authToken: "twilio-token"),
            ])
            #expect(receipt.status == .noContent)
            #expect(try await SMSMessage.find(reply.id, on: app.db)?.statusValue == .delivered)
        }
    }

    @Test func androidGatewayTextsAndReceiptsNeedTheSharedSecret() async throws {
        try await withEntraide { app in
            app.config.androidWebhookSecret = "phone-secret"
            func post(_ event: String, _ payload: [String: Any], secret: String = "phone-secret", at date: Date = Date()) async throws -> TestingHTTPResponse {
                let signed = FakeAndroidGateway.webhook(event: event, payload: payload, secret: secret, at: date)
                return try await app.send(.POST, "/sms/android/webhook", raw: String(decoding: signed.body, as: UTF8.self), headers: [
                    "Content-Type": "application/json", "X-Timestamp": signed.timestamp, "X-Signature": signed.signature,
                ])
            }
            let text: [String: Any] = ["messageId": "m-1", "message": "HELLO Ana 31000", "phoneNumber": "+33611000021", "receivedAt": "2026-11-27T10:00:00.000+01:00"]
            #expect(try await post("sms:received", text).status == .noContent)
            #expect(try await post("sms:received", text).status == .noContent)
            #expect(try await app.outbox(to: "+33611000021").map(\.body) == [app.smsText("sms.join.welcome", .en, ["name": "Ana"])])
            let wrong = try await post("sms:received", ["messageId": "m-2", "message": "NEED money", "phoneNumber": "+33611000021"], secret: "guess")
            #expect(wrong.status == .forbidden && errorCode(wrong) == "sms.signature_invalid")
            let stale = try await post("sms:received", ["messageId": "m-3", "message": "NEED money", "phoneNumber": "+33611000021"],
                                       at: Date().addingTimeInterval(-3600))
            #expect(stale.status == .forbidden, "a signed request replayed an hour later is refused")
            #expect(try await SMSInbound.query(on: app.db).count() == 1)

            // The answer leaves through the phone, which reports its delivery.
            let phone = try await FakeAndroidGateway.start()
            app.smsProviders = SMSProviders(primary: AndroidSMSGateway(baseURL: phone.baseURL, username: phone.username, password: phone.password,
                                                                       client: app.client), fallback: nil)
            try await app.smsOutbox().drain()
            try await phone.stop()
            #expect(phone.requests.map(\.phoneNumbers) == [["+33611000021"]] && phone.requests.first?.text == app.smsText("sms.join.welcome", .en, ["name": "Ana"]))
            let reply = try #require(try await app.outbox(to: "+33611000021").first)
            #expect(reply.statusValue == .sent)
            let delivered = try await post("sms:delivered", ["messageId": try reply.requireID().uuidString, "phoneNumber": "+33611000021",
                                                              "deliveredAt": "2026-11-27T10:00:05.000+01:00"])
            #expect(delivered.status == .noContent)
            #expect(try await SMSMessage.find(reply.id, on: app.db)?.statusValue == .delivered)
        }
    }

    @Test func webhooksOfAnUnconfiguredProviderAreNotFound() async throws {
        try await withEntraide { app in
            let twilio = try await app.send(.POST, "/sms/twilio/inbound", raw: "From=%2B33611000022&Body=AIDE",
                                            headers: ["Content-Type": "application/x-www-form-urlencoded"])
            #expect(twilio.status == .notFound && errorCode(twilio) == "sms.driver_not_configured")
            let android = try await app.send(.POST, "/sms/android/webhook", raw: "{}", headers: ["Content-Type": "application/json"])
            #expect(android.status == .notFound)
        }
    }
}

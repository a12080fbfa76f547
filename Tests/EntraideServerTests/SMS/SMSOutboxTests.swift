import Foundation
import Testing
import Vapor
import Fluent
@testable import EntraideServer
import EntraideCore

/// The outbox through real provider APIs (local fakes): retries, back-off, fail-over,
/// receipts, segment counting and the daily cap.
@Suite struct SMSOutboxTests {
    /// Twilio first, the Android phone as fallback, both fakes.
    static func withProviders(_ body: (Application, FakeTwilio, FakeAndroidGateway) async throws -> Void) async throws {
        let twilio = try await FakeTwilio.start()
        let android = try await FakeAndroidGateway.start()
        do {
            try await withEntraide { app in
                app.smsProviders = SMSProviders(
                    primary: TwilioSMSGateway(accountSID: twilio.accountSID, authToken: twilio.authToken, from: "+33700000000",
                                              baseURL: twilio.baseURL, statusCallbackURL: nil, client: app.client, timeout: .seconds(10)),
                    fallback: AndroidSMSGateway(baseURL: android.baseURL, username: android.username, password: android.password,
                                                client: app.client, timeout: .seconds(10)))
                try await body(app, twilio, android)
            }
        } catch {
            try? await twilio.stop()
            try? await android.stop()
            throw error
        }
        try await twilio.stop()
        try await android.stop()
    }

    @Test func aTextGoesThroughThePrimaryWithItsSegmentsCounted() async throws {
        try await Self.withProviders { app, twilio, android in
            let outbox = app.smsOutbox()
            let arabic = try await outbox.enqueue(to: "+33611000010", body: String(repeating: "مرحبا ", count: 12), purpose: .notice, userID: nil)
            let french = try await outbox.enqueue(to: "+33611000011", body: "Entraide : votre demande est publiée près de chez vous.", purpose: .notice, userID: nil)
            #expect(arabic.encoding == "ucs2" && arabic.segments == 2)
            #expect(french.encoding == "gsm7" && french.segments == 1)
            #expect(try await outbox.drain() == 2)
            #expect(twilio.sent.count == 2 && android.requests.isEmpty)
            #expect(Set(twilio.sent.map(\.to)) == ["+33611000010", "+33611000011"])
            #expect(twilio.sent.contains { $0.body == String(repeating: "مرحبا ", count: 12) }, "the text arrives intact")
            let sent = try #require(try await SMSMessage.find(arabic.id, on: app.db))
            #expect(sent.statusValue == .sent && sent.driver == "twilio" && sent.providerMessageID?.hasPrefix("SM") == true && sent.sentAt != nil)
            // Nothing is sent twice.
            #expect(try await outbox.drain() == 0)
            #expect(twilio.sent.count == 2)
        }
    }

    @Test func aFailingProviderFailsOverThenBacksOffAndGivesUpAfterSixRounds() async throws {
        try await Self.withProviders { app, twilio, android in
            let outbox = app.smsOutbox()
            let start = Date()
            // The primary is down: the fallback takes it at once.
            twilio.failNext(1, with: .serviceUnavailable)
            let first = try await outbox.enqueue(to: "+33611000012", body: "bonjour", purpose: .notice, userID: nil, now: start)
            try await outbox.drain(now: start)
            let overFallback = try #require(try await SMSMessage.find(first.id, on: app.db))
            #expect(overFallback.statusValue == .sent && overFallback.driver == "android" && overFallback.attempts == 0)
            #expect(overFallback.lastError?.contains("twilio") == true)
            #expect(android.requests.last?.phoneNumbers == ["+33611000012"] && android.requests.last?.id == first.id?.uuidString.lowercased())

            // Both down: the text waits 15 s, then 1 min, 4 min…
            twilio.failNext(100, with: .serviceUnavailable)
            android.failNext(100, with: .internalServerError)
            let second = try await outbox.enqueue(to: "+33611000013", body: "bonsoir", purpose: .notice, userID: nil, now: start)
            try await outbox.drain(now: start)
            var row = try #require(try await SMSMessage.find(second.id, on: app.db))
            #expect(row.statusValue == .queued && row.attempts == 1)
            #expect(abs((row.nextAttemptAt ?? .distantPast).timeIntervalSince(start) - 15) < 1)
            let tried = twilio.requests.count
            #expect(try await outbox.drain(now: start.addingTimeInterval(10)) == 0, "not before its time")
            #expect(twilio.requests.count == tried)
            var clock = start
            for round in 2...SMSOutbox.maxRounds {
                clock = try #require(row.nextAttemptAt).addingTimeInterval(0.5)
                #expect(try await outbox.drain(now: clock) == 1)
                row = try #require(try await SMSMessage.find(second.id, on: app.db))
                #expect(row.attempts == round)
                if round < SMSOutbox.maxRounds {
                    #expect(abs((row.nextAttemptAt ?? .distantPast).timeIntervalSince(clock) - SMSOutbox.backoff(afterRounds: round)) < 1.5)
                }
            }
            #expect(row.statusValue == .failed && row.nextAttemptAt == nil)
            #expect(SMSOutbox.backoff(afterRounds: 2) == 60 && SMSOutbox.backoff(afterRounds: 3) == 240)

            // Back up: the next text goes through the primary again.
            twilio.failNext(0, with: .ok)
            android.failNext(0, with: .ok)
        }
    }

    @Test func aNumberTheProviderRefusesFailsWithoutRetrying() async throws {
        try await Self.withProviders { app, twilio, android in
            twilio.refuse("+33611000014")
            let message = try await app.smsOutbox().enqueue(to: "+33611000014", body: "bonjour", purpose: .notice, userID: nil)
            try await app.smsOutbox().drain()
            let row = try #require(try await SMSMessage.find(message.id, on: app.db))
            #expect(row.statusValue == .failed && row.attempts == 1 && row.lastError?.contains("21211") == true)
            #expect(android.requests.isEmpty, "an invalid number is invalid everywhere")
        }
    }

    @Test func receiptsMarkTextsDeliveredOrFailedWhateverTheirOrder() async throws {
        try await Self.withProviders { app, twilio, android in
            let outbox = app.smsOutbox()
            let message = try await outbox.enqueue(to: "+33611000015", body: "bonjour", purpose: .notice, userID: nil)
            try await outbox.drain()
            let sid = try #require(try await SMSMessage.find(message.id, on: app.db)?.providerMessageID)
            try await outbox.record(SMSReceipt(providerMessageID: sid, state: .delivered, error: nil))
            try await outbox.record(SMSReceipt(providerMessageID: sid, state: .failed, error: "30008"))
            let row = try #require(try await SMSMessage.find(message.id, on: app.db))
            #expect(row.statusValue == .delivered && row.deliveredAt != nil, "a late failure does not undo a delivery")
            try await outbox.record(SMSReceipt(providerMessageID: "SMunknown", state: .delivered, error: nil))
        }
    }

    @Test func aNumberGetsAtMostItsDailyCapOfNewsButItsCodesAlways() async throws {
        try await withEntraide { app in
            let outbox = app.smsOutbox()
            let phone = "+33611000016"
            func status(_ body: String, _ purpose: SMSPurpose, now: Date = Date()) async throws -> SMSMessage.Status? {
                try await outbox.enqueue(to: phone, body: body, purpose: purpose, userID: nil, now: now).statusValue
            }
            for index in 0..<app.config.smsDailyCap {
                let queued = try await status("news \(index)", .notice)
                #expect(queued == .queued)
            }
            let over = try await status("one too many", .digest)
            let code = try await status("code 123456", .loginCode)
            let answer = try await status("answer", .reply)
            #expect(over == .capped)
            #expect(code == .queued)
            #expect(answer == .queued, "answers have their own cap")
            // A day later the count starts again.
            let tomorrow = try await status("news", .notice, now: Date().addingTimeInterval(24 * 3600 + 60))
            #expect(tomorrow == .queued)
        }
    }
}

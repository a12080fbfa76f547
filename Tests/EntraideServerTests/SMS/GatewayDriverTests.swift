import Foundation
import Testing
import Vapor
import NIOCore
@testable import EntraideServer

/// The Twilio and Android drivers against local servers speaking their APIs, over real
/// sockets: what they send, how refusals become temporary or permanent, and the signatures
/// and payloads of the providers' webhooks.
@Suite struct GatewayDriverTests {
    static let arabicWithEmoji = "مرحبا، هل يوجد سرير الليلة؟ 🙏🏽 Merci & à demain = 100% +1"
    static let recipient = "+33612345678"
    /// How long a test waits for a fake provider that answers. The drivers' own 10 s is for
    /// real providers; the fakes share two cores with every other test, and a reply that came
    /// late once read as "unreachable".
    static let patience: TimeAmount = .seconds(60)

    func message(to: String = Self.recipient, body: String = Self.arabicWithEmoji) -> OutgoingSMS {
        OutgoingSMS(id: UUID(), to: to, body: body)
    }

    // MARK: - Twilio driver

    @Test func twilioSendsEveryFieldWithBasicAuth() async throws {
        let fake = try await FakeTwilio.start()
        try await withClient(stopping: fake.stop) { client in
            let gateway = TwilioSMSGateway(
                accountSID: fake.accountSID, authToken: fake.authToken, from: "+33700000000", baseURL: fake.baseURL + "/",
                statusCallbackURL: "https://entraide.example/sms/twilio/status?x=1", client: client, timeout: Self.patience
            )
            #expect(gateway.name == "twilio")
            let delivery = try await gateway.deliver(message())

            let sent = try #require(fake.sent.first)
            #expect(delivery == SMSDelivery(providerMessageID: sent.sid, state: .sent))
            #expect(sent.sid.hasPrefix("SM") && sent.sid.count == 34)

            let request = try #require(fake.requests.first)
            #expect(fake.requests.count == 1)
            #expect(request.method == .POST)
            #expect(request.path == "/2010-04-01/Accounts/\(fake.accountSID)/Messages.json")
            #expect(request.contentType?.hasPrefix("application/x-www-form-urlencoded") == true)
            let credentials = Data("\(fake.accountSID):\(fake.authToken)".utf8).base64EncodedString()
            #expect(request.authorization == "Basic \(credentials)")
            #expect(request.form == [
                "To": Self.recipient,
                "Body": Self.arabicWithEmoji,
                "From": "+33700000000",
                "StatusCallback": "https://entraide.example/sms/twilio/status?x=1",
            ])
            // "+" must be escaped, or a form decoder reads it as a space.
            #expect(request.rawBody.contains("To=%2B33612345678"))
            #expect(sent.body == Self.arabicWithEmoji && sent.to == Self.recipient)
        }
    }

    @Test func twilioSendsThroughAMessagingServiceWithoutCallback() async throws {
        let fake = try await FakeTwilio.start()
        try await withClient(stopping: fake.stop) { client in
            let service = "MG" + FakeTwilio.randomHex(32)
            let gateway = TwilioSMSGateway(accountSID: fake.accountSID, authToken: fake.authToken, from: service, baseURL: fake.baseURL, statusCallbackURL: nil, client: client, timeout: Self.patience)
            let delivery = try await gateway.deliver(message(body: "Rendez-vous à 18h"))
            #expect(delivery.state == .sent && delivery.providerMessageID == fake.sent.first?.sid)
            let form = try #require(fake.requests.first?.form)
            #expect(form == ["To": Self.recipient, "Body": "Rendez-vous à 18h", "MessagingServiceSid": service])
        }
    }

    @Test func twilioRefusalsAreTemporaryOrPermanent() async throws {
        let fake = try await FakeTwilio.start()
        try await withClient(stopping: fake.stop) { client in
            let gateway = TwilioSMSGateway(accountSID: fake.accountSID, authToken: fake.authToken, from: "+33700000000", baseURL: fake.baseURL, statusCallbackURL: nil, client: client, timeout: Self.patience)

            fake.failNext(1, with: .serviceUnavailable)
            let unavailable = await outcome(gateway, message())
            #expect(unavailable == .failure(.temporary("twilio 503 code 20500")))
            let recovered = await outcome(gateway, message())
            #expect(recovered.succeeded, "only the next request was failed")

            fake.failNext(2, with: .tooManyRequests)
            let limited = await outcome(gateway, message())
            let limitedAgain = await outcome(gateway, message())
            #expect(limited == .failure(.temporary("twilio 429 code 20429")) && limitedAgain == limited)

            let wrongToken = TwilioSMSGateway(accountSID: fake.accountSID, authToken: "not-the-token", from: "+33700000000", baseURL: fake.baseURL, statusCallbackURL: nil, client: client, timeout: Self.patience)
            let unauthorized = await outcome(wrongToken, message())
            #expect(unauthorized == .failure(.temporary("twilio 401 code 20003")), "a misconfigured account: the other provider may work")

            fake.refuse("+33000000000", code: 21211)
            let invalid = await outcome(gateway, message(to: "+33000000000"))
            #expect(invalid == .failure(.permanent("twilio 400 code 21211 invalid recipient")))
            fake.refuse("+33611111111", code: 21610)
            let unsubscribed = await outcome(gateway, message(to: "+33611111111"))
            #expect(unsubscribed == .failure(.permanent("twilio 400 code 21610 recipient unsubscribed")))
            fake.refuse("+33622222222", code: 21614)
            let landline = await outcome(gateway, message(to: "+33622222222"))
            #expect(landline == .failure(.permanent("twilio 400 code 21614 recipient not a mobile")))

            // Neither the number nor the text ever reaches a reason (they go to logs).
            for result in [unavailable, limited, unauthorized, invalid, unsubscribed, landline] {
                let reason = result.reason ?? ""
                #expect(!reason.contains("3300") && !reason.contains("6111") && !reason.contains("مرحبا"))
            }

            fake.failNext(1, with: .badRequest)
            let otherBadRequest = await outcome(gateway, message())
            #expect(otherBadRequest == .failure(.permanent("twilio 400 code 400")))
            fake.failNext(1, with: .requestTimeout)
            let requestTimeout = await outcome(gateway, message())
            #expect(requestTimeout == .failure(.temporary("twilio 408 code 408")))

            let wrongAccount = TwilioSMSGateway(accountSID: "AC" + FakeTwilio.randomHex(32), authToken: fake.authToken, from: "+33700000000", baseURL: fake.baseURL, statusCallbackURL: nil, client: client, timeout: Self.patience)
            let unauthorizedAccount = await outcome(wrongAccount, message())
            #expect(unauthorizedAccount == .failure(.temporary("twilio 401 code 20003")))
        }
    }

    @Test func twilioRefusingOurSenderOrAnUnknownAccountIsNotTheRecipientsFault() {
        #expect(TwilioSMSGateway.error(status: 400, code: 21212) == .temporary("twilio 400 code 21212 sender misconfigured"))
        #expect(TwilioSMSGateway.error(status: 400, code: 21606) == .temporary("twilio 400 code 21606 sender misconfigured"))
        #expect(TwilioSMSGateway.error(status: 404, code: 20404) == .temporary("twilio 404 code 20404"))
        #expect(TwilioSMSGateway.error(status: 404, code: 21211) == .permanent("twilio 404 code 21211 invalid recipient"))
        #expect(TwilioSMSGateway.error(status: 400, code: 21408) == .permanent("twilio 400 code 21408 recipient region not enabled"))
        #expect(TwilioSMSGateway.error(status: 422, code: nil) == .permanent("twilio 422"))
        #expect(TwilioSMSGateway.error(status: 502, code: nil) == .temporary("twilio 502"))
    }

    @Test func twilioStoppedOrSilentIsTemporary() async throws {
        let fake = try await FakeTwilio.start()
        let slow = try await FakeTwilio.start()
        slow.answerAfter(.seconds(3))
        try await withClient(stopping: { try await slow.stop() }) { client in
            let timingOut = TwilioSMSGateway(accountSID: slow.accountSID, authToken: slow.authToken, from: "+33700000000", baseURL: slow.baseURL, statusCallbackURL: nil, client: client, timeout: .milliseconds(500))
            let silent = await outcome(timingOut, message())
            #expect(silent == .failure(.temporary("twilio unreachable")))

            let url = fake.baseURL
            try await fake.stop()
            // The HTTP client keeps retrying a refused connection until the deadline: a short one keeps the test quick.
            let stopped = TwilioSMSGateway(accountSID: fake.accountSID, authToken: fake.authToken, from: "+33700000000", baseURL: url, statusCallbackURL: nil, client: client, timeout: .milliseconds(500))
            let refused = await outcome(stopped, message())
            #expect(refused == .failure(.temporary("twilio unreachable")))
        }
    }

    // MARK: - Twilio webhooks

    /// Twilio's own documented example (its security page and helper-library snippets):
    /// URL `https://mycompany.com/myapp.php?foo=1&bar=2`, auth token `12345`.
    @Test(arguments: [
        ("+14158675309", "RSOYDt4T1cUTdK1PDd93/VVr8B8="),
        ("+14158675310", "GvWf1cFY/Q7PnoempGyD5oXAezc="),
        ("+12349013030", "0/KCTR6DLpKmkAf8muzZqo1nDgQ="),
    ])
    func twilioSignatureMatchesTwilioDocumentedExample(caller: String, expected: String) {
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
        let parameters = ["CallSid": "CA1234567890ABCDE", "Caller": caller, "Digits": "1234", "From": caller, "To": "+18005551212"]
        #expect(TwilioWebhook.signature(url: url, parameters: parameters, authToken: "12345") == expected)
        #expect(TwilioWebhook.isValid(signature: expected, url: url, parameters: parameters, authToken: "12345"))
    }

    @Test func twilioSignatureCoversUrlEveryParameterAndToken() {
        let url = "https://entraide.example/sms/twilio/inbound"
        let parameters = [
            "MessageSid": "SM0123456789abcdef0123456789abcdef", "AccountSid": "AC0123456789abcdef0123456789abcdef",
            "From": "+33612345678", "To": "+33700000000", "Body": "مرحبا، هل يوجد سرير الليلة؟ 🙏", "NumMedia": "0",
        ]
        // Computed independently (Python's hmac over the UTF-8 string).
        let expected = "terdHpdXcXvr29jQc5eYZ+1iTLc="
        #expect(TwilioWebhook.signature(url: url, parameters: parameters, authToken: "entraide-token") == expected)
        #expect(TwilioWebhook.isValid(signature: expected, url: url, parameters: parameters, authToken: "entraide-token"))

        var changedBody = parameters
        changedBody["Body"] = "مرحبا، هل يوجد سرير الليلة؟"
        #expect(!TwilioWebhook.isValid(signature: expected, url: url, parameters: changedBody, authToken: "entraide-token"))
        var changedSender = parameters
        changedSender["From"] = "+33612345679"
        #expect(!TwilioWebhook.isValid(signature: expected, url: url, parameters: changedSender, authToken: "entraide-token"))
        var added = parameters
        added["Extra"] = ""
        #expect(!TwilioWebhook.isValid(signature: expected, url: url, parameters: added, authToken: "entraide-token"))
        #expect(!TwilioWebhook.isValid(signature: expected, url: url, parameters: parameters, authToken: "another-token"))
        #expect(!TwilioWebhook.isValid(signature: expected, url: "http://entraide.example/sms/twilio/inbound", parameters: parameters, authToken: "entraide-token"))
        #expect(!TwilioWebhook.isValid(signature: nil, url: url, parameters: parameters, authToken: "entraide-token"))
        #expect(!TwilioWebhook.isValid(signature: "", url: url, parameters: parameters, authToken: ""))
    }

    @Test func twilioInboundText() {
        let inbound = TwilioWebhook.inbound(["From": "+33612345678", "To": "+33700000000", "Body": "AIDE 🙏", "MessageSid": "SM1"])
        #expect(inbound == InboundSMS(from: "+33612345678", body: "AIDE 🙏", providerMessageID: "SM1"))
        let noBody = TwilioWebhook.inbound(["From": "+33612345678", "MessageSid": "MM2"])
        #expect(noBody == InboundSMS(from: "+33612345678", body: "", providerMessageID: "MM2"))
        #expect(TwilioWebhook.inbound(["Body": "no sender", "MessageSid": "SM3"]) == nil)
    }

    @Test func twilioStatusCallbacks() {
        func receipt(_ status: String, error: String? = nil) -> SMSReceipt? {
            var parameters = ["MessageSid": "SM42", "MessageStatus": status, "AccountSid": "AC1"]
            parameters["ErrorCode"] = error
            return TwilioWebhook.receipt(parameters)
        }
        for status in ["queued", "accepted", "sending", "sent"] {
            #expect(receipt(status) == SMSReceipt(providerMessageID: "SM42", state: .sent, error: nil), "\(status)")
        }
        #expect(receipt("delivered") == SMSReceipt(providerMessageID: "SM42", state: .delivered, error: nil))
        #expect(receipt("read") == SMSReceipt(providerMessageID: "SM42", state: .delivered, error: nil))
        #expect(receipt("undelivered", error: "30003") == SMSReceipt(providerMessageID: "SM42", state: .failed, error: "30003"))
        #expect(receipt("failed", error: "30007") == SMSReceipt(providerMessageID: "SM42", state: .failed, error: "30007"))
        #expect(receipt("failed") == SMSReceipt(providerMessageID: "SM42", state: .failed, error: "failed"))
        #expect(receipt("received") == nil)
        #expect(TwilioWebhook.receipt(["MessageStatus": "delivered"]) == nil)
        #expect(TwilioWebhook.receipt(["MessageSid": "SM42"]) == nil)
    }

    // MARK: - Android driver

    @Test func androidSendsOurIdAndTheTextIntact() async throws {
        let fake = try await FakeAndroidGateway.start()
        try await withClient(stopping: fake.stop) { client in
            let gateway = AndroidSMSGateway(baseURL: fake.baseURL + "/", username: fake.username, password: fake.password, client: client, timeout: Self.patience)
            #expect(gateway.name == "android")
            let outgoing = message()
            let delivery = try await gateway.deliver(outgoing)
            let ourID = outgoing.id.uuidString.lowercased()
            #expect(delivery == SMSDelivery(providerMessageID: ourID, state: .sent))

            let request = try #require(fake.requests.first)
            #expect(fake.requests.count == 1)
            #expect(request.method == .POST && request.path == "/message")
            #expect(request.contentType?.hasPrefix("application/json") == true)
            let credentials = Data("\(fake.username):\(fake.password)".utf8).base64EncodedString()
            #expect(request.authorization == "Basic \(credentials)")
            #expect(request.id == ourID)
            #expect(request.text == Self.arabicWithEmoji)
            #expect(request.legacyMessage == nil)
            #expect(request.phoneNumbers == [Self.recipient])
            #expect(request.withDeliveryReport == true)
            #expect(fake.queued == [ourID])
        }
    }

    @Test func androidSendingTheSameRowTwiceTextsOnce() async throws {
        let fake = try await FakeAndroidGateway.start()
        try await withClient(stopping: fake.stop) { client in
            let gateway = AndroidSMSGateway(baseURL: fake.baseURL, username: fake.username, password: fake.password, client: client, timeout: Self.patience)
            let outgoing = message()
            let first = try await gateway.deliver(outgoing)
            let again = try await gateway.deliver(outgoing)
            #expect(first == again && again.providerMessageID == outgoing.id.uuidString.lowercased())
            #expect(fake.requests.count == 2 && fake.queued.count == 1)
        }
    }

    @Test func androidRefusalsAreTemporaryOrPermanent() async throws {
        let fake = try await FakeAndroidGateway.start()
        try await withClient(stopping: fake.stop) { client in
            let gateway = AndroidSMSGateway(baseURL: fake.baseURL, username: fake.username, password: fake.password, client: client, timeout: Self.patience)

            fake.failNext(1, with: .serviceUnavailable)
            let unavailable = await outcome(gateway, message())
            #expect(unavailable == .failure(.temporary("android 503")))
            fake.failNext(1, with: .internalServerError)
            let crashed = await outcome(gateway, message())
            #expect(crashed == .failure(.temporary("android 500")))
            let recovered = await outcome(gateway, message())
            #expect(recovered.succeeded)

            fake.failNext(1, with: .tooManyRequests)
            let limited = await outcome(gateway, message())
            #expect(limited == .failure(.temporary("android 429")))

            let wrongPassword = AndroidSMSGateway(baseURL: fake.baseURL, username: fake.username, password: "old-password", client: client, timeout: Self.patience)
            let unauthorized = await outcome(wrongPassword, message())
            #expect(unauthorized == .failure(.temporary("android 401")))

            fake.refuse("+33000000000")
            let invalid = await outcome(gateway, message(to: "+33000000000"))
            #expect(invalid == .failure(.permanent("android 400")))

            let wrongPath = AndroidSMSGateway(baseURL: fake.baseURL + "/nowhere", username: fake.username, password: fake.password, client: client, timeout: Self.patience)
            let notFound = await outcome(wrongPath, message())
            #expect(notFound == .failure(.temporary("android 404")))
        }
    }

    @Test func androidPhoneOffOrSilentIsTemporary() async throws {
        let fake = try await FakeAndroidGateway.start()
        let slow = try await FakeAndroidGateway.start()
        slow.answerAfter(.seconds(3))
        try await withClient(stopping: { try await slow.stop() }) { client in
            let timingOut = AndroidSMSGateway(baseURL: slow.baseURL, username: slow.username, password: slow.password, client: client, timeout: .milliseconds(500))
            let silent = await outcome(timingOut, message())
            #expect(silent == .failure(.temporary("android gateway unreachable")))

            let url = fake.baseURL
            try await fake.stop()
            // The HTTP client keeps retrying a refused connection until the deadline: a short one keeps the test quick.
            let off = AndroidSMSGateway(baseURL: url, username: fake.username, password: fake.password, client: client, timeout: .milliseconds(500))
            let refused = await outcome(off, message())
            #expect(refused == .failure(.temporary("android gateway unreachable")))
        }
    }

    // MARK: - Android webhooks

    /// The app's documented example event, with an Arabic text, signed with a known key.
    static let receivedBody = #"{"deviceId":"ffffffffceb0b1db0000018e937c815b","event":"sms:received","id":"Ey6ECgOkVVFjz3CL48B8C","payload":{"messageId":"abc123","message":"مرحبا 🙏","phoneNumber":"+33612345678","simNumber":1,"receivedAt":"2024-06-22T15:46:11.000+07:00"},"webhookId":"LreFUt-Z3sSq0JufY9uWB"}"#

    @Test func androidSignatureIsHmacOfBodyThenTimestamp() {
        let body = Data(Self.receivedBody.utf8), timestamp = "1750000000"
        // Computed independently (Python's hmac, as in the app's documentation).
        let expected = "be3f4cc4adac36ea85b028c737d76a51fe34dc357a108f57cce45d7378160c13"
        #expect(AndroidWebhook.signature(body: body, timestamp: timestamp, secret: "signing-key") == expected)

        let now = Date(timeIntervalSince1970: 1_750_000_000 + 10)
        #expect(AndroidWebhook.isValid(body: body, timestamp: timestamp, signature: expected, secret: "signing-key", now: now))
        #expect(AndroidWebhook.isValid(body: body, timestamp: timestamp, signature: expected.uppercased(), secret: "signing-key", now: now))

        let changed = Data(Self.receivedBody.replacingOccurrences(of: "+33612345678", with: "+33612345679").utf8)
        #expect(!AndroidWebhook.isValid(body: changed, timestamp: timestamp, signature: expected, secret: "signing-key", now: now))
        #expect(!AndroidWebhook.isValid(body: body, timestamp: "1750000001", signature: expected, secret: "signing-key", now: now), "the timestamp is signed")
        #expect(!AndroidWebhook.isValid(body: body, timestamp: timestamp, signature: expected, secret: "other-key", now: now))
        #expect(!AndroidWebhook.isValid(body: body, timestamp: nil, signature: expected, secret: "signing-key", now: now))
        #expect(!AndroidWebhook.isValid(body: body, timestamp: timestamp, signature: nil, secret: "signing-key", now: now))
        #expect(!AndroidWebhook.isValid(body: body, timestamp: timestamp, signature: expected, secret: "", now: now))
        #expect(!AndroidWebhook.isValid(body: body, timestamp: "yesterday", signature: expected, secret: "signing-key", now: now))

        let stale = Date(timeIntervalSince1970: 1_750_000_000 + 301)
        #expect(!AndroidWebhook.isValid(body: body, timestamp: timestamp, signature: expected, secret: "signing-key", now: stale), "a replay after five minutes")
        let early = Date(timeIntervalSince1970: 1_750_000_000 - 301)
        #expect(!AndroidWebhook.isValid(body: body, timestamp: timestamp, signature: expected, secret: "signing-key", now: early))
        let edge = Date(timeIntervalSince1970: 1_750_000_000 + 300)
        #expect(AndroidWebhook.isValid(body: body, timestamp: timestamp, signature: expected, secret: "signing-key", now: edge))
    }

    @Test func androidReceivedText() {
        let event = AndroidWebhook.parse(Data(Self.receivedBody.utf8))
        #expect(event == .received(InboundSMS(from: "+33612345678", body: "مرحبا 🙏", providerMessageID: "abc123")))

        let withoutMessageID = #"{"deviceId":"d","event":"sms:received","id":"EventId1","payload":{"message":"Bonjour","phoneNumber":"0612345678","receivedAt":"2024-06-22T15:46:11.000+07:00"},"webhookId":"w"}"#
        #expect(AndroidWebhook.parse(Data(withoutMessageID.utf8)) == .received(InboundSMS(from: "0612345678", body: "Bonjour", providerMessageID: "EventId1")))

        let documentedVariant = #"{"event":"sms:received","id":"E2","payload":{"textMessage":{"text":"Salut"},"phoneNumber":"6505551212"}}"#
        #expect(AndroidWebhook.parse(Data(documentedVariant.utf8)) == .received(InboundSMS(from: "6505551212", body: "Salut", providerMessageID: "E2")))

        let noSender = #"{"event":"sms:received","id":"E3","payload":{"message":"?"}}"#
        #expect(AndroidWebhook.parse(Data(noSender.utf8)) == nil)
    }

    @Test func androidDeliveryReceipts() {
        func event(_ name: String, _ payload: String) -> AndroidWebhook.Event? {
            AndroidWebhook.parse(Data(#"{"deviceId":"d","event":"\#(name)","id":"E","webhookId":"w","payload":\#(payload)}"#.utf8))
        }
        let ours = "2f1c7d0a-5b7e-4c1e-9a1b-3d2f6e8a9b10"
        #expect(event("sms:sent", #"{"messageId":"\#(ours)","phoneNumber":"+33612345678","simNumber":null,"partsCount":2,"sentAt":"2024-06-22T15:46:11.000+07:00"}"#)
            == .receipt(SMSReceipt(providerMessageID: ours, state: .sent, error: nil)))
        #expect(event("sms:delivered", #"{"messageId":"\#(ours)","phoneNumber":"+33612345678","deliveredAt":"2024-06-22T15:46:12.000+07:00"}"#)
            == .receipt(SMSReceipt(providerMessageID: ours, state: .delivered, error: nil)))
        #expect(event("sms:failed", #"{"messageId":"\#(ours)","phoneNumber":"+33612345678","reason":"Send result: RESULT_ERROR_NO_SERVICE","failedAt":"2024-06-22T15:46:12.000+07:00"}"#)
            == .receipt(SMSReceipt(providerMessageID: ours, state: .failed, error: "Send result: RESULT_ERROR_NO_SERVICE")))
        #expect(event("sms:delivered", #"{"phoneNumber":"+33612345678"}"#) == nil)
        #expect(event("system:ping", #"{"health":{"status":"pass","checks":{"messages:failed":{"observedValue":0}}}}"#) == .other)
        #expect(event("mms:received", #"{"messageId":42,"attachments":[]}"#) == .other)
        #expect(AndroidWebhook.parse(Data("not json".utf8)) == nil)
        #expect(AndroidWebhook.parse(Data(#"{"payload":{}}"#.utf8)) == nil)
    }

    @Test func aWebhookSignedTheAppsWayIsAcceptedAndRead() throws {
        let signed = FakeAndroidGateway.webhook(
            event: "sms:received",
            payload: ["messageId": "7f3a", "message": Self.arabicWithEmoji, "phoneNumber": Self.recipient, "simNumber": 1, "receivedAt": "2024-06-22T15:46:11.000+07:00"],
            secret: "signing-key"
        )
        #expect(AndroidWebhook.isValid(body: signed.body, timestamp: signed.timestamp, signature: signed.signature, secret: "signing-key"))
        #expect(AndroidWebhook.parse(signed.body) == .received(InboundSMS(from: Self.recipient, body: Self.arabicWithEmoji, providerMessageID: "7f3a")))
    }

    // MARK: - Helpers

    /// A Vapor client for the drivers, shut down afterwards with the fake provider.
    private func withClient(stopping stop: () async throws -> Void, _ body: (any Client) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        do {
            try await body(app.client)
        } catch {
            try? await stop()
            try await app.asyncShutdown()
            throw error
        }
        try await stop()
        try await app.asyncShutdown()
    }

    private func outcome(_ gateway: some SMSGateway, _ message: OutgoingSMS) async -> Outcome {
        do {
            return .success(try await gateway.deliver(message))
        } catch let error as SMSGatewayError {
            return .failure(error)
        } catch {
            return .unexpected(String(describing: error))
        }
    }

    enum Outcome: Equatable {
        case success(SMSDelivery)
        case failure(SMSGatewayError)
        case unexpected(String)

        var succeeded: Bool { if case .success = self { true } else { false } }
        var reason: String? {
            switch self {
            case .failure(.temporary(let reason)), .failure(.permanent(let reason)): reason
            default: nil
            }
        }
    }
}

import Foundation
import Vapor
import NIOConcurrencyHelpers
@testable import EntraideServer

/// A small local HTTP server that speaks the local API of "SMS Gateway for Android"
/// (`POST /message` or `/messages`, Basic auth, JSON), so the driver is tested over a real
/// socket. It validates like the app (exactly one of `textMessage` / `message`, non-empty
/// `phoneNumbers`), answers 202 `{"id", "state": "Pending", "recipients"}`, refuses a known
/// id as the app does (500 "Message with the same ID already exists"), records every
/// request, and can be told to fail, refuse a number, answer slowly, or be stopped (a phone
/// off or out of Wi-Fi).
final class FakeAndroidGateway: @unchecked Sendable {
    /// One request as it arrived.
    struct Received: Sendable {
        let method: HTTPMethod
        let path: String
        let contentType: String?
        let authorization: String?
        let username: String?
        let password: String?
        let rawBody: String
        let id: String?
        let text: String?
        /// The deprecated top-level `message` field of older app versions.
        let legacyMessage: String?
        let phoneNumbers: [String]
        let withDeliveryReport: Bool?
    }

    let app: Application
    let username: String
    let password: String
    private let state = NIOLockedValueBox(State())

    private struct State {
        var received: [Received] = []
        var queued: [String] = []
        var failures: [(count: Int, status: HTTPResponseStatus)] = []
        var refused: Set<String> = []
        var delay: Duration?
    }

    private init(app: Application, username: String, password: String) {
        self.app = app
        self.username = username
        self.password = password
    }

    static func start(username: String = "sms", password: String = "phone-password") async throws -> FakeAndroidGateway {
        let app = try await Application.make(.testing)
        let fake = FakeAndroidGateway(app: app, username: username, password: password)
        for path in ["message", "messages"] {
            app.post(.constant(path)) { req async throws -> Response in try await fake.handle(req) }
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        return fake
    }

    var baseURL: String { "http://127.0.0.1:\(app.http.server.shared.localAddress?.port ?? 0)" }

    var requests: [Received] { state.withLockedValue { $0.received } }
    /// The ids of the texts the phone accepted, in order.
    var queued: [String] { state.withLockedValue { $0.queued } }

    /// The next `count` requests get `status` with the app's `{"message"}` error, then normal service.
    func failNext(_ count: Int, with status: HTTPResponseStatus) {
        state.withLockedValue { $0.failures.append((count, status)) }
    }

    /// Requests for `number` are refused with a 400 every time.
    func refuse(_ number: String) {
        _ = state.withLockedValue { $0.refused.insert(number) }
    }

    /// Every answer waits this long (a phone on a weak connection).
    func answerAfter(_ delay: Duration?) {
        state.withLockedValue { $0.delay = delay }
    }

    /// Closes the port: the driver now sees a refused connection, as when the phone is off.
    func stop() async throws {
        await app.server.shutdown()
        try await app.asyncShutdown()
    }

    private struct Body: Decodable {
        struct TextMessage: Decodable { let text: String }
        let id: String?
        let message: String?
        let textMessage: TextMessage?
        let phoneNumbers: [String]?
        let withDeliveryReport: Bool?
    }

    private func handle(_ req: Request) async throws -> Response {
        let raw = req.body.string ?? ""
        let body = try? JSONDecoder().decode(Body.self, from: Data(raw.utf8))
        let basic = req.headers.basicAuthorization
        state.withLockedValue {
            $0.received.append(Received(
                method: req.method, path: req.url.path, contentType: req.headers.first(name: .contentType),
                authorization: req.headers.first(name: .authorization), username: basic?.username, password: basic?.password,
                rawBody: raw, id: body?.id, text: body?.textMessage?.text, legacyMessage: body?.message,
                phoneNumbers: body?.phoneNumbers ?? [], withDeliveryReport: body?.withDeliveryReport
            ))
        }
        if let delay = state.withLockedValue({ $0.delay }) { try await Task.sleep(for: delay) }

        if let status = takeFailure() { return error(status, status.reasonPhrase) }
        // The app's Ktor basic auth answers a bare 401.
        guard basic?.username == username, basic?.password == password else {
            return Response(status: .unauthorized, headers: ["WWW-Authenticate": "Basic realm=\"Access to SMS Gateway\", charset=UTF-8"])
        }
        guard let body else { return error(.badRequest, "Failed to convert request body") }
        switch [body.textMessage != nil, body.message != nil].filter({ $0 }).count {
        case 0: return error(.badRequest, "Must specify exactly one of: textMessage, dataMessage, mmsMessage, or message")
        case 1: break
        default: return error(.badRequest, "Cannot specify multiple message types simultaneously")
        }
        if (body.textMessage?.text ?? body.message ?? "").isEmpty { return error(.badRequest, "Text message is empty") }
        guard let numbers = body.phoneNumbers, !numbers.isEmpty else { return error(.badRequest, "phoneNumbers is empty") }
        if state.withLockedValue({ state in numbers.contains { state.refused.contains($0) } }) {
            return error(.badRequest, "Invalid phone number")
        }

        let id = body.id ?? FakeTwilio.randomHex(21)
        let known = state.withLockedValue { state -> Bool in
            if state.queued.contains(id) { return true }
            state.queued.append(id)
            return false
        }
        // The app's database refuses the id; its error handler turns that into a 500.
        if known { return error(.internalServerError, "Message with the same ID already exists") }

        struct Recipient: Encodable { let phoneNumber: String; let state: String; let error: String? }
        struct Answer: Encodable { let id: String; let state: String; let recipients: [Recipient]; let isEncrypted: Bool }
        return json(.accepted, Answer(id: id, state: "Pending", recipients: numbers.map { Recipient(phoneNumber: $0, state: "Pending", error: nil) }, isEncrypted: false))
    }

    private func takeFailure() -> HTTPResponseStatus? {
        state.withLockedValue { state in
            guard let first = state.failures.first else { return nil }
            if first.count <= 1 { state.failures.removeFirst() } else { state.failures[0].count -= 1 }
            return first.status
        }
    }

    private func error(_ status: HTTPResponseStatus, _ message: String) -> Response {
        json(status, ["message": message])
    }

    private func json(_ status: HTTPResponseStatus, _ value: some Encodable) -> Response {
        let data = (try? JSONEncoder().encode(value)) ?? Data()
        return Response(status: status, headers: ["Content-Type": "application/json"], body: .init(data: data))
    }
}

extension FakeAndroidGateway {
    /// A webhook body as the app writes it (`{"deviceId", "event", "id", "webhookId",
    /// "payload"}`), signed the app's way, for tests of the parsing and of inbound routes.
    static func webhook(event: String, payload: [String: Any], secret: String, at date: Date = Date()) -> (body: Data, timestamp: String, signature: String) {
        let envelope: [String: Any] = [
            "deviceId": "ffffffffceb0b1db0000018e937c815b",
            "event": event,
            "id": FakeTwilio.randomHex(21),
            "webhookId": "entraide-" + event.replacingOccurrences(of: ":", with: "-"),
            "payload": payload,
        ]
        let body = (try? JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        let timestamp = String(Int(date.timeIntervalSince1970))
        return (body, timestamp, AndroidWebhook.signature(body: body, timestamp: timestamp, secret: secret))
    }
}

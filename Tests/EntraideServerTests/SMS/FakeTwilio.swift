import Foundation
import Vapor
import NIOConcurrencyHelpers
@testable import EntraideServer

/// A small local HTTP server that speaks Twilio's Messages API
/// (`POST /2010-04-01/Accounts/{sid}/Messages.json`, form fields, Basic auth), so the driver
/// is tested over a real socket. It answers like Twilio (201 with an "SM…" sid and
/// `status: "queued"`, errors as `{"code", "message", "more_info", "status"}`), records every
/// request, and can be told to fail, refuse a number, answer slowly, or be stopped.
final class FakeTwilio: @unchecked Sendable {
    /// One request as it arrived.
    struct Received: Sendable {
        let method: HTTPMethod
        let path: String
        let contentType: String?
        let authorization: String?
        let username: String?
        let password: String?
        let rawBody: String
        let form: [String: String]
    }

    struct Sent: Sendable { let sid: String; let to: String; let body: String }

    let app: Application
    let accountSID: String
    let authToken: String
    private let state = NIOLockedValueBox(State())

    private struct State {
        var received: [Received] = []
        var sent: [Sent] = []
        var failures: [(count: Int, status: HTTPResponseStatus)] = []
        var refused: [String: Int] = [:]
        var delay: Duration?
    }

    private init(app: Application, accountSID: String, authToken: String) {
        self.app = app
        self.accountSID = accountSID
        self.authToken = authToken
    }

    static func start(accountSID: String = "AC" + randomHex(32), authToken: String = "twilio-auth-token") async throws -> FakeTwilio {
        let app = try await Application.make(.testing)
        let fake = FakeTwilio(app: app, accountSID: accountSID, authToken: authToken)
        app.post("2010-04-01", "Accounts", ":account", "Messages.json") { req async throws -> Response in
            try await fake.handle(req)
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        return fake
    }

    var baseURL: String { "http://127.0.0.1:\(app.http.server.shared.localAddress?.port ?? 0)" }

    var requests: [Received] { state.withLockedValue { $0.received } }
    var sent: [Sent] { state.withLockedValue { $0.sent } }

    /// The next `count` requests get `status` (with Twilio's JSON error), then normal service.
    func failNext(_ count: Int, with status: HTTPResponseStatus) {
        state.withLockedValue { $0.failures.append((count, status)) }
    }

    /// Texts to `number` are refused with a 400 and this Twilio code, every time.
    func refuse(_ number: String, code: Int = 21211) {
        state.withLockedValue { $0.refused[number] = code }
    }

    /// Every answer waits this long (to see the driver give up).
    func answerAfter(_ delay: Duration?) {
        state.withLockedValue { $0.delay = delay }
    }

    /// Closes the port: the driver now sees a refused connection.
    func stop() async throws {
        await app.server.shutdown()
        try await app.asyncShutdown()
    }

    private func handle(_ req: Request) async throws -> Response {
        let raw = req.body.string ?? ""
        let form = (try? req.content.decode([String: String].self, as: .urlEncodedForm)) ?? [:]
        let basic = req.headers.basicAuthorization
        state.withLockedValue {
            $0.received.append(Received(
                method: req.method, path: req.url.path, contentType: req.headers.first(name: .contentType),
                authorization: req.headers.first(name: .authorization), username: basic?.username, password: basic?.password,
                rawBody: raw, form: form
            ))
        }
        if let delay = state.withLockedValue({ $0.delay }) { try await Task.sleep(for: delay) }

        if let status = takeFailure() {
            let code = status == .tooManyRequests ? 20429 : (status.code >= 500 ? 20500 : Int(status.code))
            return error(status, code: code, message: status.reasonPhrase)
        }
        guard basic?.username == accountSID, basic?.password == authToken else {
            return error(.unauthorized, code: 20003, message: "Authenticate")
        }
        guard req.parameters.get("account") == accountSID else {
            return error(.notFound, code: 20404, message: "The requested resource was not found")
        }
        guard let to = form["To"], !to.isEmpty else { return error(.badRequest, code: 21604, message: "A 'To' phone number is required.") }
        guard form["From"] != nil || form["MessagingServiceSid"] != nil else {
            return error(.badRequest, code: 21603, message: "The 'From' phone number is required.")
        }
        guard let body = form["Body"], !body.isEmpty else { return error(.badRequest, code: 21602, message: "Message body is required.") }
        if let code = state.withLockedValue({ $0.refused[to] }) {
            // Like Twilio, the message quotes the number: the driver must not pass it on.
            return error(.badRequest, code: code, message: "The 'To' number \(to) is not a valid phone number.")
        }

        let sid = "SM" + Self.randomHex(32)
        state.withLockedValue { $0.sent.append(Sent(sid: sid, to: to, body: body)) }
        let message: [String: String?] = [
            "sid": sid, "account_sid": accountSID, "to": to, "from": form["From"], "body": body,
            "messaging_service_sid": form["MessagingServiceSid"],
            // With a Messaging Service Twilio starts at "accepted" (it has yet to pick a sender).
            "status": form["MessagingServiceSid"] == nil ? "queued" : "accepted",
            "direction": "outbound-api", "api_version": "2010-04-01", "error_code": nil, "error_message": nil,
            "uri": "/2010-04-01/Accounts/\(accountSID)/Messages/\(sid).json",
        ]
        return json(.created, message)
    }

    private func takeFailure() -> HTTPResponseStatus? {
        state.withLockedValue { state in
            guard let first = state.failures.first else { return nil }
            if first.count <= 1 { state.failures.removeFirst() } else { state.failures[0].count -= 1 }
            return first.status
        }
    }

    private func error(_ status: HTTPResponseStatus, code: Int, message: String) -> Response {
        struct TwilioError: Encodable { let code: Int; let message: String; let more_info: String; let status: UInt }
        let body = TwilioError(code: code, message: message, more_info: "https://www.twilio.com/docs/errors/\(code)", status: status.code)
        return json(status, body)
    }

    private func json(_ status: HTTPResponseStatus, _ value: some Encodable) -> Response {
        let data = (try? JSONEncoder().encode(value)) ?? Data()
        return Response(status: status, headers: ["Content-Type": "application/json"], body: .init(data: data))
    }

    static func randomHex(_ count: Int) -> String {
        String((0..<count).map { _ in "0123456789abcdef".randomElement()! })
    }
}

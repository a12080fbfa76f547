import Vapor
import NIOCore

/// Sends through an Android phone running "SMS Gateway for Android" (capcom6/android-sms-gateway,
/// sms-gate.app): `POST {baseURL}/message` with HTTP Basic auth and a JSON body. `baseURL` is
/// the phone's local server (`http://192.168.1.20:8080`) or the project's cloud relay
/// (`https://api.sms-gate.app/3rdparty/v1`), which take the same request.
///
/// The phone answers 202 once the text is queued on it; delivery comes later through its
/// `sms:sent` / `sms:delivered` / `sms:failed` webhooks (`AndroidWebhook`).
struct AndroidSMSGateway: SMSGateway {
    let name = "android"
    let baseURL: String
    let username: String
    let password: String
    let client: any Client
    let timeout: TimeAmount

    /// A phone on Wi-Fi answers at once or is unreachable; waiting longer helps no one.
    static let timeout: TimeAmount = .seconds(10)

    init(baseURL: String, username: String, password: String, client: any Client, timeout: TimeAmount = AndroidSMSGateway.timeout) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.username = username
        self.password = password
        self.client = client
        self.timeout = timeout
    }

    var endpoint: String { "\(baseURL)/message" }

    /// The app's request. `id` is our outbox row's id so its webhooks quote it as `messageId`,
    /// and sending the same row twice cannot text the person twice (the app refuses a known id).
    struct Request: Content {
        struct TextMessage: Content { let text: String }
        let id: String
        let textMessage: TextMessage
        let phoneNumbers: [String]
        let withDeliveryReport: Bool
    }

    /// The app's answer: `{"id", "state", "recipients": [...]}`; only the id matters here.
    struct Answer: Decodable {
        let id: String?
        let message: String?
    }

    func deliver(_ message: OutgoingSMS) async throws -> SMSDelivery {
        let ourID = message.id.uuidString.lowercased()
        var headers = HTTPHeaders()
        headers.basicAuthorization = BasicAuthorization(username: username, password: password)
        var request = ClientRequest(method: .POST, url: URI(string: endpoint), headers: headers, timeout: timeout)
        try request.content.encode(Request(id: ourID, textMessage: .init(text: message.body), phoneNumbers: [message.to], withDeliveryReport: true), as: .json)

        let response: ClientResponse
        do {
            response = try await client.send(request)
        } catch {
            // The common case: the phone is off, asleep, or out of Wi-Fi. The HTTP client keeps
            // retrying a refused connection until the deadline, so this takes the full timeout.
            throw SMSGatewayError.temporary("android gateway unreachable")
        }
        let answer = response.body.flatMap { try? JSONDecoder().decode(Answer.self, from: Data(buffer: $0)) }
        let status = response.status.code
        switch status {
        case 200, 201, 202:
            return SMSDelivery(providerMessageID: answer?.id ?? ourID, state: .sent)
        case 409, 500 where answer?.message?.contains("same ID already exists") == true:
            // An earlier attempt reached the phone but its answer was lost (timeout): the text
            // is already queued there. Current app versions report this as a 500, not a 409.
            return SMSDelivery(providerMessageID: ourID, state: .sent)
        case 400, 422:
            // The request itself is refused (a malformed number, an empty text): same answer next time.
            throw SMSGatewayError.permanent("android \(status)")
        default:
            // 5xx, 429, 401/403 (password changed on the phone), 404 (wrong URL): the phone's
            // setup, not this text; the outbox retries or fails over.
            throw SMSGatewayError.temporary("android \(status)")
        }
    }
}

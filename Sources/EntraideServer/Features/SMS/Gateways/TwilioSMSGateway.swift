import Vapor
import NIOCore

/// Sends through Twilio's Messages API, or any provider speaking it (`baseURL` points
/// elsewhere): `POST {baseURL}/2010-04-01/Accounts/{sid}/Messages.json`, form-encoded,
/// HTTP Basic auth with the account SID and auth token.
///
/// Twilio answers 201 with the message's `sid` ("SM…"), which its status callbacks quote as
/// `MessageSid`. Whether a refusal is worth trying again is decided here, from the HTTP
/// status and Twilio's error code, so the outbox can retry or fail over.
struct TwilioSMSGateway: SMSGateway {
    let name = "twilio"
    let accountSID: String
    let authToken: String
    /// A phone number or alphanumeric sender, or a Messaging Service ("MG…") that picks one.
    let from: String
    let baseURL: String
    /// Where Twilio posts delivery receipts; without it the account's default applies.
    let statusCallbackURL: String?
    let client: any Client
    let timeout: TimeAmount

    /// Providers answer within a few seconds or not at all; the outbox has other texts to send.
    static let timeout: TimeAmount = .seconds(10)

    init(
        accountSID: String, authToken: String, from: String, baseURL: String,
        statusCallbackURL: String?, client: any Client, timeout: TimeAmount = TwilioSMSGateway.timeout
    ) {
        self.accountSID = accountSID
        self.authToken = authToken
        self.from = from
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.statusCallbackURL = statusCallbackURL
        self.client = client
        self.timeout = timeout
    }

    var endpoint: String { "\(baseURL)/2010-04-01/Accounts/\(accountSID)/Messages.json" }

    /// The form fields Twilio expects; a sender starting with "MG" is a Messaging Service.
    func parameters(for message: OutgoingSMS) -> [(String, String)] {
        var fields = [("To", message.to), ("Body", message.body)]
        fields.append(from.hasPrefix("MG") ? ("MessagingServiceSid", from) : ("From", from))
        if let statusCallbackURL { fields.append(("StatusCallback", statusCallbackURL)) }
        return fields
    }

    func deliver(_ message: OutgoingSMS) async throws -> SMSDelivery {
        var headers = HTTPHeaders()
        headers.basicAuthorization = BasicAuthorization(username: accountSID, password: authToken)
        headers.contentType = .urlEncodedForm
        headers.replaceOrAdd(name: .accept, value: "application/json")
        let body = Self.formEncoded(parameters(for: message))
        let request = ClientRequest(method: .POST, url: URI(string: endpoint), headers: headers, body: ByteBuffer(string: body), timeout: timeout)

        let response: ClientResponse
        do {
            response = try await client.send(request)
        } catch {
            // Refused, reset or timed out: Twilio (or the network) is down, not the number.
            throw SMSGatewayError.temporary("twilio unreachable")
        }
        let answer = response.body.flatMap { try? JSONDecoder().decode(Answer.self, from: Data(buffer: $0)) }
        switch response.status.code {
        case 200, 201:
            return SMSDelivery(providerMessageID: answer?.sid, state: .sent)
        default:
            throw Self.error(status: response.status.code, code: answer?.code)
        }
    }

    /// Turns a refusal into temporary or permanent. The reason quotes only the status and
    /// Twilio's code: Twilio's own message repeats the phone number.
    static func error(status: UInt, code: Int?) -> SMSGatewayError {
        let reason = "twilio \(status)" + (code.map { " code \($0)" } ?? "")
        switch status {
        case 500...599, 429, 408:
            return .temporary(reason)
        case 401, 403:
            // Wrong SID or token, suspended account: every text fails the same way here, but
            // the other provider may still carry them.
            return .temporary(reason)
        default:
            if let code, recipientCodes.keys.contains(code) {
                return .permanent("\(reason) \(recipientCodes[code]!)")
            }
            if let code, senderCodes.contains(code) { return .temporary(reason + " sender misconfigured") }
            // A wrong account SID or base URL answers 404 for every text: configuration, not the text.
            if status == 404 { return .temporary(reason) }
            return .permanent(reason)
        }
    }

    /// Twilio's codes that say this recipient cannot be texted, whoever tries again.
    static let recipientCodes: [Int: String] = [
        21211: "invalid recipient",
        21614: "recipient not a mobile",
        21610: "recipient unsubscribed",
        21408: "recipient region not enabled",
    ]

    /// Codes about our own sender (`From` invalid, not ours, not SMS-capable): a typo in the
    /// settings should not fail every text for good while another provider could carry them.
    static let senderCodes: Set<Int> = [21212, 21606, 21659]

    /// `application/x-www-form-urlencoded`, written out rather than left to an encoder: only
    /// unreserved ASCII stays as is, so "+" in a number and any Arabic or emoji in the body
    /// reach Twilio exactly (an unescaped "+" would arrive as a space).
    static func formEncoded(_ fields: [(String, String)]) -> String {
        fields.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    private static func escape(_ value: String) -> String {
        var escaped = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                escaped += String(format: "%%%02X", byte)
            }
        }
        return escaped
    }

    /// The part of Twilio's JSON we read: `sid` on success, `code` on refusal.
    struct Answer: Decodable {
        let sid: String?
        let code: Int?
    }
}

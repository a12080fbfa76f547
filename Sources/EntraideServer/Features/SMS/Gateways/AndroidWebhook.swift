import Vapor

/// What the Android gateway app posts to us: JSON events
/// `{"deviceId", "event", "id", "webhookId", "payload": {...}}` for `sms:received`,
/// `sms:sent`, `sms:delivered` and `sms:failed` (and others we ignore), signed with the app's
/// signing key (Settings → Webhooks → Signing Key).
///
/// The signature is the app's: `X-Signature` is the lowercase hex HMAC-SHA256 of the raw body
/// as received followed by the `X-Timestamp` header (unix seconds). It must be checked on the
/// raw bytes, before any JSON decoding.
enum AndroidWebhook {
    static let signatureHeader = "X-Signature"
    static let timestampHeader = "X-Timestamp"
    /// A signed request older (or newer) than this is refused, so a captured one cannot be replayed later.
    static let tolerance: TimeInterval = 300

    static func signature(body: Data, timestamp: String, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body + Data(timestamp.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return code.hex
    }

    static func isValid(body: Data, timestamp: String?, signature: String?, secret: String, now: Date = Date()) -> Bool {
        guard let timestamp, let signature, !secret.isEmpty,
              let seconds = TimeInterval(timestamp), seconds.isFinite,
              abs(now.timeIntervalSince1970 - seconds) <= tolerance else { return false }
        return Secrets.constantTimeEquals(signature.lowercased(), self.signature(body: body, timestamp: timestamp, secret: secret))
    }

    enum Event: Equatable {
        case received(InboundSMS)
        case receipt(SMSReceipt)
        /// A well-formed event we do not act on (`system:ping`, `mms:received`…): answer 2xx so
        /// the phone stops retrying it.
        case other
    }

    /// Nil when the body is not a gateway event, or an SMS event lacks what we need.
    static func parse(_ body: Data) -> Event? {
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: body) else { return nil }
        let payload = envelope.payload
        switch envelope.event {
        case "sms:received":
            // Older documentation shows the text as `textMessage.text`; the app sends `message`.
            guard let from = payload?.phoneNumber, !from.isEmpty,
                  let text = payload?.message ?? payload?.textMessage?.text else { return nil }
            // `messageId` is derived from the sender, time and text, so the same text posted
            // twice (a retry, an inbox export) keeps it; the event `id` is a fallback only.
            return .received(InboundSMS(from: from, body: text, providerMessageID: payload?.messageId ?? envelope.id))
        case "sms:sent", "sms:delivered", "sms:failed":
            guard let id = payload?.messageId, !id.isEmpty else { return nil }
            let state: SMSReceipt.State = switch envelope.event {
            case "sms:sent": .sent
            case "sms:delivered": .delivered
            default: .failed
            }
            return .receipt(SMSReceipt(providerMessageID: id, state: state, error: state == .failed ? (payload?.reason ?? "failed") : nil))
        default:
            return .other
        }
    }

    private struct Envelope: Decodable {
        struct Payload: Decodable {
            struct TextMessage: Decodable { let text: String? }
            let messageId: String?
            let phoneNumber: String?
            let message: String?
            let textMessage: TextMessage?
            let reason: String?
        }
        let event: String
        let id: String?
        let payload: Payload?

        enum CodingKeys: String, CodingKey { case event, id, payload }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            event = try container.decode(String.self, forKey: .event)
            id = try? container.decodeIfPresent(String.self, forKey: .id)
            // Other events carry other payloads (a health report, MMS attachments): an
            // unexpected shape there must not make the whole event unreadable.
            payload = try? container.decodeIfPresent(Payload.self, forKey: .payload)
        }
    }
}

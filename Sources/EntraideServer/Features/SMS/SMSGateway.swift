import Vapor
import EntraideCore

/// Hands one SMS to a provider. Drivers: `log` (default: kept in the outbox only),
/// `twilio` (Twilio's REST API or any compatible one) and `android` (a self-hosted Android
/// phone running an SMS gateway app, the cheap option for a small association).
///
/// A driver only talks to its provider: the outbox (`SMSOutbox`) decides when to send,
/// retries, fails over to the second provider, and records what happened.
protocol SMSGateway: Sendable {
    /// The driver's name, kept on each outbox row (`log`, `twilio`, `android`).
    var name: String { get }
    /// Sends one text; throws `SMSGatewayError` when the provider did not take it.
    func deliver(_ message: OutgoingSMS) async throws -> SMSDelivery
}

/// What a driver needs to send: the outbox row's id (for the provider's callback), the
/// E.164 number and the text.
struct OutgoingSMS: Sendable {
    let id: UUID
    let to: String
    let body: String
}

/// The provider's answer when it accepted a text.
struct SMSDelivery: Sendable, Equatable {
    enum State: String, Sendable { case sent, delivered, logged }
    /// The provider's own id for the message, which its delivery receipts quote.
    let providerMessageID: String?
    let state: State
}

/// Why a provider did not take a text.
enum SMSGatewayError: Error, Equatable {
    /// Worth trying again later or through another provider: network failure, timeout, 5xx,
    /// 429, a phone gateway that is offline.
    case temporary(String)
    /// Trying again would fail the same way: the number is invalid, or the provider refuses
    /// it (4xx other than 408/429).
    case permanent(String)
}

/// A delivery receipt from a provider, as the outbox understands it.
struct SMSReceipt: Sendable, Equatable {
    enum State: String, Sendable { case sent, delivered, failed }
    let providerMessageID: String
    let state: State
    let error: String?
}

/// A text received from a phone, as the inbound pipeline understands it.
struct InboundSMS: Sendable, Equatable {
    /// The sender, as the provider wrote it (normalised to E.164 by the pipeline).
    let from: String
    let body: String
    /// The provider's id, so a webhook delivered twice is handled once.
    let providerMessageID: String?
}

/// Development and small deployments: nothing leaves the machine; `entraide sms outbox` shows the texts.
struct LogSMSGateway: SMSGateway {
    let name = "log"

    func deliver(_ message: OutgoingSMS) async throws -> SMSDelivery {
        SMSDelivery(providerMessageID: nil, state: .logged)
    }
}

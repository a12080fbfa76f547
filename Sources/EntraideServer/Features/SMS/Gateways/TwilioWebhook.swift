import Vapor

/// What Twilio posts to us: incoming texts and delivery receipts, as form fields, signed in
/// `X-Twilio-Signature`.
///
/// The signature is Twilio's documented algorithm: the full URL Twilio called (scheme, host,
/// path and query string, exactly as configured), followed by every POST field's name and
/// value with no separators, fields sorted by name; HMAC-SHA1 keyed by the auth token;
/// base64. Behind a proxy the URL must be the public one (`PUBLIC_URL`), not the one the
/// server saw.
enum TwilioWebhook {
    static let signatureHeader = "X-Twilio-Signature"

    static func signature(url: String, parameters: [String: String], authToken: String) -> String {
        // Sorted by the names' bytes, as Twilio's own libraries do; Swift's `<` on String would
        // order by Unicode rules, which differ once a name leaves ASCII.
        let names = parameters.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var signed = url
        for name in names { signed += name + (parameters[name] ?? "") }
        let code = HMAC<Insecure.SHA1>.authenticationCode(for: Data(signed.utf8), using: SymmetricKey(data: Data(authToken.utf8)))
        return Data(code).base64EncodedString()
    }

    /// Whether the request comes from Twilio; a missing header is a forgery.
    static func isValid(signature: String?, url: String, parameters: [String: String], authToken: String) -> Bool {
        guard let signature, !signature.isEmpty, !authToken.isEmpty else { return false }
        return Secrets.constantTimeEquals(signature, self.signature(url: url, parameters: parameters, authToken: authToken))
    }

    /// An incoming text: `From`, `Body`, `MessageSid`. Nil without a sender (not a text).
    static func inbound(_ parameters: [String: String]) -> InboundSMS? {
        guard let from = parameters["From"], !from.isEmpty else { return nil }
        return InboundSMS(
            from: from,
            // A picture without a caption comes with an empty body.
            body: parameters["Body"] ?? "",
            providerMessageID: parameters["MessageSid"] ?? parameters["SmsMessageSid"]
        )
    }

    /// A status callback: `MessageSid`, `MessageStatus`, and `ErrorCode` when it failed.
    /// Nil for statuses that say nothing about an outgoing text (`received`, `scheduled`…).
    static func receipt(_ parameters: [String: String]) -> SMSReceipt? {
        guard let id = parameters["MessageSid"] ?? parameters["SmsSid"], !id.isEmpty,
              let status = parameters["MessageStatus"] ?? parameters["SmsStatus"] else { return nil }
        switch status {
        case "queued", "accepted", "sending", "sent":
            return SMSReceipt(providerMessageID: id, state: .sent, error: nil)
        case "delivered", "read":
            return SMSReceipt(providerMessageID: id, state: .delivered, error: nil)
        case "failed", "undelivered":
            let code = parameters["ErrorCode"].flatMap { $0.isEmpty ? nil : $0 }
            return SMSReceipt(providerMessageID: id, state: .failed, error: code ?? status)
        case "canceled":
            // A scheduled text cancelled before it left: it will never arrive.
            return SMSReceipt(providerMessageID: id, state: .failed, error: status)
        default:
            return nil
        }
    }
}

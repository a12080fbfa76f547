import Vapor
import EntraideCore

/// What providers call: received texts and delivery receipts. Each call is authenticated
/// (Twilio's signature, the Android gateway's signed body) before anything is read, and
/// answered at once: the reply is written to the outbox and sent by the SMS loop.
struct SMSWebhooks: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let sms = routes.grouped("sms")
        sms.post("twilio", "inbound", use: Self.twilioInbound)
        sms.post("twilio", "status", use: Self.twilioStatus)
        sms.on(.POST, "android", "webhook", body: .collect(maxSize: "64kb"), use: Self.android)
    }

    static func twilioInbound(_ req: Request) async throws -> Response {
        let parameters = try twilioParameters(req)
        guard let inbound = TwilioWebhook.inbound(parameters) else { throw AppError(.badRequest, "sms.webhook_invalid") }
        try await SMSInboundService(channel: SMSChannel(application: req.application, database: req.db, logger: req.logger))
            .handle(inbound, driver: "twilio")
        // An empty TwiML answer: Twilio sends nothing itself; our reply goes through the outbox.
        return Response(status: .ok, headers: ["Content-Type": "text/xml"], body: .init(string: "<Response></Response>"))
    }

    static func twilioStatus(_ req: Request) async throws -> HTTPStatus {
        let parameters = try twilioParameters(req)
        guard let receipt = TwilioWebhook.receipt(parameters) else { throw AppError(.badRequest, "sms.webhook_invalid") }
        try await req.smsOutbox.record(receipt)
        return .noContent
    }

    /// The form's fields, once Twilio's signature over them and our public URL is checked.
    private static func twilioParameters(_ req: Request) throws -> [String: String] {
        guard let token = req.config.twilioAuthToken else { throw AppError.notFound("sms.driver_not_configured") }
        let parameters = (try? req.content.decode([String: String].self, as: .urlEncodedForm)) ?? [:]
        let url = (req.config.publicURL ?? "") + req.url.string
        guard TwilioWebhook.isValid(signature: req.headers.first(name: "X-Twilio-Signature"), url: url,
                                    parameters: parameters, authToken: token) else {
            throw AppError(.forbidden, "sms.signature_invalid")
        }
        return parameters
    }

    static func android(_ req: Request) async throws -> HTTPStatus {
        guard let secret = req.config.androidWebhookSecret else { throw AppError.notFound("sms.driver_not_configured") }
        let body = req.body.data.map { Data(buffer: $0) } ?? Data()
        guard AndroidWebhook.isValid(body: body, timestamp: req.headers.first(name: "X-Timestamp"),
                                     signature: req.headers.first(name: "X-Signature"), secret: secret) else {
            throw AppError(.forbidden, "sms.signature_invalid")
        }
        switch AndroidWebhook.parse(body) {
        case .received(let inbound):
            try await SMSInboundService(channel: SMSChannel(application: req.application, database: req.db, logger: req.logger))
                .handle(inbound, driver: "android")
        case .receipt(let receipt):
            try await req.smsOutbox.record(receipt)
        case .other:
            break
        case nil:
            throw AppError(.badRequest, "sms.webhook_invalid")
        }
        return .noContent
    }
}

import Vapor
import Fluent
import EntraideCore

/// Hands an SMS to a provider. Drivers: `log` (default) keeps it in the outbox only.
protocol SMSGateway: Sendable {
    var name: String { get }
    /// Delivers one message already recorded in the outbox, and returns its new status.
    func deliver(_ message: SMSMessage, logger: Logger) async throws -> SMSMessage.Status
}

/// Development and small deployments: nothing leaves the machine; `entraide sms outbox` shows the texts.
struct LogSMSGateway: SMSGateway {
    let name = "log"

    func deliver(_ message: SMSMessage, logger: Logger) async throws -> SMSMessage.Status {
        // The body may hold a login code, and the number is personal: neither goes to the log in full.
        logger.info("sms kept in outbox", metadata: ["to": .string(PhoneMask.mask(message.toPhone)), "purpose": .string(message.purpose)])
        return .logged
    }
}

extension Application {
    private struct SMSGatewayKey: StorageKey { typealias Value = any SMSGateway }

    var smsGateway: any SMSGateway {
        get { storage[SMSGatewayKey.self] ?? LogSMSGateway() }
        set { storage[SMSGatewayKey.self] = newValue }
    }
}

/// Writes an SMS to the outbox, then gives it to the configured gateway.
struct SMSSender {
    let gateway: any SMSGateway
    let database: any Database
    let logger: Logger

    func send(to phone: String, body: String, purpose: String, userID: UUID?) async throws {
        let message = SMSMessage(toPhone: phone, body: body, purpose: purpose, driver: gateway.name, userID: userID)
        try await message.create(on: database)
        do {
            message.status = try await gateway.deliver(message, logger: logger).rawValue
        } catch {
            logger.warning("sms delivery failed", metadata: ["to": .string(PhoneMask.mask(phone)), "error": .string("\(error)")])
            message.status = SMSMessage.Status.failed.rawValue
        }
        try await message.update(on: database)
    }
}

extension Request {
    var sms: SMSSender { SMSSender(gateway: application.smsGateway, database: db, logger: logger) }
}

import Vapor
import Fluent
import EntraideCore

struct SMSCommands: AsyncCommandGroup {
    let help = "SMS operations"
    var commands: [String: any AnyAsyncCommand] { ["outbox": OutboxCommand()] }
}

/// `entraide sms outbox`: the latest SMS the platform sent, newest first, one a line,
/// tab-separated (time, status, masked number, text), for operators debugging delivery.
struct OutboxCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "limit", short: "n", help: "How many messages (default 20)")
        var limit: Int?
    }

    let help = "Print the latest SMS messages sent (newest first)"

    func run(using context: CommandContext, signature: Signature) async throws {
        let limit = min(max(signature.limit ?? 20, 1), 1000)
        let messages = try await SMSMessage.query(on: context.application.db)
            .sort(\.$createdAt, .descending).limit(limit).all()
        if messages.isEmpty { context.console.print("(outbox empty)") }
        for message in messages {
            context.console.print(OutboxLine.format(message))
        }
    }
}

enum OutboxLine {
    static func format(_ message: SMSMessage) -> String {
        let time = message.createdAt.map { ISO8601DateFormatter().string(from: $0) } ?? "-"
        let body = message.body.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
        return [time, message.status, PhoneMask.mask(message.toPhone), body].joined(separator: "\t")
    }
}

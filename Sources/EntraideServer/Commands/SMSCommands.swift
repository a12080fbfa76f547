import Vapor
import Fluent
import EntraideCore

struct SMSCommands: AsyncCommandGroup {
    let help = "SMS operations"
    var commands: [String: any AnyAsyncCommand] { ["outbox": OutboxCommand(), "receive": ReceiveCommand()] }
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

/// `entraide sms receive <number> <text>`: reads a text as if a provider had delivered it,
/// and prints the answers written to the outbox, to try the SMS channel without a provider.
struct ReceiveCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "from", help: "The sender's number, e.g. +33612345601")
        var from: String
        @Argument(name: "text", help: "The text, in quotes")
        var text: String
    }

    let help = "Read a text as if it came from a phone, and print the answers"

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let started = Date()
        let outcome = try await SMSInboundService(channel: SMSChannel(application: app))
            .handle(InboundSMS(from: signature.from, body: signature.text, providerMessageID: nil), driver: "cli")
        guard case .handled(let command) = outcome else {
            context.console.print("Not a number that can be answered.")
            return
        }
        context.console.print("Read as: \(command)")
        let answers = try await SMSMessage.query(on: app.db).filter(\.$createdAt >= started).sort(\.$createdAt).all()
        if answers.isEmpty { context.console.print("(no answer: the number said STOP)") }
        for answer in answers { context.console.print(OutboxLine.format(answer)) }
    }
}

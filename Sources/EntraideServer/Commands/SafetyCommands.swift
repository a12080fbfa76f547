import Vapor
import EntraideCore

/// `entraide safety detector-bench`: how many 500-character texts the sensitive-content
/// detector reads per second on this machine (scripts/bench reports it).
struct SafetyCommands: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "task", help: "detector-bench")
        var task: String

        @Option(name: "iterations", help: "Texts to read (default 20000)")
        var iterations: Int?
    }

    let help = "Safety tools: detector-bench"

    /// A realistic public text of 500 characters, with nothing to find but many near misses.
    static let sampleText = String(("""
        Bonjour à tous, je cherche quelqu'un pour m'aider à porter des cartons samedi prochain vers 14h, \
        du côté de la place du marché. J'ai aussi 3 couvertures et 2 sacs de couchage à donner pour cet hiver, \
        en bon état, lavés. Si vous connaissez une association qui en a besoin, dites-le moi ! On peut aussi \
        prendre un café ensemble au centre social, le mardi de 10h à 12h, c'est ouvert à tous. Merci d'avance \
        pour votre aide et belle journée à vous, à bientôt dans le quartier. Les enfants sont les bienvenus aussi.
        """).prefix(500))

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.task == "detector-bench" else {
            context.console.error("Unknown task: \(signature.task) (detector-bench)")
            throw AppError(.badRequest, "command.unknown")
        }
        let rate = DetectorBenchmark.run(detector: context.application.screening.detector, text: Self.sampleText,
                                         iterations: signature.iterations ?? 20_000)
        context.console.print(String(format: "detector: %.0f texts/s (%d characters each)", rate, Self.sampleText.count))
    }
}

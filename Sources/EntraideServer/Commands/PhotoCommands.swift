import Vapor
import EntraideCore

/// `entraide photos bench`: how long the server takes to turn a 12-megapixel phone photo
/// into a profile photo on this machine (scripts/bench reports it).
struct PhotoCommands: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "task", help: "bench")
        var task: String

        @Option(name: "iterations", help: "Photos to normalise (default 10)")
        var iterations: Int?
    }

    let help = "Photo tools: bench"

    /// A 4000×3000 picture with gradients and fine texture, encoded as a camera would (quality 92).
    static func phonePhoto() throws -> [UInt8] {
        var image = PixelImage(width: 4000, height: 3000)
        var seed: UInt32 = 2026
        var pixels = [UInt8](repeating: 0, count: 4000 * 3000 * 3)
        for y in 0..<3000 {
            for x in 0..<4000 {
                seed = seed &* 1_664_525 &+ 1_013_904_223
                let noise = Int(seed >> 28) - 8
                let index = (y * 4000 + x) * 3
                pixels[index] = UInt8(clamping: x * 255 / 4000 + noise)
                pixels[index + 1] = UInt8(clamping: y * 255 / 3000 + noise)
                pixels[index + 2] = UInt8(clamping: ((x / 40 + y / 40) % 2) * 120 + 60 + noise)
            }
        }
        image = PixelImage(width: 4000, height: 3000, pixels: pixels) ?? image
        return try JPEGEncoder.encode(image, quality: 92)
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.task == "bench" else {
            context.console.error("Unknown task: \(signature.task) (bench)")
            throw AppError(.badRequest, "command.unknown")
        }
        let input = try Self.phonePhoto()
        let iterations = max(1, signature.iterations ?? 10)
        var output = 0
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for _ in 0..<iterations { output = try ProfilePhoto.normalise(input).jpeg.count }
        }
        let perPhoto = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.console.print(String(format: "photos: 12 MP JPEG (%.1f MB) → profile photo (%.1f KB) in %.0f ms",
                                     Double(input.count) / 1_048_576, Double(output) / 1024, perPhoto / Double(iterations)))
    }
}

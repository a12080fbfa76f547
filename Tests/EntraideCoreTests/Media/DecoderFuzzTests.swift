import Testing
@testable import EntraideCore

extension MediaTests {
    /// Decoders read whatever the internet sends. Thousands of damaged versions of the fixtures
    /// (cut short, bytes changed, runs of bytes copied, removed or inserted), the same on every
    /// run, must each give an image or a `PhotoError`, never a crash, and quickly.
    @Suite struct DecoderFuzzTests {
        static let rounds = 100

        static func damaged(_ original: [UInt8], using random: inout SeededRandom) -> [UInt8] {
            var bytes = original
            switch Int.random(in: 0..<5, using: &random) {
            case 0:
                bytes = Array(bytes.prefix(Int.random(in: 0..<max(1, bytes.count), using: &random)))
            case 1:
                for _ in 0..<Int.random(in: 1...8, using: &random) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            case 2:
                // Headers and tables sit in the first few hundred bytes: hit them harder.
                for _ in 0..<Int.random(in: 1...4, using: &random) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<min(bytes.count, 400), using: &random)] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
                }
            case 3:
                let start = Int.random(in: 0..<max(1, bytes.count), using: &random)
                let count = min(Int.random(in: 1...64, using: &random), bytes.count - start)
                if count > 0 { bytes.removeSubrange(start..<(start + count)) }
            default:
                let at = Int.random(in: 0...bytes.count, using: &random)
                bytes.insert(contentsOf: (0..<Int.random(in: 1...32, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }, at: at)
            }
            return bytes
        }

        @Test(arguments: MediaFixtures.imageNames)
        func damagedFilesNeverCrashTheDecoders(name: String) {
            let original = MediaFixtures.bytes(name)
            var random = SeededRandom(seed: UInt64(truncatingIfNeeded: name.utf8.reduce(5381) { $0 &* 33 &+ Int($1) }))
            var decoded = 0, refused = 0
            for _ in 0..<Self.rounds {
                let bytes = Self.damaged(original, using: &random)
                do {
                    // A low pixel limit keeps headers changed into huge sizes quick to refuse.
                    let image = name.hasSuffix(".png") ? try PNGDecoder.decode(bytes, maxPixels: 1_000_000)
                                                       : try JPEGDecoder.decode(bytes, maxPixels: 1_000_000)
                    #expect(image.pixels.count == image.width * image.height * 3)
                    decoded += 1
                } catch {
                    refused += 1
                }
            }
            #expect(decoded + refused == Self.rounds)
        }

        @Test func damagedFilesNeverCrashTheProfilePhotoPipeline() {
            var random = SeededRandom(seed: 2024)
            let originals = MediaFixtures.imageNames.map(MediaFixtures.bytes)
            for round in 0..<300 {
                let bytes = Self.damaged(originals[round % originals.count], using: &random)
                if let photo = try? ProfilePhoto.normalise(bytes, maxSide: 48) {
                    #expect(photo.jpeg.count <= ProfilePhoto.defaultMaxBytes)
                }
            }
        }
    }
}

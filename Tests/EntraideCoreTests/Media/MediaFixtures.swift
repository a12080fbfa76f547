import Foundation
import Testing
@testable import EntraideCore

/// The root of the media tests, so that `swift test --filter Media` runs them all.
@Suite struct MediaTests {}

/// The image fixtures (made by Fixtures/make_fixtures.py) and helpers shared by the media tests.
enum MediaFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ name: String) -> [UInt8] {
        (try? [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))) ?? []
    }

    static var imageNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".jpg") || $0.hasSuffix(".png") }.sorted()
    }

    // The colours of the four blocks of the 80×56 test picture, and a point inside each.
    static let red = PixelImage.RGB(220, 40, 40), green = PixelImage.RGB(40, 180, 60)
    static let blue = PixelImage.RGB(40, 60, 200), yellow = PixelImage.RGB(240, 220, 50)
    static let corner = PixelImage.RGB(250, 0, 200)
    static let gpsSecret = Array("ENTRAIDE-GPS-SECRET".utf8)

    /// (x, y, colour) inside each block, away from edges where JPEG smears colours.
    static let blockSamples: [(Int, Int, PixelImage.RGB)] = [(10, 8, red), (70, 8, green), (10, 48, blue), (70, 48, yellow)]

    static func grey(_ c: PixelImage.RGB) -> PixelImage.RGB {
        // What Pillow's convert("L") computes: ITU-R 601-2 luma.
        let weighted: Int = Int(c.r) * 299 + Int(c.g) * 587 + Int(c.b) * 114
        let l = UInt8((weighted + 500) / 1000)
        return PixelImage.RGB(l, l, l)
    }

    static func distance(_ a: PixelImage.RGB?, _ b: PixelImage.RGB) -> Int {
        guard let a else { return .max }
        let r: Int = abs(Int(a.r) - Int(b.r)), g: Int = abs(Int(a.g) - Int(b.g)), blue: Int = abs(Int(a.b) - Int(b.b))
        return max(r, g, blue)
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in
            haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle)
        }
    }

    /// The JPEG markers of a file, up to the first scan.
    static func markers(_ jpeg: [UInt8]) -> [UInt8] {
        var found: [UInt8] = [], i = 2
        while i + 4 <= jpeg.count, jpeg[i] == 0xFF {
            let marker = jpeg[i + 1]
            found.append(marker)
            if marker == 0xDA { break }
            i += 2 + (Int(jpeg[i + 2]) << 8 | Int(jpeg[i + 3]))
        }
        return found
    }

    /// A PNG of the given IHDR fields and raw (already filtered) data, compressed as stored
    /// DEFLATE blocks. CRCs are left at zero: the decoder does not read them.
    static func png(width: Int, height: Int, depth: UInt8 = 8, colour: UInt8 = 2, interlaced: Bool = false,
                    palette: [UInt8]? = nil, raw: [UInt8]) -> [UInt8] {
        func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] { be32(body.count) + Array(type.utf8) + body + [0, 0, 0, 0] }
        var zlib: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(65535, raw.count - offset)
            let final: UInt8 = offset + count == raw.count ? 1 : 0
            zlib += [final, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8(~count >> 8 & 0xFF)]
            zlib += raw[offset..<(offset + count)]
            offset += count
        } while offset < raw.count
        zlib += [0, 0, 0, 0] // Adler-32, not checked either
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", be32(width) + be32(height) + [depth, colour, 0, 0, interlaced ? 1 : 0])
        if let palette { png += chunk("PLTE", palette) }
        png += chunk("IDAT", zlib) + chunk("IEND", [])
        return png
    }

    /// A colourful noise picture as a PNG: random indices into a palette of 256 random colours
    /// (one byte a pixel, so 2000×2000 stays under the 10 MB limit), in squares of `grain`
    /// pixels so the noise survives a reduction by about as much.
    static func noisePNG(width: Int, height: Int, grain: Int = 1, seed: UInt64) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        let palette = (0..<768).map { _ in UInt8.random(in: 0...255, using: &random) }
        let columns = (width + grain - 1) / grain
        var raw = [UInt8](repeating: 0, count: height * (width + 1))
        var indices = [UInt8](repeating: 0, count: columns)
        for y in 0..<height {
            if y % grain == 0 { for i in 0..<columns { indices[i] = UInt8.random(in: 0...255, using: &random) } }
            for x in 0..<width { raw[y * (width + 1) + 1 + x] = indices[x / grain] }
        }
        return png(width: width, height: height, colour: 3, palette: palette, raw: raw)
    }
}

/// SplitMix64: the same numbers on every run and platform.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

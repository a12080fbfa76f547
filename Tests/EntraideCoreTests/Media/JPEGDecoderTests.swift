import Testing
@testable import EntraideCore

extension MediaTests {
    @Suite struct JPEGDecoderTests {
        @Test(arguments: ["blocks-420.jpg", "blocks-422.jpg", "blocks-444.jpg", "blocks-progressive.jpg", "blocks-restart.jpg"])
        func decodesTheBlockColours(name: String) throws {
            let image = try JPEGDecoder.decode(MediaFixtures.bytes(name))
            #expect(image.width == 80 && image.height == 56)
            for (x, y, colour) in MediaFixtures.blockSamples {
                #expect(MediaFixtures.distance(image.pixel(x: x, y: y), colour) <= 4, "\(name) at \(x),\(y): \(String(describing: image.pixel(x: x, y: y)))")
            }
        }

        @Test func decodesGrey() throws {
            let image = try JPEGDecoder.decode(MediaFixtures.bytes("blocks-grey.jpg"))
            for (x, y, colour) in MediaFixtures.blockSamples {
                #expect(MediaFixtures.distance(image.pixel(x: x, y: y), MediaFixtures.grey(colour)) <= 3)
            }
        }

        /// Pixel for pixel against what libjpeg decodes (saved by the fixture script as a PNG): the
        /// three files hold the same coefficients, baseline, progressive, progressive with restarts.
        @Test(arguments: ["detail-444.jpg", "detail-progressive.jpg", "detail-progressive-restart.jpg"])
        func matchesLibjpeg(name: String) throws {
            let image = try JPEGDecoder.decode(MediaFixtures.bytes(name))
            let reference = try PNGDecoder.decode(MediaFixtures.bytes("detail.reference.png"))
            #expect(image.width == reference.width && image.height == reference.height)
            let differences = zip(image.pixels, reference.pixels).map { abs(Int($0) - Int($1)) }
            #expect(differences.max() ?? 0 <= 3, "\(name): largest difference \(differences.max() ?? 0)")
            #expect(Double(differences.reduce(0, +)) / Double(differences.count) < 0.5)
        }

        @Test func turnsThePixelsUprightFromTheExifOrientation() throws {
            // Stored 80×56 with a magenta top-left corner; orientation 6 turns it a quarter clockwise.
            let image = try JPEGDecoder.decode(MediaFixtures.bytes("orientation-6-gps.jpg"))
            #expect(image.width == 56 && image.height == 80)
            #expect(MediaFixtures.distance(image.pixel(x: 52, y: 3), MediaFixtures.corner) <= 12)
            #expect(MediaFixtures.distance(image.pixel(x: 3, y: 3), MediaFixtures.corner) > 100)
            // The stored bottom-left (blue) block is now top-left.
            #expect(MediaFixtures.distance(image.pixel(x: 10, y: 10), MediaFixtures.blue) <= 4)
        }

        @Test(arguments: [8, 4, 2])
        func decodesAtReducedScaleToTheBlockMeans(scale: Int) throws {
            let bytes = MediaFixtures.bytes("blocks-444.jpg")
            let full = try JPEGDecoder.decode(bytes)
            // A side target that makes exactly `scale` the reduction.
            let reduced = try JPEGDecoder.decode(bytes, fitting: 80 / scale).image
            #expect(reduced.width == (80 + scale - 1) / scale && reduced.height == (56 + scale - 1) / scale)
            let averaged = ImageResizer.resize(full, width: 80 / scale, height: 56 / scale)
            for y in 0..<averaged.height {
                for x in 0..<averaged.width {
                    #expect(MediaFixtures.distance(reduced.pixel(x: x, y: y), averaged.pixel(x: x, y: y)!) <= 2, "\(x),\(y)")
                }
            }
        }

        @Test func refusesHeadersOverThePixelLimitBeforeDecoding() {
            // SOI, then a frame header announcing 10,000 × 10,000 and nothing else.
            let bomb: [UInt8] = [0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0x27, 0x10, 0x27, 0x10, 1, 1, 0x11, 0]
            #expect(throws: PhotoError.tooLarge) { try JPEGDecoder.decode(bomb) }
        }

        @Test func refusesAFrameWithMoreBlocksThanTheFileHasBits() {
            // 4000 × 3000 (within the pixel limit) announced by a file of a few bytes: refused
            // before the 12-megapixel buffers are allocated.
            let bogus: [UInt8] = [0xFF, 0xD8, 0xFF, 0xC2, 0, 11, 8, 0x0B, 0xB8, 0x0F, 0xA0, 1, 1, 0x11, 0, 0xFF, 0xD9]
            #expect(throws: PhotoError.corrupt) { try JPEGDecoder.decode(bogus) }
        }

        @Test func refusesArithmeticCodingAndTwelveBitSamples() {
            let arithmetic: [UInt8] = [0xFF, 0xD8, 0xFF, 0xC9, 0, 11, 8, 0, 64, 0, 64, 1, 1, 0x11, 0]
            #expect(throws: PhotoError.unsupportedFormat) { try JPEGDecoder.decode(arithmetic) }
            let twelveBit: [UInt8] = [0xFF, 0xD8, 0xFF, 0xC1, 0, 11, 12, 0, 64, 0, 64, 1, 1, 0x11, 0]
            #expect(throws: PhotoError.unsupportedFormat) { try JPEGDecoder.decode(twelveBit) }
        }

        @Test func refusesAFileOfEndlessScans() throws {
            // A scan refining the DC bits reads one bit a block whatever came before: repeating it
            // keeps the file valid, but each copy costs a pass over every block.
            let jpeg = MediaFixtures.bytes("detail-progressive.jpg")
            let starts = (0..<(jpeg.count - 1)).filter { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xDA }
            let refine = try #require(starts.first { start in
                let components = Int(jpeg[start + 4])
                let header = start + 5 + 2 * components
                return jpeg[header] == 0 && jpeg[header + 2] >> 4 != 0 // Ss = 0, Ah > 0
            })
            let end = try #require(starts.first { $0 > refine })
            let scan = jpeg[refine..<end]
            func repeated(_ times: Int) -> [UInt8] {
                Array(jpeg[..<end]) + Array((0..<times).map { _ in scan }.joined()) + Array(jpeg[end...])
            }
            #expect(try JPEGDecoder.decode(repeated(10)).width == 96)
            #expect(throws: PhotoError.corrupt) { try JPEGDecoder.decode(repeated(100)) }
        }

        @Test func refusesAFileCutInItsData() {
            let jpeg = MediaFixtures.bytes("detail-444.jpg")
            #expect(throws: PhotoError.corrupt) { try JPEGDecoder.decode(Array(jpeg.prefix(jpeg.count * 2 / 3))) }
        }
    }
}

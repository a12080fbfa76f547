import Testing
@testable import EntraideCore

extension MediaTests {
    @Suite struct PNGDecoderTests {
        @Test(arguments: [
            "blocks-rgb.png", "blocks-rgb16-filters.png", "blocks-rgb-stored.png", "blocks-rgb-fixed.png",
            "blocks-palette.png", "blocks-rgba-adam7.png",
        ])
        func decodesTheColoursExactly(name: String) throws {
            let image = try PNGDecoder.decode(MediaFixtures.bytes(name))
            #expect(image.width == 80 && image.height == 56)
            for (x, y, colour) in MediaFixtures.blockSamples {
                #expect(image.pixel(x: x, y: y) == colour, "\(name) at \(x),\(y)")
            }
            // PNG is lossless: the block edges are sharp too.
            #expect(image.pixel(x: 39, y: 27) == MediaFixtures.red)
            #expect(image.pixel(x: 40, y: 28) == MediaFixtures.yellow)
        }

        @Test(arguments: ["blocks-grey.png", "blocks-grey16.png"])
        func decodesGrey(name: String) throws {
            let image = try PNGDecoder.decode(MediaFixtures.bytes(name))
            for (x, y, colour) in MediaFixtures.blockSamples {
                #expect(MediaFixtures.distance(image.pixel(x: x, y: y), MediaFixtures.grey(colour)) <= 1, "\(name) at \(x),\(y)")
            }
        }

        @Test func scalesTwoBitGreyAcrossTheRange() throws {
            let image = try PNGDecoder.decode(MediaFixtures.bytes("blocks-grey2-adam7.png"))
            #expect(image.pixel(x: 10, y: 8) == PixelImage.RGB(0, 0, 0))
            #expect(image.pixel(x: 70, y: 8) == PixelImage.RGB(85, 85, 85))
            #expect(image.pixel(x: 10, y: 48) == PixelImage.RGB(170, 170, 170))
            #expect(image.pixel(x: 70, y: 48) == PixelImage.RGB(255, 255, 255))
        }

        @Test func compositesAlphaOnWhite() throws {
            let image = try PNGDecoder.decode(MediaFixtures.bytes("blocks-rgba.png"))
            #expect(image.pixel(x: 10, y: 8) == MediaFixtures.red)
            #expect(image.pixel(x: 70, y: 48) == PixelImage.RGB(255, 255, 255)) // alpha 0
            // Green at alpha 128 over white: halfway.
            #expect(MediaFixtures.distance(image.pixel(x: 70, y: 8), PixelImage.RGB(147, 217, 157)) <= 1)
        }

        @Test func honoursTransparencyChunks() throws {
            let palette = try PNGDecoder.decode(MediaFixtures.bytes("blocks-palette4-trns.png"))
            #expect(palette.pixel(x: 10, y: 8) == MediaFixtures.red)
            #expect(palette.pixel(x: 10, y: 48) == PixelImage.RGB(255, 255, 255)) // blue: alpha 0
            #expect(palette.pixel(x: 70, y: 48) == MediaFixtures.yellow)
            let keyed = try PNGDecoder.decode(MediaFixtures.bytes("blocks-rgb-trns.png"))
            #expect(keyed.pixel(x: 70, y: 48) == PixelImage.RGB(255, 255, 255)) // the key colour
            #expect(keyed.pixel(x: 70, y: 8) == MediaFixtures.green)
        }

        @Test func skipsTheEmptyPassesOfATinyInterlacedImage() throws {
            // 3×3 grey, Adam7: passes 2 and 3 hold no pixel and send no byte, not even a filter type.
            func p(_ x: Int, _ y: Int) -> UInt8 { UInt8(10 * (y * 3 + x) + 5) }
            let raw: [UInt8] = [0, p(0, 0)] + [0, p(2, 0)] + [0, p(0, 2), p(2, 2)] + [0, p(1, 0), 0, p(1, 2)] + [0, p(0, 1), p(1, 1), p(2, 1)]
            let image = try PNGDecoder.decode(MediaFixtures.png(width: 3, height: 3, colour: 0, interlaced: true, raw: raw))
            for y in 0..<3 { for x in 0..<3 { #expect(image.pixel(x: x, y: y) == PixelImage.RGB(p(x, y), p(x, y), p(x, y))) } }
        }

        @Test func refusesAHeaderOverThePixelLimitBeforeDecoding() {
            // 100,000 × 100,000 announced, no image data at all.
            let bomb = MediaFixtures.png(width: 100_000, height: 100_000, raw: [])
            #expect(throws: PhotoError.tooLarge) { try PNGDecoder.decode(bomb) }
        }

        @Test func refusesMissingImageData() {
            let png = MediaFixtures.bytes("blocks-rgb.png")
            #expect(throws: PhotoError.corrupt) { try PNGDecoder.decode(Array(png.prefix(33))) }
            #expect(throws: PhotoError.corrupt) { try PNGDecoder.decode(Array(png.prefix(png.count - 40))) }
        }

        @Test func refusesAnUnknownFilter() {
            let png = MediaFixtures.png(width: 2, height: 1, raw: [7, 1, 2, 3, 4, 5, 6])
            #expect(throws: PhotoError.corrupt) { try PNGDecoder.decode(png) }
        }
    }
}

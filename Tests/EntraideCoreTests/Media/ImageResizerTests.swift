import Testing
@testable import EntraideCore

extension MediaTests {
    @Suite struct ImageResizerTests {
        @Test func fitsTheLongerSideAndKeepsProportions() {
            #expect(ImageResizer.fittedSize(width: 4000, height: 3000, maxSide: 320) == (320, 240))
            #expect(ImageResizer.fittedSize(width: 3000, height: 4000, maxSide: 320) == (240, 320))
            #expect(ImageResizer.fittedSize(width: 200, height: 100, maxSide: 320) == (200, 100))
            #expect(ImageResizer.fittedSize(width: 10_000, height: 10, maxSide: 320) == (320, 1))
        }

        @Test func averagesEverySourcePixel() throws {
            // A fine checkerboard of black and white averages to grey, never to black or white.
            var board = PixelImage(width: 64, height: 64)
            for y in 0..<64 { for x in 0..<64 where (x + y) % 2 == 0 { for c in 0..<3 { board.pixels[(y * 64 + x) * 3 + c] = 0 } } }
            let small = ImageResizer.resize(board, width: 10, height: 10)
            #expect(small.pixels.allSatisfy { (110...145).contains($0) })
        }

        @Test func keepsFlatColoursExact() throws {
            let original = try PNGDecoder.decode(MediaFixtures.bytes("blocks-rgb.png"))
            let small = ImageResizer.resize(original, toFit: 20)
            #expect(small.width == 20 && small.height == 14)
            #expect(small.pixel(x: 2, y: 2) == MediaFixtures.red)
            #expect(small.pixel(x: 17, y: 11) == MediaFixtures.yellow)
        }

        @Test func turnsEveryOrientationUpright() {
            // A 3×2 image whose pixels are numbered; each orientation puts pixel 0 in its corner.
            var image = PixelImage(width: 3, height: 2)
            for i in 0..<6 { image.pixels[i * 3] = UInt8(i) }
            func firstChannel(_ image: PixelImage) -> [UInt8] { stride(from: 0, to: image.pixels.count, by: 3).map { image.pixels[$0] } }
            #expect(firstChannel(ImageOrientation.up.apply(to: image)) == [0, 1, 2, 3, 4, 5])
            #expect(firstChannel(ImageOrientation.upMirrored.apply(to: image)) == [2, 1, 0, 5, 4, 3])
            #expect(firstChannel(ImageOrientation.down.apply(to: image)) == [5, 4, 3, 2, 1, 0])
            #expect(firstChannel(ImageOrientation.downMirrored.apply(to: image)) == [3, 4, 5, 0, 1, 2])
            #expect(firstChannel(ImageOrientation.leftMirrored.apply(to: image)) == [0, 3, 1, 4, 2, 5])
            #expect(firstChannel(ImageOrientation.right.apply(to: image)) == [3, 0, 4, 1, 5, 2])
            #expect(firstChannel(ImageOrientation.rightMirrored.apply(to: image)) == [5, 2, 4, 1, 3, 0])
            #expect(firstChannel(ImageOrientation.left.apply(to: image)) == [2, 5, 1, 4, 0, 3])
        }
    }
}

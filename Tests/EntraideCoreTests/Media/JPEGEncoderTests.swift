import Testing
@testable import EntraideCore

extension MediaTests {
    @Suite struct JPEGEncoderTests {
        @Test(arguments: [95, 80, 50, 30])
        func writesAJPEGItsOwnDecoderReadsBack(quality: Int) throws {
            let original = try PNGDecoder.decode(MediaFixtures.bytes("blocks-rgb.png"))
            let jpeg = try JPEGEncoder.encode(original, quality: quality)
            #expect(Array(jpeg.prefix(2)) == [0xFF, 0xD8] && Array(jpeg.suffix(2)) == [0xFF, 0xD9])
            let decoded = try JPEGDecoder.decode(jpeg)
            #expect(decoded.width == 80 && decoded.height == 56)
            for (x, y, colour) in MediaFixtures.blockSamples {
                #expect(MediaFixtures.distance(decoded.pixel(x: x, y: y), colour) <= 8, "q\(quality) at \(x),\(y)")
            }
        }

        @Test func writesOnlyTheMarkersOfAPlainBaselineFile() throws {
            let jpeg = try JPEGEncoder.encode(PixelImage(width: 33, height: 17), quality: 80)
            // SOI is not listed: JFIF, tables, frame, Huffman tables, scan.
            #expect(MediaFixtures.markers(jpeg) == [0xE0, 0xDB, 0xC0, 0xC4, 0xC4, 0xC4, 0xC4, 0xDA])
            let decoded = try JPEGDecoder.decode(jpeg)
            #expect(decoded.width == 33 && decoded.height == 17)
            #expect(decoded.pixels.allSatisfy { $0 >= 253 })
        }

        @Test func lowerQualityMeansFewerBytes() throws {
            let image = try JPEGDecoder.decode(MediaFixtures.bytes("detail-444.jpg"))
            let sizes = try [90, 70, 50, 30].map { try JPEGEncoder.encode(image, quality: $0).count }
            #expect(sizes == sizes.sorted(by: >))
        }

        @Test func scalesTheAnnexKTablesLikeTheIJGLibrary() {
            #expect(JPEGEncoder.quantisation(JPEGTables.luminanceQuantisation, quality: 50) == JPEGTables.luminanceQuantisation)
            #expect(JPEGEncoder.quantisation(JPEGTables.luminanceQuantisation, quality: 100).allSatisfy { $0 == 1 })
            #expect(JPEGEncoder.quantisation(JPEGTables.luminanceQuantisation, quality: 75).first == 8)
        }

        @Test func refusesAnEmptyImage() {
            #expect(throws: PhotoError.corrupt) { try JPEGEncoder.encode(PixelImage(width: 0, height: 0)) }
        }
    }
}

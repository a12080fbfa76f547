import Foundation
import Testing
@testable import EntraideCore

extension MediaTests {
    @Suite struct ProfilePhotoTests {
        @Test(arguments: MediaFixtures.imageNames.filter { !$0.contains("grey") && !$0.contains("trns") && !$0.contains("rgba") && !$0.hasPrefix("detail") && !$0.hasPrefix("orientation") })
        func normalisesEveryFormatToAJPEGOfTheSamePicture(name: String) throws {
            let photo = try ProfilePhoto.normalise(MediaFixtures.bytes(name), maxSide: 40)
            #expect(photo.width == 40 && photo.height == 28)
            let decoded = try JPEGDecoder.decode(photo.jpeg)
            #expect(decoded.width == 40 && decoded.height == 28)
            for (x, y, colour) in MediaFixtures.blockSamples {
                #expect(MediaFixtures.distance(decoded.pixel(x: x / 2, y: y / 2), colour) <= 16, "\(name) at \(x),\(y)")
            }
        }

        @Test func acceptsFoundationData() throws {
            let photo = try ProfilePhoto.normalise(Data(MediaFixtures.bytes("blocks-420.jpg")))
            #expect(photo.width == 80 && photo.height == 56)
        }

        @Test func keepsASmallPhotoAtItsSize() throws {
            let photo = try ProfilePhoto.normalise(MediaFixtures.bytes("detail-444.jpg"))
            #expect(photo.width == 96 && photo.height == 64 && photo.quality == 80)
        }

        @Test func dropsAllMetadataAndTurnsThePhotoUpright() throws {
            let original = MediaFixtures.bytes("orientation-6-gps.jpg")
            #expect(MediaFixtures.contains(original, MediaFixtures.gpsSecret))
            let photo = try ProfilePhoto.normalise(original)
            #expect(photo.width == 56 && photo.height == 80)
            #expect(!MediaFixtures.contains(photo.jpeg, MediaFixtures.gpsSecret))
            #expect(!MediaFixtures.contains(photo.jpeg, Array("Exif".utf8)))
            #expect(!MediaFixtures.markers(photo.jpeg).contains(0xE1))
            let decoded = try JPEGDecoder.decode(photo.jpeg)
            #expect(MediaFixtures.distance(decoded.pixel(x: 52, y: 3), MediaFixtures.corner) <= 16)
            #expect(MediaFixtures.distance(decoded.pixel(x: 10, y: 10), MediaFixtures.blue) <= 8)
        }

        @Test func dropsTextChunksOfPNGs() throws {
            let original = MediaFixtures.bytes("blocks-rgb16-filters.png")
            #expect(MediaFixtures.contains(original, MediaFixtures.gpsSecret))
            let photo = try ProfilePhoto.normalise(original)
            #expect(!MediaFixtures.contains(photo.jpeg, MediaFixtures.gpsSecret))
        }

        @Test func keepsNoisyPhotosUnderTheByteLimit() throws {
            let noise = MediaFixtures.noisePNG(width: 2000, height: 2000, grain: 6, seed: 42)
            let photo = try ProfilePhoto.normalise(noise)
            #expect(photo.width == 320 && photo.height == 320)
            #expect(photo.jpeg.count <= 100_000)
            #expect(try JPEGDecoder.decode(photo.jpeg).width == 320)
        }

        @Test func lowersQualityThenSizeUntilThePhotoFits() throws {
            let noise = MediaFixtures.noisePNG(width: 256, height: 256, seed: 7)
            let photo = try ProfilePhoto.normalise(noise, maxSide: 256, maxBytes: 15_000)
            #expect(photo.jpeg.count <= 15_000)
            // Every quality was tried at full size before the size was lowered.
            #expect(photo.width < 256 && photo.quality <= 80)
        }

        @Test func refusesWhatIsNotAJPEGOrPNG() {
            let gif = Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 100)
            let heic: [UInt8] = [0, 0, 0, 24] + Array("ftypheic".utf8) + [UInt8](repeating: 0, count: 100)
            for bytes in [MediaFixtures.bytes("not-an-image.txt"), gif, heic, [], [0xFF, 0xD8]] {
                #expect(throws: PhotoError.unsupportedFormat) { try ProfilePhoto.normalise(bytes) }
            }
        }

        @Test func refusesDamagedFiles() {
            let jpeg = MediaFixtures.bytes("blocks-420.jpg")
            #expect(throws: PhotoError.corrupt) { try ProfilePhoto.normalise(Array(jpeg.prefix(300))) }
            let png = MediaFixtures.bytes("blocks-rgb.png")
            #expect(throws: PhotoError.corrupt) { try ProfilePhoto.normalise(Array(png.prefix(60))) }
        }

        @Test func refusesTooManyBytesBeforeLookingAtThem() {
            let huge = [0xFF, 0xD8, 0xFF] + [UInt8](repeating: 0, count: ImageLimits.maxInputBytes)
            #expect(throws: PhotoError.tooLarge) { try ProfilePhoto.normalise(huge) }
        }

        @Test func refusesTooManyPixelsFromTheHeader() {
            // 8,000 × 6,000 = 48 megapixels announced in a few bytes.
            let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0x17, 0x70, 0x1F, 0x40, 1, 1, 0x11, 0]
            #expect(throws: PhotoError.tooLarge) { try ProfilePhoto.normalise(jpeg) }
            let png = MediaFixtures.png(width: 10_000, height: 5_000, raw: [])
            #expect(throws: PhotoError.tooLarge) { try ProfilePhoto.normalise(png) }
        }

        @Test func refusesPhotosUnder32PixelsASide() throws {
            let tiny = MediaFixtures.png(width: 31, height: 100, raw: [UInt8](repeating: 0, count: 100 * (1 + 31 * 3)))
            #expect(throws: PhotoError.tooSmall) { try ProfilePhoto.normalise(tiny) }
            let jpeg = try JPEGEncoder.encode(PixelImage(width: 100, height: 20))
            #expect(throws: PhotoError.tooSmall) { try ProfilePhoto.normalise(jpeg) }
        }

        @Test func errorCodesAreStable() {
            #expect(PhotoError.allCases.map(\.code) == ["photo.unsupported_format", "photo.corrupt", "photo.too_large", "photo.too_small"])
        }
    }
}

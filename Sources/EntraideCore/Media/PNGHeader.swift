/// The IHDR chunk of a PNG: size and pixel layout, validated against the combinations the
/// specification allows before anything is allocated.
struct PNGHeader: Equatable {
    enum ColourType: Int {
        case grey = 0, rgb = 2, palette = 3, greyAlpha = 4, rgba = 6

        var channels: Int {
            switch self {
            case .grey, .palette: 1
            case .greyAlpha: 2
            case .rgb: 3
            case .rgba: 4
            }
        }
    }

    let width: Int
    let height: Int
    let bitDepth: Int
    let colourType: ColourType
    let isInterlaced: Bool

    var bitsPerPixel: Int { bitDepth * colourType.channels }
    /// The filter's unit: bytes per complete pixel, at least one.
    var filterStride: Int { max(1, bitsPerPixel / 8) }

    /// Bytes in one row of `pixels` pixels, without the filter byte.
    func rowBytes(pixels: Int) -> Int { (pixels * bitsPerPixel + 7) / 8 }

    /// Reads the signature and IHDR; checks the size against `maxPixels` before returning.
    static func read(_ bytes: [UInt8], maxPixels: Int) throws(PhotoError) -> PNGHeader {
        guard ImageFormat.sniff(bytes) == .png else { throw .unsupportedFormat }
        var reader = ByteReader(bytes, from: 8)
        guard try reader.uint32() == 13, try reader.uint32() == 0x4948_4452 else { throw .corrupt } // "IHDR"
        let width = try reader.uint32(), height = try reader.uint32()
        let depth = Int(try reader.uint8()), type = Int(try reader.uint8())
        let compression = try reader.uint8(), filter = try reader.uint8(), interlace = try reader.uint8()
        guard let colourType = ColourType(rawValue: type), compression == 0, filter == 0, interlace <= 1 else {
            throw .corrupt
        }
        let allowed: [Int] = switch colourType {
        case .grey: [1, 2, 4, 8, 16]
        case .palette: [1, 2, 4, 8]
        case .rgb, .greyAlpha, .rgba: [8, 16]
        }
        // The specification caps sides at 2^31 - 1; anything over that is damage.
        guard allowed.contains(depth), width <= 0x7FFF_FFFF, height <= 0x7FFF_FFFF else { throw .corrupt }
        try ImageLimits.check(width: width, height: height, maxPixels: maxPixels)
        return PNGHeader(width: width, height: height, bitDepth: depth, colourType: colourType, isInterlaced: interlace == 1)
    }
}

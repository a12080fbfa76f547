/// Reads a JPEG into RGB8 pixels: baseline and extended sequential (SOF0, SOF1) and
/// progressive (SOF2) Huffman-coded, 8-bit, greyscale or three components (YCbCr, or RGB when
/// an Adobe marker says so), any whole sampling ratio (4:4:4, 4:2:2, 4:2:0, 4:1:1…), restart
/// markers. Refused as `.unsupportedFormat`: arithmetic coding, lossless and hierarchical
/// modes, 12-bit samples, CMYK.
///
/// Of the metadata, only the EXIF orientation is read, to turn the pixels upright; everything
/// else in the file (GPS position, camera, comments, thumbnails, colour profiles) is skipped.
///
/// When the picture is only needed at a much smaller size, `decode(_:fitting:)` decodes it
/// at 1/2, 1/4 or 1/8 scale: at 1/8 only the DC coefficient of each block is used (it is the
/// block's mean) and progressive AC scans are not even decoded.
public enum JPEGDecoder {
    /// The whole image, upright.
    public static func decode(_ bytes: [UInt8], maxPixels: Int = ImageLimits.maxPixels) throws(PhotoError) -> PixelImage {
        let decoded = try decode(bytes, fitting: nil, maxPixels: maxPixels)
        return decoded.orientation.apply(to: decoded.image)
    }

    /// The image reduced by the largest of 1, 2, 4, 8 that keeps its longer side at least
    /// `side` (or not reduced when nil), NOT turned upright yet: turning the final, smaller
    /// image is cheaper.
    static func decode(_ bytes: [UInt8], fitting side: Int?, maxPixels: Int = ImageLimits.maxPixels) throws(PhotoError) -> (image: PixelImage, orientation: ImageOrientation) {
        var decoding = JPEGDecoding(bytes: bytes, maxPixels: maxPixels, side: side)
        try decoding.run()
        return (try decoding.image(), decoding.orientation)
    }

    /// The size announced by the frame header, read without decoding anything.
    static func size(of bytes: [UInt8], maxPixels: Int = ImageLimits.maxPixels) throws(PhotoError) -> (width: Int, height: Int) {
        var decoding = JPEGDecoding(bytes: bytes, maxPixels: maxPixels, side: nil)
        try decoding.run(untilFrame: true)
        guard let frame = decoding.frame else { throw .corrupt }
        return (frame.width, frame.height)
    }

    /// Each scan may walk every block for a few bytes of data: a file of thousands of tiny
    /// scans would cost minutes. Real files have at most a dozen or two.
    static let maxScans = 64

    static func scale(width: Int, height: Int, fitting side: Int?) -> Int {
        guard let side, side > 0 else { return 1 }
        var scale = 8
        while scale > 1, side > max(width, height) / scale { scale /= 2 }
        return scale
    }
}

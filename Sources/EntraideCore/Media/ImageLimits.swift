/// How much an untrusted image may ask of the server, checked from its header before anything
/// is allocated: a few kilobytes can announce a gigapixel image (a decompression bomb).
public enum ImageLimits {
    /// 10 MB: bigger uploads are refused before being looked at.
    public static let maxInputBytes = 10 * 1024 * 1024
    /// 40 megapixels: every current phone camera fits; a bomb does not.
    public static let maxPixels = 40_000_000
    /// Below this, a face is not recognisable any more.
    public static let minSide = 32

    /// Throws `.tooLarge` unless `width × height` is within `maxPixels`; overflow-proof for any
    /// header values.
    static func check(width: Int, height: Int, maxPixels: Int) throws(PhotoError) {
        guard width > 0, height > 0 else { throw .corrupt }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels <= maxPixels else { throw .tooLarge }
    }
}

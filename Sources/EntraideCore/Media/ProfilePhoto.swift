/// Turns whatever a member uploads as a profile photo into the one thing we store and serve:
/// an upright JPEG of at most `maxSide` pixels a side and `maxBytes` bytes, re-encoded from
/// the pixels alone, so that no metadata (above all the GPS position phones write into EXIF)
/// can ever reach another member.
///
/// The upload is refused, with a code the member is shown, when it is not a JPEG or PNG by its
/// first bytes, is damaged, is over 10 MB or 40 megapixels (both known before anything is
/// decoded), or is under 32 pixels a side.
public enum ProfilePhoto {
    public static let defaultMaxSide = 320
    public static let defaultMaxBytes = 100_000
    /// Tried in turn until the photo fits in `maxBytes`; then the photo is made smaller.
    static let qualities = [80, 70, 60, 50, 40, 30]

    public static func normalise(_ data: [UInt8], maxSide: Int = defaultMaxSide, maxBytes: Int = defaultMaxBytes) throws(PhotoError) -> NormalisedPhoto {
        guard data.count <= ImageLimits.maxInputBytes else { throw .tooLarge }
        guard let format = ImageFormat.sniff(data) else { throw .unsupportedFormat }
        let size = switch format {
        case .jpeg: try JPEGDecoder.size(of: data)
        case .png: try PNGDecoder.size(of: data)
        }
        guard min(size.width, size.height) >= ImageLimits.minSide else { throw .tooSmall }

        let side = max(maxSide, 16)
        let (image, orientation) = switch format {
        case .jpeg: try JPEGDecoder.decode(data, fitting: side)
        case .png: (try PNGDecoder.decode(data), ImageOrientation.up)
        }
        var target = side
        while target >= 16 {
            let photo = orientation.apply(to: ImageResizer.resize(image, toFit: target))
            for quality in qualities {
                let jpeg = try JPEGEncoder.encode(photo, quality: quality)
                if jpeg.count <= maxBytes {
                    return NormalisedPhoto(jpeg: jpeg, width: photo.width, height: photo.height, quality: quality)
                }
            }
            target -= target / 4
        }
        // Only an absurdly small `maxBytes` gets here: not even a thumbnail fits.
        throw .tooLarge
    }

    /// The same for any bytes (`Data`, a buffer view…); the size is checked before copying.
    public static func normalise<Bytes: Collection<UInt8>>(_ data: Bytes, maxSide: Int = defaultMaxSide, maxBytes: Int = defaultMaxBytes) throws(PhotoError) -> NormalisedPhoto {
        guard data.count <= ImageLimits.maxInputBytes else { throw .tooLarge }
        return try normalise(Array(data), maxSide: maxSide, maxBytes: maxBytes)
    }
}

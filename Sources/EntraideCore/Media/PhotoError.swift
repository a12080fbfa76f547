/// Why an uploaded photo was refused. Raw values are stable codes, also the catalogue keys of
/// the messages shown to the member.
public enum PhotoError: String, Error, Sendable, Equatable, CaseIterable {
    /// Neither JPEG nor PNG by its first bytes, or a kind of JPEG/PNG this codec does not read
    /// (arithmetic coding, 12-bit or lossless JPEG, CMYK).
    case unsupportedFormat = "photo.unsupported_format"
    /// The bytes claim to be an image but do not hold together.
    case corrupt = "photo.corrupt"
    /// Over the byte limit, or a header announcing more pixels than we agree to decode.
    case tooLarge = "photo.too_large"
    /// Under the minimum side: nothing recognisable would be left.
    case tooSmall = "photo.too_small"

    public var code: String { rawValue }
}

/// A profile photo as stored and served: a small baseline JPEG holding pixels only.
public struct NormalisedPhoto: Sendable, Equatable {
    public let jpeg: [UInt8]
    public let width: Int
    public let height: Int
    /// The JPEG quality it was encoded at, for the logs.
    public let quality: Int
}

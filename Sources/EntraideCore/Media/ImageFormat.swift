/// The two formats a photo may arrive in, told apart by their first bytes only: a file name or
/// a declared content type says what the sender wants us to believe, the bytes say what it is.
public enum ImageFormat: String, Sendable, Equatable {
    case jpeg, png

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Nil for anything else (GIF, HEIC, WebP, PDF, text…).
    public static func sniff(_ bytes: [UInt8]) -> ImageFormat? {
        if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF { return .jpeg }
        if bytes.count >= 8, bytes[0..<8].elementsEqual(pngSignature) { return .png }
        return nil
    }
}

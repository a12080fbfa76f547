/// An opaque picture as decoded: 8-bit RGB, row by row, three bytes per pixel. Transparency is
/// gone by then (composited on white, as a profile photo is shown on a light page).
public struct PixelImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width × height × 3` bytes: R, G, B of the top-left pixel first.
    public internal(set) var pixels: [UInt8]

    /// A white image.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.pixels = [UInt8](repeating: 255, count: self.width * self.height * 3)
    }

    /// Nil unless `pixels` holds exactly `width × height × 3` bytes.
    public init?(width: Int, height: Int, pixels: [UInt8]) {
        guard width >= 0, height >= 0 else { return nil }
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, count <= Int.max / 3, count * 3 == pixels.count else { return nil }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public struct RGB: Sendable, Equatable, CustomStringConvertible {
        public var r: UInt8, g: UInt8, b: UInt8
        public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { self.r = r; self.g = g; self.b = b }
        public var description: String { "(\(r), \(g), \(b))" }
    }

    /// The pixel at (x, y), or nil outside the image.
    public func pixel(x: Int, y: Int) -> RGB? {
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        let i = (y * width + x) * 3
        return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
    }
}

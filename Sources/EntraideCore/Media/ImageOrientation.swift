/// How a camera says its pixels must be turned to stand upright: the EXIF orientation values
/// 1...8. Phones store the sensor's pixels as they come and set this tag rather than rotate.
public enum ImageOrientation: Int, Sendable, Equatable, CaseIterable {
    case up = 1, upMirrored, down, downMirrored, leftMirrored, right, rightMirrored, left

    /// Whether width and height trade places when the image is turned upright.
    public var swapsSides: Bool { rawValue >= 5 }

    /// The image turned upright.
    public func apply(to image: PixelImage) -> PixelImage {
        guard self != .up else { return image }
        let w = image.width, h = image.height
        let outWidth = swapsSides ? h : w, outHeight = swapsSides ? w : h
        // Where the stored pixel (x, y) goes, as (column, row) = origin + x·across + y·down.
        let (origin, across, down): ((Int, Int), (Int, Int), (Int, Int)) = switch self {
        case .up: ((0, 0), (1, 0), (0, 1))
        case .upMirrored: ((w - 1, 0), (-1, 0), (0, 1))
        case .down: ((w - 1, h - 1), (-1, 0), (0, -1))
        case .downMirrored: ((0, h - 1), (1, 0), (0, -1))
        case .leftMirrored: ((0, 0), (0, 1), (1, 0))
        case .right: ((h - 1, 0), (0, 1), (-1, 0))
        case .rightMirrored: ((h - 1, w - 1), (0, -1), (-1, 0))
        case .left: ((0, w - 1), (0, -1), (1, 0))
        }
        let start = (origin.1 * outWidth + origin.0) * 3
        let stepX = (across.1 * outWidth + across.0) * 3, stepY = (down.1 * outWidth + down.0) * 3
        var output = PixelImage(width: outWidth, height: outHeight)
        var from = 0
        for y in 0..<h {
            var to = start + y * stepY
            for _ in 0..<w {
                output.pixels[to] = image.pixels[from]
                output.pixels[to + 1] = image.pixels[from + 1]
                output.pixels[to + 2] = image.pixels[from + 2]
                from += 3
                to += stepX
            }
        }
        return output
    }
}

/// Shrinks images by area averaging: each output pixel is the mean of the source area it
/// covers, fractional edges weighted by how much of them it covers. Every source pixel counts
/// exactly once, so even a 10× reduction keeps fine detail as tone instead of aliasing, which
/// is what sampling a few pixels (nearest, bilinear) would give.
public enum ImageResizer {
    /// The size that fits in a `maxSide` square with the same proportions; never larger than
    /// the original, never under 1×1.
    public static func fittedSize(width: Int, height: Int, maxSide: Int) -> (width: Int, height: Int) {
        let longer = max(width, height)
        guard longer > maxSide, maxSide > 0 else { return (max(1, width), max(1, height)) }
        let fitted: (Int) -> Int = { side in max(1, Int((Double(side) * Double(maxSide) / Double(longer)).rounded())) }
        return (fitted(width), fitted(height))
    }

    /// The image reduced to fit in a `maxSide` square (returned as is when it already fits).
    public static func resize(_ image: PixelImage, toFit maxSide: Int) -> PixelImage {
        let size = fittedSize(width: image.width, height: image.height, maxSide: maxSide)
        guard size.width != image.width || size.height != image.height else { return image }
        return resize(image, width: size.width, height: size.height)
    }

    /// The image averaged down to `width × height` (meant for reductions; an enlargement
    /// just repeats pixels).
    public static func resize(_ image: PixelImage, width: Int, height: Int) -> PixelImage {
        guard image.width > 0, image.height > 0, width > 0, height > 0 else { return PixelImage(width: width, height: height) }
        let across = Weights(from: image.width, to: width)
        let down = Weights(from: image.height, to: height)

        // Rows first: every source row shrunk to `width` columns.
        var narrowed = [Float](repeating: 0, count: width * image.height * 3)
        for y in 0..<image.height {
            let source = y * image.width * 3, target = y * width * 3
            for x in 0..<width {
                var r: Float = 0, g: Float = 0, b: Float = 0
                for t in across.range(x) {
                    let w = across.weights[t], i = source + across.indices[t] * 3
                    r += w * Float(image.pixels[i])
                    g += w * Float(image.pixels[i + 1])
                    b += w * Float(image.pixels[i + 2])
                }
                narrowed[target + x * 3] = r
                narrowed[target + x * 3 + 1] = g
                narrowed[target + x * 3 + 2] = b
            }
        }
        // Then columns.
        var output = PixelImage(width: width, height: height)
        let rowLength = width * 3
        var sums = [Float](repeating: 0, count: rowLength)
        for y in 0..<height {
            for i in 0..<rowLength { sums[i] = 0 }
            for t in down.range(y) {
                let w = down.weights[t], source = down.indices[t] * rowLength
                for i in 0..<rowLength { sums[i] += w * narrowed[source + i] }
            }
            let target = y * rowLength
            for i in 0..<rowLength { output.pixels[target + i] = UInt8(clamping: Int(sums[i] + 0.5)) }
        }
        return output
    }

    /// For each output index along one axis, the source indices it covers and their weights
    /// (the share of the output pixel each covers; they add up to 1).
    private struct Weights {
        var indices: [Int] = [], weights: [Float] = [], starts: [Int] = [0]

        init(from source: Int, to target: Int) {
            let ratio = Double(source) / Double(target)
            for o in 0..<target {
                let start = Double(o) * ratio, end = min(Double(o + 1) * ratio, Double(source))
                var i = Int(start)
                while i < source, Double(i) < end {
                    let covered = min(end, Double(i + 1)) - max(start, Double(i))
                    if covered > 0 {
                        indices.append(i)
                        weights.append(Float(covered / ratio))
                    }
                    i += 1
                }
                starts.append(indices.count)
            }
        }

        func range(_ output: Int) -> Range<Int> { starts[output]..<starts[output + 1] }
    }
}

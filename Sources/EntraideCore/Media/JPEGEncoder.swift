/// Writes baseline JPEG: YCbCr with chroma at half resolution both ways (4:2:0), the
/// quantisation tables of Annex K scaled by a quality 1–100 the way the IJG library does,
/// and the Annex K Huffman tables. Nothing but the pixels goes in: no EXIF, no comment, no
/// colour profile, only the JFIF header every reader expects.
public enum JPEGEncoder {
    /// Throws `.corrupt` for an empty image or a side over 65,535 (JPEG's limit).
    public static func encode(_ image: PixelImage, quality: Int = 80) throws(PhotoError) -> [UInt8] {
        guard image.width > 0, image.height > 0, image.width <= 65535, image.height <= 65535 else { throw .corrupt }
        let luminance = quantisation(JPEGTables.luminanceQuantisation, quality: quality)
        let chrominance = quantisation(JPEGTables.chrominanceQuantisation, quality: quality)

        var out: [UInt8] = [0xFF, 0xD8]
        // APP0 JFIF 1.01, no density unit, aspect 1:1, no thumbnail.
        out += [0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        out += [0xFF, 0xDB, 0, 132, 0]
        out += JPEGTables.zigzag.map { UInt8(luminance[$0]) }
        out += [1]
        out += JPEGTables.zigzag.map { UInt8(chrominance[$0]) }
        out += [0xFF, 0xC0, 0, 17, 8,
                UInt8(image.height >> 8), UInt8(image.height & 0xFF), UInt8(image.width >> 8), UInt8(image.width & 0xFF),
                3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
        let specifications = [(0x00, JPEGTables.luminanceDC), (0x10, JPEGTables.luminanceAC),
                              (0x01, JPEGTables.chrominanceDC), (0x11, JPEGTables.chrominanceAC)]
        for (id, specification) in specifications {
            let length = 2 + 1 + 16 + specification.symbols.count
            out += [0xFF, 0xC4, UInt8(length >> 8), UInt8(length & 0xFF), UInt8(id)]
            out += specification.counts.map { UInt8($0) }
            out += specification.symbols
        }
        out += [0xFF, 0xDA, 0, 12, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]
        out += entropyCoded(image, luminance: luminance, chrominance: chrominance)
        out += [0xFF, 0xD9]
        return out
    }

    /// A base table scaled for `quality` (IJG's formula: 50 is the table itself, 100 all ones).
    static func quantisation(_ base: [Int], quality: Int) -> [Int] {
        let q = min(max(quality, 1), 100)
        let scale = q < 50 ? 5000 / q : 200 - 2 * q
        return base.map { min(max(($0 * scale + 50) / 100, 1), 255) }
    }

    private static func entropyCoded(_ image: PixelImage, luminance: [Int], chrominance: [Int]) -> [UInt8] {
        let planes = YCbCrPlanes(image)
        let dcY = HuffmanCode(JPEGTables.luminanceDC), acY = HuffmanCode(JPEGTables.luminanceAC)
        let dcC = HuffmanCode(JPEGTables.chrominanceDC), acC = HuffmanCode(JPEGTables.chrominanceAC)
        var writer = JPEGBitWriter(capacity: image.width * image.height / 4)
        var predictors = [0, 0, 0]
        var block = [Float](repeating: 0, count: 64)
        for mcuY in stride(from: 0, to: planes.height, by: 16) {
            for mcuX in stride(from: 0, to: planes.width, by: 16) {
                for (dy, dx) in [(0, 0), (0, 8), (8, 0), (8, 8)] {
                    planes.luma(x: mcuX + dx, y: mcuY + dy, into: &block)
                    encodeBlock(block, table: luminance, dc: dcY, ac: acY, predictor: &predictors[0], writer: &writer)
                }
                planes.chroma(planes.cb, x: mcuX / 2, y: mcuY / 2, into: &block)
                encodeBlock(block, table: chrominance, dc: dcC, ac: acC, predictor: &predictors[1], writer: &writer)
                planes.chroma(planes.cr, x: mcuX / 2, y: mcuY / 2, into: &block)
                encodeBlock(block, table: chrominance, dc: dcC, ac: acC, predictor: &predictors[2], writer: &writer)
            }
        }
        writer.flush()
        return writer.bytes
    }

    /// `basis[u * 8 + x]`: C(u)/2 · cos((2x + 1)uπ/16), so that F = B·f·Bᵀ is T.81's FDCT.
    private static let basis: [Float] = (0..<64).map { i in
        let u = i / 8, x = i % 8
        let c: Float = u == 0 ? 0.70710678 : 1
        return c / 2 * cosine(sixteenths: (2 * x + 1) * u)
    }

    /// cos(kπ/16), from the eight values of the first quadrant (no Foundation needed).
    private static func cosine(sixteenths k: Int) -> Float {
        let quadrant: [Float] = [1, 0.98078528, 0.92387953, 0.83146961, 0.70710678, 0.55557023, 0.38268343, 0.19509032, 0]
        var k = k % 32
        if k > 16 { k = 32 - k }
        return k > 8 ? -quadrant[16 - k] : quadrant[k]
    }

    private static func encodeBlock(_ samples: [Float], table: [Int], dc: HuffmanCode, ac: HuffmanCode,
                                    predictor: inout Int, writer: inout JPEGBitWriter) {
        // Forward DCT by rows then columns; samples are already level-shifted (-128).
        var rows = [Float](repeating: 0, count: 64)
        for y in 0..<8 {
            for u in 0..<8 {
                var sum: Float = 0
                for x in 0..<8 { sum += basis[u * 8 + x] * samples[y * 8 + x] }
                rows[y * 8 + u] = sum
            }
        }
        var quantised = [Int](repeating: 0, count: 64)
        for v in 0..<8 {
            for u in 0..<8 {
                var sum: Float = 0
                for y in 0..<8 { sum += basis[v * 8 + y] * rows[y * 8 + u] }
                quantised[v * 8 + u] = Int((sum / Float(table[v * 8 + u])).rounded())
            }
        }
        let difference = quantised[0] - predictor
        predictor = quantised[0]
        let size = magnitudeBits(difference)
        dc.write(size, to: &writer)
        writer.write(difference < 0 ? difference - 1 : difference, length: size)
        var zeros = 0
        for k in 1..<64 {
            let value = quantised[JPEGTables.zigzag[k]]
            if value == 0 { zeros += 1; continue }
            while zeros >= 16 { ac.write(0xF0, to: &writer); zeros -= 16 }
            let size = magnitudeBits(value)
            ac.write(zeros << 4 | size, to: &writer)
            writer.write(value < 0 ? value - 1 : value, length: size)
            zeros = 0
        }
        if zeros > 0 { ac.write(0x00, to: &writer) }
    }

    /// The JPEG "category" of a value: how many bits its magnitude needs.
    private static func magnitudeBits(_ value: Int) -> Int {
        let magnitude = value.magnitude
        return magnitude == 0 ? 0 : UInt.bitWidth - magnitude.leadingZeroBitCount
    }

    /// Code and length of every symbol of a Huffman table, for writing.
    private struct HuffmanCode {
        var codes = [Int](repeating: 0, count: 256)
        var lengths = [Int](repeating: 0, count: 256)

        init(_ specification: JPEGTables.HuffmanSpecification) {
            var code = 0, index = 0
            for length in 1...16 {
                for _ in 0..<specification.counts[length - 1] {
                    let symbol = Int(specification.symbols[index])
                    codes[symbol] = code
                    lengths[symbol] = length
                    code += 1
                    index += 1
                }
                code <<= 1
            }
        }

        func write(_ symbol: Int, to writer: inout JPEGBitWriter) {
            writer.write(codes[symbol], length: lengths[symbol])
        }
    }
}

/// The image in YCbCr (JFIF), luma at full size and chroma averaged over 2×2 pixels, both
/// padded to whole 16×16 MCUs by repeating the last row and column.
private struct YCbCrPlanes {
    let width: Int, height: Int
    var y: [Float], cb: [Float], cr: [Float]

    init(_ image: PixelImage) {
        width = (image.width + 15) / 16 * 16
        height = (image.height + 15) / 16 * 16
        y = [Float](repeating: 0, count: width * height)
        var fullCb = y, fullCr = y
        for row in 0..<height {
            let sourceRow = min(row, image.height - 1)
            for column in 0..<width {
                let i = (sourceRow * image.width + min(column, image.width - 1)) * 3
                let r = Float(image.pixels[i]), g = Float(image.pixels[i + 1]), b = Float(image.pixels[i + 2])
                let o = row * width + column
                y[o] = 0.299 * r + 0.587 * g + 0.114 * b - 128
                fullCb[o] = -0.168736 * r - 0.331264 * g + 0.5 * b
                fullCr[o] = 0.5 * r - 0.418688 * g - 0.081312 * b
            }
        }
        let half = width / 2
        cb = [Float](repeating: 0, count: half * height / 2)
        cr = cb
        for row in 0..<(height / 2) {
            for column in 0..<half {
                let o = 2 * row * width + 2 * column
                cb[row * half + column] = (fullCb[o] + fullCb[o + 1] + fullCb[o + width] + fullCb[o + width + 1]) / 4
                cr[row * half + column] = (fullCr[o] + fullCr[o + 1] + fullCr[o + width] + fullCr[o + width + 1]) / 4
            }
        }
    }

    func luma(x: Int, y top: Int, into block: inout [Float]) {
        for row in 0..<8 { for column in 0..<8 { block[row * 8 + column] = y[(top + row) * width + x + column] } }
    }

    func chroma(_ plane: [Float], x: Int, y top: Int, into block: inout [Float]) {
        let half = width / 2
        for row in 0..<8 { for column in 0..<8 { block[row * 8 + column] = plane[(top + row) * half + x + column] } }
    }
}

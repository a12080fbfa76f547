/// Assembles the decoded component planes into RGB pixels: chroma planes stretched back to
/// full size by repeating samples, then YCbCr converted as JFIF defines it (or taken as RGB
/// when an Adobe marker or the component names say so).
extension JPEGDecoding {
    mutating func image() throws(PhotoError) -> PixelImage {
        guard let frame else { throw .corrupt }
        try emitProgressive()
        coefficients = []
        let width = frame.outputWidth, height = frame.outputHeight
        var image = PixelImage(width: width, height: height)
        let n = frame.samplesPerBlock
        let components = frame.components

        // For each component, which plane column and row each output pixel reads.
        let columns: [[Int]] = components.map { c in
            let step = frame.maxH / c.h
            return (0..<width).map { min($0 / step, c.planeWidth - 1) }
        }
        let rows: [[Int]] = components.map { c in
            let step = frame.maxV / c.v
            let planeHeight = c.blocksPerColumn * n
            return (0..<height).map { c.planeOffset + min($0 / step, planeHeight - 1) * c.planeWidth }
        }

        if components.count == 1 {
            let rows0 = rows[0], columns0 = columns[0]
            for y in 0..<height {
                let row = rows0[y]
                var out = y * width * 3
                for x in 0..<width {
                    let value = planes[row + columns0[x]]
                    image.pixels[out] = value
                    image.pixels[out + 1] = value
                    image.pixels[out + 2] = value
                    out += 3
                }
            }
            return image
        }

        let ids = components.map(\.id)
        let isRGB = adobeTransform.map { $0 == 0 } ?? (ids == [0x52, 0x47, 0x42]) // "R", "G", "B"
        let columns0 = columns[0], columns1 = columns[1], columns2 = columns[2]
        let rows0 = rows[0], rows1 = rows[1], rows2 = rows[2]
        for y in 0..<height {
            let row0 = rows0[y], row1 = rows1[y], row2 = rows2[y]
            var out = y * width * 3
            for x in 0..<width {
                let a = Int32(planes[row0 + columns0[x]])
                let b = Int32(planes[row1 + columns1[x]])
                let c = Int32(planes[row2 + columns2[x]])
                if isRGB {
                    image.pixels[out] = UInt8(a)
                    image.pixels[out + 1] = UInt8(b)
                    image.pixels[out + 2] = UInt8(c)
                } else {
                    // R = Y + 1.402 Cr, G = Y - 0.344136 Cb - 0.714136 Cr, B = Y + 1.772 Cb, in 16.16 fixed point.
                    let cb = b - 128, cr = c - 128
                    image.pixels[out] = UInt8(clamping: a + ((91881 * cr + 32768) >> 16))
                    image.pixels[out + 1] = UInt8(clamping: a + ((-22554 * cb - 46802 * cr + 32768) >> 16))
                    image.pixels[out + 2] = UInt8(clamping: a + ((116130 * cb + 32768) >> 16))
                }
                out += 3
            }
        }
        return image
    }
}

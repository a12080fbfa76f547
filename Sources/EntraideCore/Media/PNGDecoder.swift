/// Reads a PNG (8- and 16-bit, and 1/2/4-bit grey and palette; grey, RGB, palette, with or
/// without alpha; all five filters; plain and Adam7-interlaced) into RGB8 pixels.
///
/// Only IHDR, PLTE, tRNS, IDAT and IEND are read. Every other chunk (text, eXIf, time,
/// colour profiles) is skipped: nothing a member did not mean to share survives re-encoding.
/// Chunk CRCs are not checked, for the same reason zlib's checksum is not (see `Inflate`).
public enum PNGDecoder {
    public static func decode(_ bytes: [UInt8], maxPixels: Int = ImageLimits.maxPixels) throws(PhotoError) -> PixelImage {
        let header = try PNGHeader.read(bytes, maxPixels: maxPixels)
        var reader = ByteReader(bytes, from: 8)
        var plte: ArraySlice<UInt8>?, trns: ArraySlice<UInt8>?
        var idat: [Range<Int>] = []
        chunks: while !reader.isAtEnd {
            let length: Int, type: Int, body: Range<Int>
            do {
                length = try reader.uint32()
                type = try reader.uint32()
                guard length <= 0x7FFF_FFFF else { throw PhotoError.corrupt }
                body = try reader.range(length)
                try reader.skip(4) // CRC
            } catch {
                // A file cut after its image data may still hold the whole image: let inflate judge.
                if idat.isEmpty { throw .corrupt } else { break chunks }
            }
            switch type {
            case 0x504C_5445: // PLTE
                guard length % 3 == 0, length <= 768 else { throw .corrupt }
                plte = bytes[body]
            case 0x7452_4E53: trns = bytes[body] // tRNS
            case 0x4944_4154: idat.append(body) // IDAT
            case 0x4945_4E44: break chunks // IEND
            default: continue
            }
        }
        guard !idat.isEmpty else { throw .corrupt }
        if header.colourType == .palette, plte == nil { throw .corrupt }

        var compressed: [UInt8] = []
        compressed.reserveCapacity(idat.reduce(0) { $0 + $1.count })
        for range in idat { compressed += bytes[range] }

        let passes = header.isInterlaced ? Adam7.passes(width: header.width, height: header.height) : [Adam7.Pass.whole(width: header.width, height: header.height)]
        // Empty passes send nothing, not even filter bytes.
        let expected = passes.reduce(0) { total, pass in
            pass.width > 0 && pass.height > 0 ? total + pass.height * (1 + header.rowBytes(pixels: pass.width)) : total
        }
        var raw = try Inflate.zlib(compressed, limit: expected)
        guard raw.count == expected else { throw .corrupt }
        compressed = []

        let pixels = PNGPixels(header: header, plte: plte, trns: trns)
        var image = PixelImage(width: header.width, height: header.height)
        var offset = 0
        for pass in passes where pass.width > 0 && pass.height > 0 {
            let rowBytes = header.rowBytes(pixels: pass.width)
            var previous: Int?
            for row in 0..<pass.height {
                let data = offset + 1
                guard data + rowBytes <= raw.count else { throw .corrupt }
                try PNGFilter.unfilter(&raw, type: raw[offset], row: data, previous: previous, length: rowBytes, stride: header.filterStride)
                pixels.convert(raw, row: data, count: pass.width, into: &image.pixels, width: header.width,
                               y: pass.y0 + row * pass.yStep, x0: pass.x0, step: pass.xStep)
                previous = data
                offset = data + rowBytes
            }
        }
        return image
    }

    /// The size announced by the header, without decoding.
    static func size(of bytes: [UInt8], maxPixels: Int = ImageLimits.maxPixels) throws(PhotoError) -> (width: Int, height: Int) {
        let header = try PNGHeader.read(bytes, maxPixels: maxPixels)
        return (header.width, header.height)
    }
}

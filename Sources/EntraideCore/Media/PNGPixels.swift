/// Turns unfiltered PNG rows into RGB8 pixels: any bit depth scaled to 8 bits, palettes looked
/// up, transparency (an alpha channel, or a tRNS colour key or palette alphas) composited on
/// white.
struct PNGPixels {
    let header: PNGHeader
    /// 256 RGB triples; entries the file does not define are black.
    let palette: [UInt8]
    /// 256 alphas; 255 where the file gives none.
    let paletteAlpha: [UInt8]
    /// The tRNS colour that means "transparent", in file samples (grey: one value; RGB: three).
    let colourKey: [Int]?

    init(header: PNGHeader, plte: ArraySlice<UInt8>?, trns: ArraySlice<UInt8>?) {
        self.header = header
        var palette = [UInt8](repeating: 0, count: 768)
        if let plte { for (i, byte) in plte.prefix(768).enumerated() { palette[i] = byte } }
        self.palette = palette
        var alpha = [UInt8](repeating: 255, count: 256)
        var key: [Int]?
        if let trns {
            let t = Array(trns)
            switch header.colourType {
            case .palette: for (i, byte) in t.prefix(256).enumerated() { alpha[i] = byte }
            case .grey where t.count >= 2: key = [Int(t[0]) << 8 | Int(t[1])]
            case .rgb where t.count >= 6: key = [Int(t[0]) << 8 | Int(t[1]), Int(t[2]) << 8 | Int(t[3]), Int(t[4]) << 8 | Int(t[5])]
            default: break
            }
        }
        self.paletteAlpha = alpha
        self.colourKey = key
    }

    /// Writes `count` pixels of the row at `start` in `raw` to `image`, row `y`, from column
    /// `x0` every `step` columns (steps are the interlace passes').
    func convert(_ raw: [UInt8], row start: Int, count: Int, into image: inout [UInt8], width: Int, y: Int, x0: Int, step: Int) {
        let depth = header.bitDepth
        let maxValue = (1 << depth) - 1
        let channels = header.colourType.channels
        guard count > 0, start >= 0, start + header.rowBytes(pixels: count) <= raw.count else { return }
        var out = (y * width + x0) * 3
        let outStep = step * 3
        guard out >= 0, out + (count - 1) * outStep + 3 <= image.count else { return }

        @inline(__always) func sample(_ index: Int) -> Int {
            switch depth {
            case 8: return Int(raw[start + index])
            case 16: return Int(raw[start + 2 * index]) << 8 | Int(raw[start + 2 * index + 1])
            default:
                let bit = index * depth
                let byte = Int(raw[start + (bit >> 3)])
                return (byte >> (8 - depth - (bit & 7))) & maxValue
            }
        }
        @inline(__always) func to8(_ value: Int) -> UInt8 {
            depth == 8 ? UInt8(truncatingIfNeeded: value) : UInt8(truncatingIfNeeded: (value * 255 + maxValue / 2) / maxValue)
        }
        /// `value` seen through `alpha` (both in file samples) over white.
        @inline(__always) func over(_ value: Int, _ alpha: Int) -> Int {
            (value * alpha + maxValue * (maxValue - alpha) + maxValue / 2) / maxValue
        }

        if depth == 8, colourKey == nil {
            convert8(raw, row: start, count: count, into: &image, at: out, step: outStep)
            return
        }
        for i in 0..<count {
            let s = i * channels
            var r: UInt8, g: UInt8, b: UInt8
            switch header.colourType {
            case .grey:
                let v = sample(s)
                if let key = colourKey, key[0] == v { r = 255; g = 255; b = 255 } else { r = to8(v); g = r; b = r }
            case .rgb:
                let vr = sample(s), vg = sample(s + 1), vb = sample(s + 2)
                if let key = colourKey, key[0] == vr, key[1] == vg, key[2] == vb {
                    r = 255; g = 255; b = 255
                } else {
                    r = to8(vr); g = to8(vg); b = to8(vb)
                }
            case .palette:
                let index = sample(s)
                let alpha = Int(paletteAlpha[index])
                r = palette[index * 3]; g = palette[index * 3 + 1]; b = palette[index * 3 + 2]
                if alpha < 255 {
                    r = UInt8((Int(r) * alpha + 255 * (255 - alpha) + 127) / 255)
                    g = UInt8((Int(g) * alpha + 255 * (255 - alpha) + 127) / 255)
                    b = UInt8((Int(b) * alpha + 255 * (255 - alpha) + 127) / 255)
                }
            case .greyAlpha:
                r = to8(over(sample(s), sample(s + 1))); g = r; b = r
            case .rgba:
                let alpha = sample(s + 3)
                if alpha == maxValue {
                    r = to8(sample(s)); g = to8(sample(s + 1)); b = to8(sample(s + 2))
                } else {
                    r = to8(over(sample(s), alpha)); g = to8(over(sample(s + 1), alpha)); b = to8(over(sample(s + 2), alpha))
                }
            }
            image[out] = r
            image[out + 1] = g
            image[out + 2] = b
            out += outStep
        }
    }

    /// The common case, 8-bit samples without a colour key, without the per-sample work of
    /// the general case: most PNGs are this.
    private func convert8(_ raw: [UInt8], row start: Int, count: Int, into image: inout [UInt8], at offset: Int, step: Int) {
        @inline(__always) func over(_ value: UInt8, _ alpha: Int) -> UInt8 {
            UInt8((Int(value) * alpha + 255 * (255 - alpha) + 127) / 255)
        }
        var out = offset, s = start
        switch header.colourType {
        case .rgb:
            for _ in 0..<count {
                image[out] = raw[s]; image[out + 1] = raw[s + 1]; image[out + 2] = raw[s + 2]
                s += 3; out += step
            }
        case .rgba:
            for _ in 0..<count {
                let alpha = Int(raw[s + 3])
                if alpha == 255 {
                    image[out] = raw[s]; image[out + 1] = raw[s + 1]; image[out + 2] = raw[s + 2]
                } else {
                    image[out] = over(raw[s], alpha); image[out + 1] = over(raw[s + 1], alpha); image[out + 2] = over(raw[s + 2], alpha)
                }
                s += 4; out += step
            }
        case .grey:
            for _ in 0..<count {
                let v = raw[s]
                image[out] = v; image[out + 1] = v; image[out + 2] = v
                s += 1; out += step
            }
        case .greyAlpha:
            for _ in 0..<count {
                let v = over(raw[s], Int(raw[s + 1]))
                image[out] = v; image[out + 1] = v; image[out + 2] = v
                s += 2; out += step
            }
        case .palette:
            for _ in 0..<count {
                let index = Int(raw[s])
                let alpha = Int(paletteAlpha[index])
                let r = palette[index * 3], g = palette[index * 3 + 1], b = palette[index * 3 + 2]
                if alpha == 255 {
                    image[out] = r; image[out + 1] = g; image[out + 2] = b
                } else {
                    image[out] = over(r, alpha); image[out + 1] = over(g, alpha); image[out + 2] = over(b, alpha)
                }
                s += 1; out += step
            }
        }
    }
}

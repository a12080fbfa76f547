/// Undoes the per-row filters of PNG (specification §9), in place. `row` and `previous` are
/// offsets of the first data byte (after the filter type byte) in `data`; `previous` is nil for
/// the first row of an image or interlace pass, where the row above counts as zeros.
enum PNGFilter {
    static func unfilter(_ data: inout [UInt8], type: UInt8, row: Int, previous: Int?, length: Int, stride: Int) throws(PhotoError) {
        guard row >= 0, length >= 0, row + length <= data.count else { throw .corrupt }
        if let previous { guard previous >= 0, previous + length <= row else { throw .corrupt } }
        switch type {
        case 0:
            return
        case 1: // Sub
            for i in min(stride, length)..<length { data[row + i] &+= data[row + i - stride] }
        case 2: // Up
            guard let previous else { return }
            for i in 0..<length { data[row + i] &+= data[previous + i] }
        case 3: // Average
            let first = min(stride, length)
            if let previous {
                for i in 0..<first { data[row + i] &+= data[previous + i] >> 1 }
                for i in first..<length {
                    data[row + i] &+= UInt8((Int(data[row + i - stride]) + Int(data[previous + i])) >> 1)
                }
            } else {
                for i in first..<length { data[row + i] &+= data[row + i - stride] >> 1 }
            }
        case 4: // Paeth
            guard let previous else {
                // With a zero row above, Paeth always predicts the left byte.
                for i in min(stride, length)..<length { data[row + i] &+= data[row + i - stride] }
                return
            }
            for i in 0..<stride where i < length { data[row + i] &+= data[previous + i] }
            for i in min(stride, length)..<length {
                let a = Int(data[row + i - stride]), b = Int(data[previous + i]), c = Int(data[previous + i - stride])
                let p = a + b - c
                let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                let predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                data[row + i] &+= UInt8(predictor)
            }
        default:
            throw .corrupt
        }
    }
}

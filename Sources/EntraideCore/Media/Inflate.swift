/// A DEFLATE decoder (RFC 1951: stored, fixed and dynamic Huffman blocks) and its zlib wrapper
/// (RFC 1950), written here because no zlib module can be relied on. It decodes untrusted
/// input: every read is checked, and the output never grows past the size the caller expects,
/// so a small stream cannot inflate into gigabytes.
enum Inflate {
    /// The data of a zlib stream, at most `limit` bytes of it. The Adler-32 checksum is not
    /// verified: what is decoded is only ever re-encoded, and a damaged stream that still
    /// decodes yields a damaged but harmless picture.
    static func zlib(_ bytes: [UInt8], limit: Int) throws(PhotoError) -> [UInt8] {
        guard bytes.count >= 2 else { throw .corrupt }
        let cmf = Int(bytes[0]), flags = Int(bytes[1])
        // Method 8 (deflate), window up to 32 KB, header check, and no preset dictionary.
        guard cmf & 0x0F == 8, cmf >> 4 <= 7, (cmf << 8 | flags) % 31 == 0, flags & 0x20 == 0 else {
            throw .corrupt
        }
        return try deflate(bytes, from: 2, limit: limit)
    }

    /// The data of a raw DEFLATE stream starting at `start`, at most `limit` bytes of it.
    static func deflate(_ bytes: [UInt8], from start: Int = 0, limit: Int) throws(PhotoError) -> [UInt8] {
        var inflater = Inflater(input: bytes, start: start, limit: max(0, limit))
        try inflater.run()
        return inflater.finish()
    }
}

/// The state of one decoding: an LSB-first bit buffer over the input and the output so far.
private struct Inflater {
    let input: [UInt8]
    var position: Int
    var bitBuffer: UInt64 = 0
    var bitCount = 0
    /// Zero bytes fed in past the end of the input: reading them means the stream is truncated.
    var padding = 0
    var output: [UInt8]
    var produced = 0

    init(input: [UInt8], start: Int, limit: Int) {
        self.input = input
        self.position = min(max(0, start), input.count)
        // DEFLATE cannot expand a byte into more than 1032: no need to allocate beyond that.
        let (bound, overflow) = (input.count - position).multipliedReportingOverflow(by: 1032)
        self.output = [UInt8](repeating: 0, count: overflow ? limit : min(limit, bound + 1024))
    }

    mutating func finish() -> [UInt8] {
        if produced < output.count { output.removeLast(output.count - produced) }
        return output
    }

    // MARK: Bits

    @inline(__always) mutating func refill() {
        if position + 8 <= input.count {
            // Eight bytes at once, little-endian as DEFLATE packs them; keep the whole bytes that fit.
            let word = input.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: UInt64.self)) }
            bitBuffer |= word &<< UInt64(bitCount)
            let taken = (63 - bitCount) >> 3
            position += taken
            bitCount += taken * 8
            // Drop the bits of the bytes not taken: the next refill reads them again.
            bitBuffer &= bitCount == 64 ? ~0 : (1 &<< UInt64(bitCount)) &- 1
            return
        }
        while bitCount <= 56 {
            if position < input.count {
                bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
                position += 1
            } else {
                padding += 1
            }
            bitCount += 8
        }
    }

    /// Whether bits past the end of the input were used.
    @inline(__always) var isOverrun: Bool { padding * 8 > bitCount }

    @inline(__always) mutating func bits(_ count: Int) throws(PhotoError) -> Int {
        if bitCount < count { refill() }
        let value = Int(bitBuffer & ((1 << UInt64(count)) - 1))
        bitBuffer >>= UInt64(count)
        bitCount -= count
        guard !isOverrun else { throw .corrupt }
        return value
    }

    @inline(__always) mutating func decode(_ code: DeflateHuffman) throws(PhotoError) -> Int {
        if bitCount < 16 { refill() }
        let entry = code.fast[Int(bitBuffer & UInt64(1 << DeflateHuffman.fastBits - 1))]
        if entry != 0 {
            let length = Int(entry & 15)
            bitBuffer >>= UInt64(length)
            bitCount -= length
            return Int(entry >> 4)
        }
        // A code longer than the table: walk the canonical code one bit at a time.
        var value = 0, first = 0, index = 0
        for length in 1...15 {
            value |= Int((bitBuffer >> UInt64(length - 1)) & 1)
            let count = code.counts[length]
            if value - first < count, value >= first {
                bitBuffer >>= UInt64(length)
                bitCount -= length
                let slot = index + value - first
                guard slot < code.symbols.count else { throw .corrupt }
                return Int(code.symbols[slot])
            }
            index += count
            first = (first + count) << 1
            value <<= 1
        }
        throw .corrupt
    }

    // MARK: Blocks

    mutating func run() throws(PhotoError) {
        var isFinal = false
        while !isFinal, produced < output.count {
            isFinal = try bits(1) == 1
            switch try bits(2) {
            case 0: try stored()
            case 1: try codes(literals: DeflateHuffman.fixedLiterals, distances: DeflateHuffman.fixedDistances)
            case 2:
                let (literals, distances) = try dynamicCodes()
                try codes(literals: literals, distances: distances)
            default: throw .corrupt
            }
        }
    }

    private mutating func stored() throws(PhotoError) {
        // Back to a byte boundary, and give back the whole bytes already buffered.
        bitCount -= bitCount % 8
        let buffered = bitCount / 8 - padding
        guard buffered >= 0 else { throw .corrupt }
        position -= buffered
        bitBuffer = 0
        bitCount = 0
        padding = 0
        guard input.count - position >= 4 else { throw .corrupt }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard length == complement ^ 0xFFFF, input.count - position - 4 >= length else { throw .corrupt }
        position += 4
        let count = min(length, output.count - produced)
        for i in 0..<count { output[produced + i] = input[position + i] }
        produced += count
        position += length
    }

    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    private mutating func dynamicCodes() throws(PhotoError) -> (DeflateHuffman, DeflateHuffman) {
        let literalCount = try bits(5) + 257, distanceCount = try bits(5) + 1, lengthCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw .corrupt }
        var codeLengths = [UInt8](repeating: 0, count: 19)
        for i in 0..<lengthCount { codeLengths[Self.codeLengthOrder[i]] = UInt8(try bits(3)) }
        let lengthCode = try DeflateHuffman(lengths: codeLengths[...])
        var lengths = [UInt8](repeating: 0, count: literalCount + distanceCount)
        var index = 0
        while index < lengths.count {
            let symbol = try decode(lengthCode)
            var value: UInt8 = 0, repeats = 1
            switch symbol {
            case 0...15: value = UInt8(symbol)
            case 16:
                guard index > 0 else { throw .corrupt }
                value = lengths[index - 1]
                repeats = 3 + (try bits(2))
            case 17: repeats = 3 + (try bits(3))
            case 18: repeats = 11 + (try bits(7))
            default: throw .corrupt
            }
            guard index + repeats <= lengths.count else { throw .corrupt }
            for i in index..<(index + repeats) { lengths[i] = value }
            index += repeats
        }
        // Without a code for end-of-block the block could never end.
        guard lengths[256] != 0 else { throw .corrupt }
        return (try DeflateHuffman(lengths: lengths[0..<literalCount]),
                try DeflateHuffman(lengths: lengths[literalCount...]))
    }

    private static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                            35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                             3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
                                              257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
                                              8193, 12289, 16385, 24577]
    private static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
                                               7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    private mutating func codes(literals: DeflateHuffman, distances: DeflateHuffman) throws(PhotoError) {
        // Work on the output as a local so the loop need not check it is still unshared.
        var output: [UInt8] = []
        swap(&output, &self.output)
        defer { swap(&output, &self.output) }
        let capacity = output.count
        while true {
            let symbol = try decode(literals)
            guard !isOverrun else { throw .corrupt }
            if symbol < 256 {
                guard produced < capacity else { return }
                output[produced] = UInt8(truncatingIfNeeded: symbol)
                produced += 1
                continue
            }
            if symbol == 256 { return }
            let lengthSymbol = symbol - 257
            guard lengthSymbol < 29 else { throw .corrupt }
            let length = Self.lengthBase[lengthSymbol] + (try bits(Self.lengthExtra[lengthSymbol]))
            let distanceSymbol = try decode(distances)
            guard distanceSymbol < 30 else { throw .corrupt }
            let distance = Self.distanceBase[distanceSymbol] + (try bits(Self.distanceExtra[distanceSymbol]))
            guard distance <= produced else { throw .corrupt }
            let count = min(length, capacity - produced)
            Self.copyMatch(&output, from: produced - distance, to: produced, count: count)
            produced += count
            guard produced < capacity else { return }
        }
    }

    /// Repeats the `to - from` bytes before `to` over the next `count` bytes: a match may
    /// overlap what it produces ("abc" at distance 3, length 9 gives "abcabcabc"). Copies whole
    /// periods at a time, each copy twice the last, instead of byte by byte. The caller has
    /// checked `0 <= from < to` and `to + count <= output.count`.
    private static func copyMatch(_ output: inout [UInt8], from: Int, to start: Int, count: Int) {
        guard from >= 0, from < start, count >= 0, start + count <= output.count else { return }
        output.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var to = start, remaining = count
            while remaining > 0 {
                // `to - from` stays a whole number of periods, and source and target never overlap.
                let chunk = min(remaining, to - from)
                (base + to).update(from: base + from, count: chunk)
                to += chunk
                remaining -= chunk
            }
        }
    }
}

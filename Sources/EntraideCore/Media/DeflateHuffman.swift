/// One canonical Huffman code of a DEFLATE block (RFC 1951 §3.2.2), built from the code
/// lengths the block sends. Short codes are read with one table lookup; the rare long ones by
/// walking the canonical code bit by bit.
struct DeflateHuffman: Sendable {
    static let fastBits = 10

    /// Indexed by the next `fastBits` input bits (first bit lowest): `symbol << 4 | length`,
    /// or 0 when the code is longer than `fastBits` (or unused).
    let fast: [UInt16]
    /// How many codes have each length, 0...15.
    let counts: [Int]
    /// The symbols in canonical order.
    let symbols: [UInt16]

    /// Throws `.corrupt` for an over-subscribed code (more codes than the lengths allow). An
    /// incomplete code is accepted, as zlib does: the unused codes fail when met.
    init(lengths: ArraySlice<UInt8>) throws(PhotoError) {
        var counts = [Int](repeating: 0, count: 16)
        for length in lengths where length > 0 {
            guard length <= 15 else { throw .corrupt }
            counts[Int(length)] += 1
        }
        var left = 1
        for length in 1...15 {
            left = left << 1 - counts[length]
            guard left >= 0 else { throw .corrupt }
        }
        var offsets = [Int](repeating: 0, count: 16)
        for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
        var symbols = [UInt16](repeating: 0, count: max(1, offsets[15] + counts[15]))
        for (symbol, length) in lengths.enumerated() where length > 0 {
            symbols[offsets[Int(length)]] = UInt16(symbol)
            offsets[Int(length)] += 1
        }
        var fast = [UInt16](repeating: 0, count: 1 << Self.fastBits)
        var code = 0, index = 0
        for length in 1...Self.fastBits {
            for _ in 0..<counts[length] {
                // DEFLATE sends codes first bit first, so the table is indexed by the reversed code.
                var reversed = 0
                for bit in 0..<length where code & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
                let entry = symbols[index] << 4 | UInt16(length)
                for slot in stride(from: reversed, to: 1 << Self.fastBits, by: 1 << length) { fast[slot] = entry }
                code += 1
                index += 1
            }
            code <<= 1
        }
        self.fast = fast
        self.counts = counts
        self.symbols = symbols
    }

    /// A code that decodes nothing; only a fallback that valid constant lengths never need.
    private init() {
        fast = [UInt16](repeating: 0, count: 1 << Self.fastBits)
        counts = [Int](repeating: 0, count: 16)
        symbols = [0]
    }

    /// The fixed literal/length code of block type 1.
    static let fixedLiterals: DeflateHuffman = {
        var lengths = [UInt8](repeating: 8, count: 288)
        for i in 144..<256 { lengths[i] = 9 }
        for i in 256..<280 { lengths[i] = 7 }
        return (try? DeflateHuffman(lengths: lengths[...])) ?? DeflateHuffman()
    }()

    /// The fixed distance code of block type 1.
    static let fixedDistances: DeflateHuffman =
        (try? DeflateHuffman(lengths: [UInt8](repeating: 5, count: 30)[...])) ?? DeflateHuffman()
}

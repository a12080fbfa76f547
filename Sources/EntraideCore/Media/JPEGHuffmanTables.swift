/// The Huffman codes of a JPEG (T.81 Annex C and F.2.2.3) for decoding: four DC and four AC
/// slots, as DHT segments define them. Codes of up to nine bits, nearly all of them in
/// practice, are read with one table lookup.
///
/// The eight tables live in shared flat arrays rather than one value each, so that decoding a
/// block touches no reference count: a scan borrows the whole set once.
struct JPEGHuffmanTables {
    static let fastBits = 9
    static let fastSize = 1 << fastBits

    /// Per slot, indexed by the next nine bits: `length << 8 | symbol`, or 0 for a longer code.
    private(set) var fast = [UInt16](repeating: 0, count: 8 * fastSize)
    /// Per slot and code length 0...16: the largest code of that length, -1 when there is none.
    private(set) var maxCode = [Int](repeating: -1, count: 8 * 17)
    /// Per slot and code length: what to add to a code of that length to get its symbol's index.
    private(set) var valueOffset = [Int](repeating: 0, count: 8 * 17)
    /// Per slot, 256 symbols in code order.
    private(set) var symbols = [UInt8](repeating: 0, count: 8 * 256)
    private(set) var defined = [Bool](repeating: false, count: 8)

    /// The slot of a DC table (0...3) or an AC table (4...7).
    static func slot(ac: Bool, id: Int) -> Int { (ac ? 4 : 0) + id }

    /// Throws `.corrupt` when the counts describe more codes than lengths can hold.
    mutating func define(slot: Int, counts: [Int], symbols codeSymbols: [UInt8]) throws(PhotoError) {
        guard (0..<8).contains(slot), counts.count == 16, counts.reduce(0, +) == codeSymbols.count,
              codeSymbols.count <= 256 else { throw .corrupt }
        let fastBase = slot * Self.fastSize, lengthBase = slot * 17
        for i in 0..<Self.fastSize { fast[fastBase + i] = 0 }
        var code = 0, index = 0
        for length in 1...16 {
            let count = counts[length - 1]
            valueOffset[lengthBase + length] = index - code
            for _ in 0..<count {
                guard code < 1 << length else { throw .corrupt }
                if length <= Self.fastBits {
                    let shift = Self.fastBits - length
                    let entry = UInt16(length) << 8 | UInt16(codeSymbols[index])
                    for i in (code << shift)..<((code + 1) << shift) { fast[fastBase + i] = entry }
                }
                code += 1
                index += 1
            }
            maxCode[lengthBase + length] = count > 0 ? code - 1 : -1
            code <<= 1
        }
        for (i, symbol) in codeSymbols.enumerated() { symbols[slot * 256 + i] = symbol }
        defined[slot] = true
    }
}

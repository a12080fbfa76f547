/// Reads the entropy-coded data of a JPEG scan most significant bit first, removing the zero
/// byte stuffed after every 0xFF. It stops at the first marker and feeds zeros instead, so the
/// Huffman decoder can always look ahead; reading those zeros means the data was cut short,
/// which `isOverrun` tells.
struct JPEGBitReader {
    private let data: [UInt8]
    private(set) var position: Int
    /// The next bit is bit 63.
    private var buffer: UInt64 = 0
    private var count = 0
    private var padding = 0
    private var atMarker = false

    init(_ data: [UInt8], from position: Int) {
        self.data = data
        self.position = min(max(0, position), data.count)
    }

    @inline(__always) private mutating func refill() {
        while count <= 56 {
            var byte: UInt8 = 0
            if !atMarker, position < data.count {
                byte = data[position]
                if byte != 0xFF {
                    position += 1
                } else if position + 1 < data.count, data[position + 1] == 0 {
                    position += 2
                } else {
                    atMarker = true
                    byte = 0
                    padding += 1
                }
            } else {
                padding += 1
            }
            buffer |= UInt64(byte) &<< UInt64(56 - count)
            count += 8
        }
    }

    /// Whether bits that are not in the data (past a marker or the end) were used.
    var isOverrun: Bool { padding * 8 > count }

    @inline(__always) mutating func bit() -> Int {
        if count < 1 { refill() }
        let value = Int(buffer &>> 63)
        buffer &<<= 1
        count -= 1
        return value
    }

    /// The next `length` bits (0...16) as an unsigned number.
    @inline(__always) mutating func bits(_ length: Int) -> Int {
        guard length > 0 else { return 0 }
        if count < length { refill() }
        let value = Int(buffer &>> UInt64(64 - length))
        buffer &<<= UInt64(length)
        count -= length
        return value
    }

    /// The next `length` bits read as a signed coefficient (T.81 F.2.2.1, EXTEND).
    @inline(__always) mutating func signed(_ length: Int) -> Int32 {
        guard length > 0 else { return 0 }
        let value = bits(length)
        return Int32(truncatingIfNeeded: value < 1 << (length - 1) ? value - (1 << length) + 1 : value)
    }

    @inline(__always) mutating func skip(_ length: Int) {
        guard length > 0 else { return }
        if count < length { refill() }
        buffer &<<= UInt64(length)
        count -= length
    }

    /// The next symbol of the code in `slot` of `tables`.
    @inline(__always) mutating func decode(_ tables: borrowing JPEGHuffmanTables, slot: Int) throws(PhotoError) -> Int {
        if count < 16 { refill() }
        let entry = tables.fast[slot &* JPEGHuffmanTables.fastSize &+ Int(buffer &>> UInt64(64 - JPEGHuffmanTables.fastBits))]
        if entry != 0 {
            let length = Int(entry &>> 8)
            buffer &<<= UInt64(length)
            count -= length
            return Int(entry & 0xFF)
        }
        for length in (JPEGHuffmanTables.fastBits + 1)...16 {
            let code = Int(buffer &>> UInt64(64 - length))
            if code <= tables.maxCode[slot * 17 + length] {
                buffer &<<= UInt64(length)
                count -= length
                let index = code + tables.valueOffset[slot * 17 + length]
                guard index >= 0, index < 256 else { throw .corrupt }
                return Int(tables.symbols[slot * 256 + index])
            }
        }
        throw .corrupt
    }

    /// Passes the restart marker that must come next (T.81 F.1.2.3) and starts afresh after it.
    mutating func restart() throws(PhotoError) {
        guard !isOverrun else { throw .corrupt }
        buffer = 0
        count = 0
        padding = 0
        atMarker = false
        // Skip the padding bits of the last byte, then any fill bytes, to the marker.
        while position + 1 < data.count, !(data[position] == 0xFF && data[position + 1] != 0 && data[position + 1] != 0xFF) {
            position += 1
        }
        guard position + 1 < data.count, (0xD0...0xD7).contains(data[position + 1]) else { throw .corrupt }
        position += 2
    }
}

/// Writes entropy-coded JPEG data most significant bit first, stuffing a zero byte after
/// every 0xFF so no marker appears by accident.
struct JPEGBitWriter {
    private(set) var bytes: [UInt8] = []
    private var buffer: UInt32 = 0
    private var count = 0

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Appends the low `length` bits of `value` (length 0...16).
    mutating func write(_ value: Int, length: Int) {
        guard length > 0 else { return }
        buffer = buffer << UInt32(length) | UInt32(truncatingIfNeeded: value) & (1 << UInt32(length) - 1)
        count += length
        while count >= 8 {
            let byte = UInt8(truncatingIfNeeded: buffer >> UInt32(count - 8))
            bytes.append(byte)
            if byte == 0xFF { bytes.append(0) }
            count -= 8
        }
        buffer &= (1 << UInt32(count)) - 1
    }

    /// Pads the last byte with one bits, as T.81 F.1.2.3 asks.
    mutating func flush() {
        if count > 0 { write(0x7F, length: 8 - count) }
    }
}

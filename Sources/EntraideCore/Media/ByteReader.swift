/// A cursor over untrusted bytes that can never read past the end: every read checks and
/// throws `.corrupt` instead of trapping.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        let limit = min(end ?? bytes.count, bytes.count)
        self.end = max(0, limit)
        self.position = min(max(0, start), self.end)
    }

    var remaining: Int { end - position }
    var isAtEnd: Bool { position >= end }

    mutating func uint8() throws(PhotoError) -> UInt8 {
        guard position < end else { throw .corrupt }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func uint16() throws(PhotoError) -> Int {
        guard remaining >= 2 else { throw .corrupt }
        defer { position += 2 }
        return Int(bytes[position]) << 8 | Int(bytes[position + 1])
    }

    mutating func uint32() throws(PhotoError) -> Int {
        guard remaining >= 4 else { throw .corrupt }
        defer { position += 4 }
        return Int(bytes[position]) << 24 | Int(bytes[position + 1]) << 16
            | Int(bytes[position + 2]) << 8 | Int(bytes[position + 3])
    }

    /// The next `count` bytes as a range of `bytes`, skipped over.
    mutating func range(_ count: Int) throws(PhotoError) -> Range<Int> {
        guard count >= 0, count <= remaining else { throw .corrupt }
        defer { position += count }
        return position..<(position + count)
    }

    mutating func skip(_ count: Int) throws(PhotoError) {
        _ = try range(count)
    }

    mutating func seek(to offset: Int) {
        position = min(max(0, offset), end)
    }
}

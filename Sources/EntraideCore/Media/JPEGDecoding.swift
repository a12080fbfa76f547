/// The state of one decoding: tables and frame as the markers set them, and the decoded
/// samples.
struct JPEGDecoding {
    let bytes: [UInt8]
    let maxPixels: Int
    let side: Int?

    var frame: JPEGFrame?
    /// Four tables of 64 values, natural order.
    var quantisation = [Int32](repeating: 0, count: 256)
    var quantisationDefined = [Bool](repeating: false, count: 4)
    var huffman = JPEGHuffmanTables()
    /// Of the frame, kept apart so decoding a block need not copy the frame.
    var scale = 1
    var restartInterval = 0
    var orientation = ImageOrientation.up
    var adobeTransform: UInt8?
    var scans = 0
    /// Progressive decoding only: the coefficients of every block, quantised.
    var coefficients: [Int16] = []
    /// Decoded samples of every component, at the chosen scale.
    var planes: [UInt8] = []

    init(bytes: [UInt8], maxPixels: Int, side: Int?) {
        self.bytes = bytes
        self.maxPixels = maxPixels
        self.side = side
    }

    /// Walks the markers to the end of the image (or, with `untilFrame`, to the frame header).
    mutating func run(untilFrame: Bool = false) throws(PhotoError) {
        guard ImageFormat.sniff(bytes) == .jpeg else { throw .unsupportedFormat }
        var reader = ByteReader(bytes, from: 2)
        var sawOrientation = false
        markers: while true {
            // Markers may be preceded by fill bytes (0xFF) and, in damaged files, by garbage.
            var marker: UInt8 = 0
            while marker == 0 {
                guard !reader.isAtEnd else { break markers }
                guard try reader.uint8() == 0xFF else { continue }
                var next: UInt8 = 0xFF
                while next == 0xFF {
                    guard !reader.isAtEnd else { break markers }
                    next = try reader.uint8()
                }
                marker = next
            }
            switch marker {
            case 0xD9: // EOI
                break markers
            case 0xD8, 0xD0...0xD7, 0x01: // SOI again, a stray restart, TEM: nothing follows
                continue
            default:
                break
            }
            let length = try reader.uint16()
            guard length >= 2 else { throw .corrupt }
            let body = try reader.range(length - 2)
            var segment = ByteReader(bytes, from: body.lowerBound, end: body.upperBound)
            switch marker {
            case 0xC0, 0xC1, 0xC2:
                guard frame == nil else { throw .corrupt }
                let next = try JPEGFrame.read(&segment, isProgressive: marker == 0xC2, maxPixels: maxPixels, fitting: side)
                // Every block costs at least one bit of data (two in a sequential scan): a file
                // announcing more blocks than it has bits is bogus, whatever it holds. Checked
                // before allocating anything the size of the image.
                let blocks = next.components.reduce(0) { $0 + $1.blockColumns * $1.blockRows }
                guard blocks <= bytes.count * 8 else { throw .corrupt }
                frame = next
                scale = next.scale
                if untilFrame { return }
                coefficients = [Int16](repeating: 0, count: next.coefficientCount)
                planes = [UInt8](repeating: 128, count: next.planeSize)
            case 0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF, 0xCC: // other processes, arithmetic coding
                throw .unsupportedFormat
            case 0xC4:
                try readHuffmanTables(&segment)
            case 0xDB:
                try readQuantisationTables(&segment)
            case 0xDD:
                restartInterval = try segment.uint16()
            case 0xDA:
                guard frame != nil, !untilFrame, scans < JPEGDecoder.maxScans else { throw .corrupt }
                let scan = try readScanHeader(&segment)
                let end = try decodeScan(scan, from: body.upperBound)
                scans += 1
                reader.seek(to: end)
            case 0xE1 where !sawOrientation:
                if let found = ExifOrientation.read(bytes, segment: body) {
                    orientation = found
                    sawOrientation = true
                }
            case 0xEE:
                // Adobe: "Adobe", version, flags0, flags1, transform.
                if body.count >= 12, bytes[body.lowerBound..<(body.lowerBound + 5)].elementsEqual([0x41, 0x64, 0x6F, 0x62, 0x65]) {
                    adobeTransform = bytes[body.lowerBound + 11]
                }
            default:
                continue // APPn, COM, DNL… skipped unread
            }
        }
        guard frame != nil else { throw .corrupt }
        guard untilFrame || scans > 0 else { throw .corrupt }
    }

    private mutating func readQuantisationTables(_ segment: inout ByteReader) throws(PhotoError) {
        while !segment.isAtEnd {
            let spec = Int(try segment.uint8())
            let precision = spec >> 4, id = spec & 15
            guard precision <= 1, id <= 3 else { throw .corrupt }
            for k in 0..<64 {
                let value = precision == 0 ? Int(try segment.uint8()) : try segment.uint16()
                quantisation[id * 64 + JPEGTables.zigzag[k]] = Int32(value)
            }
            quantisationDefined[id] = true
        }
    }

    private mutating func readHuffmanTables(_ segment: inout ByteReader) throws(PhotoError) {
        while !segment.isAtEnd {
            let spec = Int(try segment.uint8())
            let isAC = spec >> 4, id = spec & 15
            guard isAC <= 1, id <= 3 else { throw .corrupt }
            var counts: [Int] = []
            for _ in 0..<16 { counts.append(Int(try segment.uint8())) }
            let total = counts.reduce(0, +)
            guard total <= 256 else { throw .corrupt }
            let symbols = Array(segment.bytes[try segment.range(total)])
            try huffman.define(slot: JPEGHuffmanTables.slot(ac: isAC == 1, id: id), counts: counts, symbols: symbols)
        }
    }
}

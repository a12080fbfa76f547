/// The entropy-coded data of one scan (T.81 Annex F and G): Huffman decoding of baseline
/// blocks, which are turned into samples at once, and of the four kinds of progressive scans,
/// which refine stored coefficients.
extension JPEGDecoding {
    struct ScanHeader {
        /// Indices into the frame's components, with the tables each uses.
        var components: [(index: Int, dc: Int, ac: Int)]
        var spectralStart: Int, spectralEnd: Int
        var approximationHigh: Int, approximationLow: Int
    }

    mutating func readScanHeader(_ segment: inout ByteReader) throws(PhotoError) -> ScanHeader {
        guard let frame else { throw .corrupt }
        let count = Int(try segment.uint8())
        guard (1...4).contains(count) else { throw .corrupt }
        var components: [(index: Int, dc: Int, ac: Int)] = []
        for _ in 0..<count {
            let id = try segment.uint8(), tables = Int(try segment.uint8())
            guard let index = frame.components.firstIndex(where: { $0.id == id }),
                  !components.contains(where: { $0.index == index }),
                  tables >> 4 <= 3, tables & 15 <= 3 else { throw .corrupt }
            components.append((index, tables >> 4, tables & 15))
        }
        let start = Int(try segment.uint8()), end = Int(try segment.uint8()), approximation = Int(try segment.uint8())
        var scan = ScanHeader(components: components, spectralStart: start, spectralEnd: end,
                              approximationHigh: approximation >> 4, approximationLow: approximation & 15)
        if frame.isProgressive {
            guard start <= end, end <= 63, start > 0 || end == 0, start == 0 || count == 1,
                  scan.approximationHigh <= 13, scan.approximationLow <= 13 else { throw .corrupt }
        } else {
            // Sequential scans always carry the whole block, whatever the header says.
            scan.spectralStart = 0
            scan.spectralEnd = 63
            scan.approximationHigh = 0
            scan.approximationLow = 0
        }
        // Every block of an interleaved scan belongs to one MCU: at most ten per MCU (T.81 B.2.3).
        if count > 1 {
            guard components.reduce(0, { $0 + frame.components[$1.index].h * frame.components[$1.index].v }) <= 10 else {
                throw .corrupt
            }
        }
        return scan
    }

    private enum Kind { case sequential, dcFirst, dcRefine, acFirst, acRefine }

    /// A component of the scan with what decoding its blocks needs, looked up once per scan.
    private struct Part {
        let component: JPEGFrame.Component
        let dcSlot: Int, acSlot: Int
        let quantisation: Int
    }

    /// Decodes a scan whose data starts at `position`; returns where the data stops.
    mutating func decodeScan(_ scan: ScanHeader, from position: Int) throws(PhotoError) -> Int {
        guard let frame else { throw .corrupt }
        let kind: Kind
        if !frame.isProgressive {
            kind = .sequential
        } else if scan.spectralStart == 0 {
            kind = scan.approximationHigh == 0 ? .dcFirst : .dcRefine
        } else {
            // At 1/8 scale only DC coefficients count: AC scans are skipped unread.
            if frame.coefficientsPerBlock == 1 { return position }
            kind = scan.approximationHigh == 0 ? .acFirst : .acRefine
        }
        var parts: [Part] = []
        for entry in scan.components {
            let component = frame.components[entry.index]
            let dcSlot = JPEGHuffmanTables.slot(ac: false, id: entry.dc), acSlot = JPEGHuffmanTables.slot(ac: true, id: entry.ac)
            if kind == .sequential || kind == .dcFirst, !huffman.defined[dcSlot] { throw .corrupt }
            if kind == .sequential || kind == .acFirst || kind == .acRefine, !huffman.defined[acSlot] { throw .corrupt }
            if kind == .sequential, !quantisationDefined[component.quantisationTable] { throw .corrupt }
            parts.append(Part(component: component, dcSlot: dcSlot, acSlot: acSlot, quantisation: component.quantisationTable * 64))
        }
        let tables = huffman
        let quantisation = self.quantisation
        let keepAC = frame.scale < 8
        let perBlock = frame.coefficientsPerBlock
        let low = scan.approximationLow

        var bits = JPEGBitReader(bytes, from: position)
        var predictors = [Int32](repeating: 0, count: parts.count)
        var endOfBandRun = 0
        var block = [Int32](repeating: 0, count: 64)
        var workspace = [Int32](repeating: 0, count: 64)
        var scratch = [UInt8](repeating: 0, count: 64)

        // A scan of one component goes block by block over the blocks that hold the image;
        // an interleaved scan, MCU by MCU.
        let single = parts.count == 1
        let first = parts[0].component
        let mcusPerLine = single ? first.blockColumns : frame.mcusPerLine
        let mcuCount = single ? first.blockColumns * first.blockRows : frame.mcusPerLine * frame.mcusPerColumn
        for mcu in 0..<mcuCount {
            if restartInterval > 0, mcu > 0, mcu % restartInterval == 0 {
                try bits.restart()
                for i in 0..<predictors.count { predictors[i] = 0 }
                endOfBandRun = 0
            }
            let mcuRow = mcu / mcusPerLine, mcuColumn = mcu % mcusPerLine
            for s in 0..<parts.count {
                let part = parts[s]
                let component = part.component
                let rows = single ? 1 : component.v, columns = single ? 1 : component.h
                for v in 0..<rows {
                    for h in 0..<columns {
                        let row = mcuRow * rows + v, column = mcuColumn * columns + h
                        let blockIndex = row * component.blocksPerLine + column
                        switch kind {
                        case .sequential:
                            let hasAC = try Self.decodeSequential(&bits, tables: tables, part: part, quantisation: quantisation,
                                                                  predictor: &predictors[s], block: &block, keepAC: keepAC)
                            emit(block, hasAC: hasAC, component: component, row: row, column: column,
                                 workspace: &workspace, scratch: &scratch)
                        case .dcFirst:
                            let size = try bits.decode(tables, slot: part.dcSlot)
                            guard size <= 16 else { throw .corrupt }
                            predictors[s] &+= bits.signed(size)
                            coefficients[component.coefficientOffset + blockIndex * perBlock] =
                                Int16(truncatingIfNeeded: predictors[s] &<< Int32(low))
                        case .dcRefine:
                            if bits.bit() == 1 {
                                coefficients[component.coefficientOffset + blockIndex * perBlock] |= Int16(truncatingIfNeeded: 1 << low)
                            }
                        case .acFirst:
                            try decodeACFirst(&bits, tables: tables, slot: part.acSlot, offset: component.coefficientOffset + blockIndex * 64,
                                              scan: scan, run: &endOfBandRun)
                        case .acRefine:
                            try decodeACRefine(&bits, tables: tables, slot: part.acSlot, offset: component.coefficientOffset + blockIndex * 64,
                                               scan: scan, run: &endOfBandRun)
                        }
                    }
                }
            }
            guard !bits.isOverrun else { throw .corrupt }
        }
        return bits.position
    }

    /// One block of a sequential scan, dequantised into `block` (natural order). Returns
    /// whether any AC coefficient is set. Without `keepAC` (1/8 scale) the AC coefficients are
    /// read past but not kept.
    private static func decodeSequential(_ bits: inout JPEGBitReader, tables: borrowing JPEGHuffmanTables, part: Part,
                                         quantisation: [Int32], predictor: inout Int32, block: inout [Int32],
                                         keepAC: Bool) throws(PhotoError) -> Bool {
        let q = part.quantisation
        let size = try bits.decode(tables, slot: part.dcSlot)
        guard size <= 16 else { throw .corrupt }
        predictor &+= bits.signed(size)
        if keepAC { for i in 0..<64 { block[i] = 0 } }
        block[0] = Int32(truncatingIfNeeded: Int16(truncatingIfNeeded: predictor)) &* quantisation[q]
        var hasAC = false
        var k = 1
        while k < 64 {
            let symbol = try bits.decode(tables, slot: part.acSlot)
            let run = symbol >> 4, size = symbol & 15
            if size == 0 {
                if run != 15 { break } // end of block
                k += 16
                continue
            }
            k += run
            guard k < 64 else { throw .corrupt }
            if keepAC {
                let z = JPEGTables.zigzag[k]
                block[z] = bits.signed(size) &* quantisation[q + z]
                hasAC = true
            } else {
                bits.skip(size)
            }
            k += 1
        }
        return hasAC
    }

    /// The first pass over a band of AC coefficients of one block (T.81 G.1.2.2).
    private mutating func decodeACFirst(_ bits: inout JPEGBitReader, tables: borrowing JPEGHuffmanTables, slot: Int,
                                        offset: Int, scan: ScanHeader, run: inout Int) throws(PhotoError) {
        if run > 0 { run -= 1; return }
        var k = scan.spectralStart
        while k <= scan.spectralEnd {
            let symbol = try bits.decode(tables, slot: slot)
            let zeros = symbol >> 4, size = symbol & 15
            if size == 0 {
                if zeros < 15 {
                    // End of band, for this block and (1 << zeros) - 1 + extra more.
                    run = (1 << zeros) - 1 + bits.bits(zeros)
                    return
                }
                k += 16
                continue
            }
            k += zeros
            guard k <= scan.spectralEnd else { throw .corrupt }
            coefficients[offset + JPEGTables.zigzag[k]] = Int16(truncatingIfNeeded: bits.signed(size) &<< Int32(scan.approximationLow))
            k += 1
        }
    }

    /// A refining pass over a band of AC coefficients of one block (T.81 G.1.2.3): one more bit
    /// for coefficients already known, and the coefficients that become non-zero.
    private mutating func decodeACRefine(_ bits: inout JPEGBitReader, tables: borrowing JPEGHuffmanTables, slot: Int,
                                         offset: Int, scan: ScanHeader, run: inout Int) throws(PhotoError) {
        let plus = Int16(truncatingIfNeeded: 1 << scan.approximationLow)
        let minus = Int16(truncatingIfNeeded: -1 << scan.approximationLow)
        var k = scan.spectralStart
        let end = scan.spectralEnd

        @inline(__always) func refine(_ index: Int, _ bits: inout JPEGBitReader, _ coefficients: inout [Int16]) {
            let value = coefficients[index]
            if bits.bit() == 1, value & plus == 0 {
                coefficients[index] = value &+ (value >= 0 ? plus : minus)
            }
        }

        if run == 0 {
            while k <= end {
                let symbol = try bits.decode(tables, slot: slot)
                var zeros = symbol >> 4
                let size = symbol & 15
                var value: Int16 = 0
                if size != 0 {
                    // A newly non-zero coefficient is always ±1 at this bit position.
                    value = bits.bit() == 1 ? plus : minus
                } else if zeros != 15 {
                    run = (1 << zeros) + bits.bits(zeros)
                    break
                }
                // Pass `zeros` zero coefficients, refining the non-zero ones on the way.
                while k <= end {
                    let index = offset + JPEGTables.zigzag[k]
                    if coefficients[index] != 0 {
                        refine(index, &bits, &coefficients)
                    } else {
                        if zeros == 0 { break }
                        zeros -= 1
                    }
                    k += 1
                }
                if value != 0, k <= end { coefficients[offset + JPEGTables.zigzag[k]] = value }
                k += 1
            }
        }
        if run > 0 {
            while k <= end {
                let index = offset + JPEGTables.zigzag[k]
                if coefficients[index] != 0 { refine(index, &bits, &coefficients) }
                k += 1
            }
            run -= 1
        }
    }
}

/// A JPEG frame header (SOF0, SOF1 or SOF2) and the layout it implies: components, their
/// sampling, how many 8×8 blocks each has, and where their samples go once decoded.
struct JPEGFrame {
    struct Component {
        let id: UInt8
        /// Sampling factors, 1...4.
        let h: Int, v: Int
        let quantisationTable: Int
        /// Blocks per row and column, rounded up to whole MCUs (what interleaved scans cover).
        let blocksPerLine: Int, blocksPerColumn: Int
        /// Blocks that hold samples of the image (what a scan of this component alone covers).
        let blockColumns: Int, blockRows: Int
        /// Where this component's blocks start in the progressive coefficient store.
        let coefficientOffset: Int
        /// Where this component's samples start in the plane store, and their row length.
        let planeOffset: Int, planeWidth: Int
    }

    let width: Int, height: Int
    let isProgressive: Bool
    let components: [Component]
    let maxH: Int, maxV: Int
    let mcusPerLine: Int, mcusPerColumn: Int
    /// 1, 2, 4 or 8: each block gives (8 / scale)² samples, averaged over what it covers.
    let scale: Int
    /// Coefficients kept per block by progressive decoding: only the DC one at 1/8 scale.
    let coefficientsPerBlock: Int
    let coefficientCount: Int
    let planeSize: Int

    var samplesPerBlock: Int { 8 / scale }
    var outputWidth: Int { (width + scale - 1) / scale }
    var outputHeight: Int { (height + scale - 1) / scale }

    /// Reads a frame header. The size is checked against `maxPixels` before anything is sized
    /// from it. `scale` is the reduction the caller chose (see `JPEGDecoder.scale`).
    static func read(_ body: inout ByteReader, isProgressive: Bool, maxPixels: Int, fitting side: Int?) throws(PhotoError) -> JPEGFrame {
        let precision = try body.uint8()
        let height = try body.uint16(), width = try body.uint16()
        let count = Int(try body.uint8())
        // 12-bit samples are for medical imaging; a height of 0 (set later by DNL) is unheard of in photos.
        guard precision == 8, height > 0 else { throw .unsupportedFormat }
        guard width > 0 else { throw .corrupt }
        guard count == 1 || count == 3 else { throw count == 4 ? .unsupportedFormat : .corrupt }
        try ImageLimits.check(width: width, height: height, maxPixels: maxPixels)

        var specs: [(id: UInt8, h: Int, v: Int, table: Int)] = []
        for _ in 0..<count {
            let id = try body.uint8(), sampling = Int(try body.uint8()), table = Int(try body.uint8())
            let h = sampling >> 4, v = sampling & 15
            guard (1...4).contains(h), (1...4).contains(v), table <= 3, !specs.contains(where: { $0.id == id }) else {
                throw .corrupt
            }
            specs.append((id, h, v, table))
        }
        let maxH = specs.map(\.h).max() ?? 1, maxV = specs.map(\.v).max() ?? 1
        // Sampling ratios like 3:2 are legal but never made by cameras; whole ratios keep upsampling simple.
        guard specs.allSatisfy({ maxH % $0.h == 0 && maxV % $0.v == 0 }) else { throw .unsupportedFormat }

        let scale = JPEGDecoder.scale(width: width, height: height, fitting: side)
        let samples = 8 / scale
        let perBlock = isProgressive ? (scale == 8 ? 1 : 64) : 0
        let mcusPerLine = (width + 8 * maxH - 1) / (8 * maxH)
        let mcusPerColumn = (height + 8 * maxV - 1) / (8 * maxV)
        var components: [Component] = []
        var coefficients = 0, planes = 0
        for spec in specs {
            let componentWidth = (width * spec.h + maxH - 1) / maxH
            let componentHeight = (height * spec.v + maxV - 1) / maxV
            let blocksPerLine = mcusPerLine * spec.h, blocksPerColumn = mcusPerColumn * spec.v
            let planeWidth = blocksPerLine * samples
            components.append(Component(
                id: spec.id, h: spec.h, v: spec.v, quantisationTable: spec.table,
                blocksPerLine: blocksPerLine, blocksPerColumn: blocksPerColumn,
                blockColumns: (componentWidth + 7) / 8, blockRows: (componentHeight + 7) / 8,
                coefficientOffset: coefficients, planeOffset: planes, planeWidth: planeWidth))
            coefficients += blocksPerLine * blocksPerColumn * perBlock
            planes += planeWidth * blocksPerColumn * samples
        }
        return JPEGFrame(width: width, height: height, isProgressive: isProgressive, components: components,
                         maxH: maxH, maxV: maxV, mcusPerLine: mcusPerLine, mcusPerColumn: mcusPerColumn,
                         scale: scale, coefficientsPerBlock: perBlock, coefficientCount: coefficients, planeSize: planes)
    }
}

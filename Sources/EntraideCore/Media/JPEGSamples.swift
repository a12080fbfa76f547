/// Turns blocks of coefficients into samples of a component plane, at the frame's scale: the
/// full inverse DCT at 1/1; at 1/2 and 1/4, the full inverse DCT averaged over 2×2 or 4×4
/// squares (exactly what an area-averaging downscale would compute); at 1/8, the DC
/// coefficient alone, which is the block's mean.
extension JPEGDecoding {
    /// Writes the samples of one dequantised block (natural order).
    mutating func emit(_ block: [Int32], hasAC: Bool, component: JPEGFrame.Component, row: Int, column: Int,
                       workspace: inout [Int32], scratch: inout [UInt8]) {
        let n = 8 / scale
        let width = component.planeWidth
        let base = component.planeOffset + row * n * width + column * n
        guard base >= 0, base + (n - 1) * width + n <= planes.count else { return }
        if !hasAC {
            let mean = JPEGInverseDCT.mean(dc: block[0])
            for y in 0..<n { for x in 0..<n { planes[base + y * width + x] = mean } }
            return
        }
        if scale == 1 {
            JPEGInverseDCT.transform(block, into: &planes, at: base, stride: width, workspace: &workspace)
            return
        }
        JPEGInverseDCT.transform(block, into: &scratch, at: 0, stride: 8, workspace: &workspace)
        let area = scale * scale
        for y in 0..<n {
            for x in 0..<n {
                var sum = 0
                for dy in 0..<scale { for dx in 0..<scale { sum += Int(scratch[(y * scale + dy) * 8 + x * scale + dx]) } }
                planes[base + y * width + x] = UInt8((sum + area / 2) / area)
            }
        }
    }

    /// After the last progressive scan: every stored block, dequantised, to samples.
    mutating func emitProgressive() throws(PhotoError) {
        guard let frame, frame.isProgressive else { return }
        var block = [Int32](repeating: 0, count: 64)
        var workspace = [Int32](repeating: 0, count: 64)
        var scratch = [UInt8](repeating: 0, count: 64)
        let perBlock = frame.coefficientsPerBlock
        for component in frame.components {
            guard quantisationDefined[component.quantisationTable] else { throw .corrupt }
            let q = component.quantisationTable * 64
            for row in 0..<component.blocksPerColumn {
                for column in 0..<component.blocksPerLine {
                    let offset = component.coefficientOffset + (row * component.blocksPerLine + column) * perBlock
                    var hasAC = false
                    block[0] = Int32(coefficients[offset]) &* quantisation[q]
                    if perBlock == 64 {
                        for i in 1..<64 {
                            let value = Int32(coefficients[offset + i])
                            block[i] = value &* quantisation[q + i]
                            if value != 0 { hasAC = true }
                        }
                    }
                    emit(block, hasAC: hasAC, component: component, row: row, column: column,
                         workspace: &workspace, scratch: &scratch)
                }
            }
        }
    }
}

/// The 8×8 inverse DCT, in integers (the separable "islow" algorithm of the IJG library, as
/// stb_image writes it: 12-bit fixed-point constants). Arithmetic wraps instead of trapping:
/// a hostile file may hold coefficients whose products overflow, and then it gets noise.
enum JPEGInverseDCT {
    @inline(__always)
    private static func kernel(_ s0: Int32, _ s1: Int32, _ s2: Int32, _ s3: Int32,
                               _ s4: Int32, _ s5: Int32, _ s6: Int32, _ s7: Int32)
        -> (x0: Int32, x1: Int32, x2: Int32, x3: Int32, t0: Int32, t1: Int32, t2: Int32, t3: Int32) {
        var p1 = (s2 &+ s6) &* 2217
        var t2 = p1 &+ s6 &* -7567
        var t3 = p1 &+ s2 &* 3135
        var t0 = (s0 &+ s4) &<< 12
        var t1 = (s0 &- s4) &<< 12
        let x0 = t0 &+ t3, x3 = t0 &- t3, x1 = t1 &+ t2, x2 = t1 &- t2
        t0 = s7; t1 = s5; t2 = s3; t3 = s1
        var p3 = t0 &+ t2, p4 = t1 &+ t3
        p1 = t0 &+ t3
        var p2 = t1 &+ t2
        let p5 = (p3 &+ p4) &* 4816
        t0 = t0 &* 1223
        t1 = t1 &* 8410
        t2 = t2 &* 12586
        t3 = t3 &* 6149
        p1 = p5 &+ p1 &* -3685
        p2 = p5 &+ p2 &* -10497
        p3 = p3 &* -8034
        p4 = p4 &* -1597
        t3 = t3 &+ p1 &+ p4
        t2 = t2 &+ p2 &+ p3
        t1 = t1 &+ p2 &+ p4
        t0 = t0 &+ p1 &+ p3
        return (x0, x1, x2, x3, t0, t1, t2, t3)
    }

    @inline(__always) private static func clamp(_ value: Int32) -> UInt8 {
        UInt8(clamping: value)
    }

    /// Transforms 64 dequantised coefficients (natural order) into 8×8 samples written to
    /// `output` from `offset`, rows `stride` apart. `workspace` holds 64 values.
    static func transform(_ block: [Int32], into output: inout [UInt8], at offset: Int, stride: Int, workspace: inout [Int32]) {
        guard block.count >= 64, workspace.count >= 64, offset >= 0, stride >= 8,
              offset + 7 * stride + 8 <= output.count else { return }
        for i in 0..<8 {
            if block[i + 8] == 0, block[i + 16] == 0, block[i + 24] == 0, block[i + 32] == 0,
               block[i + 40] == 0, block[i + 48] == 0, block[i + 56] == 0 {
                // A column with only its first coefficient: a constant.
                let dc = block[i] &<< 2
                for row in 0..<8 { workspace[i + 8 * row] = dc }
                continue
            }
            let k = kernel(block[i], block[i + 8], block[i + 16], block[i + 24],
                           block[i + 32], block[i + 40], block[i + 48], block[i + 56])
            // Scaled up by 2^12 by the constants: back down, keeping two more bits.
            let x0 = k.x0 &+ 512, x1 = k.x1 &+ 512, x2 = k.x2 &+ 512, x3 = k.x3 &+ 512
            workspace[i] = (x0 &+ k.t3) &>> 10
            workspace[i + 56] = (x0 &- k.t3) &>> 10
            workspace[i + 8] = (x1 &+ k.t2) &>> 10
            workspace[i + 48] = (x1 &- k.t2) &>> 10
            workspace[i + 16] = (x2 &+ k.t1) &>> 10
            workspace[i + 40] = (x2 &- k.t1) &>> 10
            workspace[i + 24] = (x3 &+ k.t0) &>> 10
            workspace[i + 32] = (x3 &- k.t0) &>> 10
        }
        for row in 0..<8 {
            let w = row * 8
            let k = kernel(workspace[w], workspace[w + 1], workspace[w + 2], workspace[w + 3],
                           workspace[w + 4], workspace[w + 5], workspace[w + 6], workspace[w + 7])
            // 2^17 in all to remove, rounded, and the level shift of +128 added before.
            let bias: Int32 = 65536 + (128 << 17)
            let x0 = k.x0 &+ bias, x1 = k.x1 &+ bias, x2 = k.x2 &+ bias, x3 = k.x3 &+ bias
            let o = offset + row * stride
            output[o] = clamp((x0 &+ k.t3) &>> 17)
            output[o + 7] = clamp((x0 &- k.t3) &>> 17)
            output[o + 1] = clamp((x1 &+ k.t2) &>> 17)
            output[o + 6] = clamp((x1 &- k.t2) &>> 17)
            output[o + 2] = clamp((x2 &+ k.t1) &>> 17)
            output[o + 5] = clamp((x2 &- k.t1) &>> 17)
            output[o + 3] = clamp((x3 &+ k.t0) &>> 17)
            output[o + 4] = clamp((x3 &- k.t0) &>> 17)
        }
    }

    /// The mean of the block's samples, from its DC coefficient alone: what 1/8-scale decoding
    /// keeps of each block (F(0,0) is eight times the mean).
    @inline(__always) static func mean(dc: Int32) -> UInt8 {
        clamp(((dc &+ 4) &>> 3) &+ 128)
    }
}

/// The seven passes of PNG interlacing: each a sub-image taking every `xStep`-th pixel of
/// every `yStep`-th row, from (`x0`, `y0`).
enum Adam7 {
    struct Pass {
        let x0: Int, y0: Int, xStep: Int, yStep: Int
        let width: Int, height: Int

        static func whole(width: Int, height: Int) -> Pass {
            Pass(x0: 0, y0: 0, xStep: 1, yStep: 1, width: width, height: height)
        }
    }

    static func passes(width: Int, height: Int) -> [Pass] {
        let layout = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        return layout.map { x0, y0, xStep, yStep in
            Pass(x0: x0, y0: y0, xStep: xStep, yStep: yStep,
                 width: width > x0 ? (width - x0 + xStep - 1) / xStep : 0,
                 height: height > y0 ? (height - y0 + yStep - 1) / yStep : 0)
        }
    }
}

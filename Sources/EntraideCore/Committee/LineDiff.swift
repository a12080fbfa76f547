import Foundation

/// A line-based diff between what a proposal replaces and what it proposes, laid out for a
/// side-by-side view. The longest common subsequence of lines (dynamic programming) is kept
/// on both sides; every other line is removed (left) or added (right).
///
/// Texts a committee reads are short (a charter, a word list): the table stays small. Past
/// `maxCells`, the common start and end are still matched and the middle is shown as
/// replaced, so a huge text never costs more than that.
public enum LineDiff {
    public enum Operation: String, Sendable, Equatable, Codable {
        case same, removed, added
    }

    public struct Line: Sendable, Equatable {
        public var operation: Operation
        public var text: String
        public init(_ operation: Operation, _ text: String) {
            self.operation = operation
            self.text = text
        }
    }

    /// One row of the side-by-side view: the left cell shows the old line, the right the new.
    /// An unchanged line shows on both; a removed line has no right cell unless an added line
    /// takes its place on the same row.
    public struct Row: Sendable, Equatable {
        public var left: Line?
        public var right: Line?
        public init(left: Line?, right: Line?) {
            self.left = left
            self.right = right
        }
    }

    public static let maxCells = 4_000_000

    public static func lines(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The edit script from `before` to `after`, in reading order (removals before additions
    /// within a changed stretch).
    public static func diff(_ before: String, _ after: String) -> [Line] {
        diff(lines: lines(before), lines(after))
    }

    public static func diff(lines old: [String], _ new: [String]) -> [Line] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let a = Array(old[prefix..<(old.count - suffix)]), b = Array(new[prefix..<(new.count - suffix)])

        var result = old[..<prefix].map { Line(.same, $0) }
        if a.count * b.count > maxCells {
            result += a.map { Line(.removed, $0) } + b.map { Line(.added, $0) }
        } else {
            result += middle(a, b)
        }
        result += old[(old.count - suffix)...].map { Line(.same, $0) }
        return result
    }

    private static func middle(_ a: [String], _ b: [String]) -> [Line] {
        // length[i][j]: the longest common subsequence of a[i...] and b[j...], in one flat array.
        let width = b.count + 1
        var length = [Int](repeating: 0, count: (a.count + 1) * width)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                length[i * width + j] = a[i] == b[j] ? length[(i + 1) * width + j + 1] + 1
                    : max(length[(i + 1) * width + j], length[i * width + j + 1])
            }
        }
        var result: [Line] = [], removed: [Line] = [], added: [Line] = []
        func flush() {
            result += removed + added
            removed = []
            added = []
        }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                flush()
                result.append(Line(.same, a[i]))
                i += 1
                j += 1
            } else if j == b.count || (i < a.count && length[(i + 1) * width + j] >= length[i * width + j + 1]) {
                removed.append(Line(.removed, a[i]))
                i += 1
            } else {
                added.append(Line(.added, b[j]))
                j += 1
            }
        }
        flush()
        return result
    }

    /// The side-by-side rows: unchanged lines face each other; in a changed stretch, the
    /// removed lines face the added ones row by row, the longer side running on alone.
    public static func sideBySide(_ before: String, _ after: String) -> [Row] {
        rows(diff(before, after))
    }

    public static func rows(_ lines: [Line]) -> [Row] {
        var rows: [Row] = [], removed: [Line] = [], added: [Line] = []
        func flush() {
            for index in 0..<max(removed.count, added.count) {
                rows.append(Row(left: index < removed.count ? removed[index] : nil, right: index < added.count ? added[index] : nil))
            }
            removed = []
            added = []
        }
        for line in lines {
            switch line.operation {
            case .same:
                flush()
                rows.append(Row(left: line, right: line))
            case .removed: removed.append(line)
            case .added: added.append(line)
            }
        }
        flush()
        return rows
    }
}

public extension LineDiff {
    /// A row to show, or a run of unchanged rows folded into one line ("12 unchanged lines").
    enum Folded: Sendable, Equatable {
        case row(Row)
        case skipped(Int)
    }

    /// Keeps `context` unchanged rows around each change and folds the rest: a one-word change
    /// to a long charter stays a short page. Nothing changed gives no rows at all.
    static func folded(_ rows: [Row], context: Int) -> [Folded] {
        let changed = rows.indices.filter { rows[$0].left?.operation != .same }
        guard !changed.isEmpty else { return [] }
        var keep = Set<Int>()
        for index in changed {
            keep.formUnion(max(0, index - context)...min(rows.count - 1, index + context))
        }
        var result: [Folded] = [], skipped = 0
        for index in rows.indices {
            if keep.contains(index) {
                if skipped > 0 { result.append(.skipped(skipped)) }
                skipped = 0
                result.append(.row(rows[index]))
            } else {
                skipped += 1
            }
        }
        if skipped > 0 { result.append(.skipped(skipped)) }
        return result
    }
}

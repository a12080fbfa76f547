import Foundation

/// Cells of 0.05° × 0.05° (about 5.5 km × 3.7 km in France) that the feed's index is
/// ordered by first: a search reads the few cells under its box, each from its newest
/// item, instead of every new item of the country.
public enum FeedGrid {
    public static let step = 0.05
    /// A box needing more cells than this is read through the age index instead.
    public static let maximumCells = 48

    public static func cell(_ point: GeoPoint) -> Int {
        let row = Int((point.lat / step).rounded(.down)) + 2_000
        let column = Int((point.lon / step).rounded(.down)) + 4_000
        return row * 10_000 + column
    }

    /// The cells that cover a box, or `nil` when there are too many to list.
    public static func cells(minLat: Double, maxLat: Double, minLon: Double, maxLon: Double) -> [Int]? {
        let rows = Int((minLat / step).rounded(.down))...Int((maxLat / step).rounded(.down))
        let columns = Int((minLon / step).rounded(.down))...Int((maxLon / step).rounded(.down))
        guard rows.count * columns.count <= maximumCells else { return nil }
        return rows.flatMap { row in columns.map { column in (row + 2_000) * 10_000 + column + 4_000 } }
    }
}

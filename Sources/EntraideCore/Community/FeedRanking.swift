import Foundation

/// Orders the nearby feed: nearest and newest first, as one score. A day of age weighs as
/// much as a kilometre of distance, so a fresh request two streets away comes before last
/// week's next door, and both before a fresh one across the city.
///
/// The score is measured from a fixed snapshot instant carried in the pagination cursor, so
/// an item's score never changes while a member pages through, and items created after the
/// snapshot wait for the next refresh instead of shifting the pages.
public enum FeedRanking {
    public static let kilometresPerDay = 1.0
    /// Online events have no distance; they rank as if this far away.
    public static let onlineDistanceKm = 5.0
    public static let pageSize = 20

    public static func score(distanceKm: Double, createdAt: Date, snapshot: Date) -> Double {
        let ageDays = max(0, snapshot.timeIntervalSince(createdAt)) / 86_400
        return distanceKm + ageDays * kilometresPerDay
    }

    /// Every item scoring at most `threshold` is within `threshold` km and `threshold` days,
    /// so the store only needs to look at that window: it widens until a page is full.
    public static func windows(startingAt first: Double) -> [Double] {
        var result: [Double] = []
        var threshold = max(first, 2)
        while threshold < 4096 {
            result.append(threshold)
            threshold *= 2
        }
        result.append(.infinity)
        return result
    }

    /// A bounding box that holds every point within `km` of `center` (a little larger).
    public static func boundingBox(around center: GeoPoint, km: Double) -> (minLat: Double, maxLat: Double, minLon: Double, maxLon: Double) {
        let latDelta = km / 111.0
        let cosLat = max(cos(center.lat * .pi / 180), 0.01)
        let lonDelta = min(km / (111.32 * cosLat), 180)
        return (center.lat - latDelta, center.lat + latDelta, center.lon - lonDelta, center.lon + lonDelta)
    }
}

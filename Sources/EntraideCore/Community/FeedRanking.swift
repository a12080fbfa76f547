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
    /// so the store only needs to look at that window: it starts small and widens until a
    /// page is full.
    public static let firstWindow = 1.5

    /// The next, wider window. Items in a window grow with the cube of its threshold, so it
    /// grows by how far the last one fell short of a page: at least ×1.3, at most ×4; past
    /// 4096 (km or days) there is no bound left.
    public static func widen(_ threshold: Double, found: Int, wanted: Int = pageSize + 1) -> Double {
        let growth = min(4, max(1.3, cbrt(Double(wanted) * 1.5 / Double(max(found, 1)))))
        let next = threshold * growth
        return next >= 4096 ? .infinity : next
    }

    /// A bounding box that holds every point within `km` of `center` (a little larger).
    public static func boundingBox(around center: GeoPoint, km: Double) -> (minLat: Double, maxLat: Double, minLon: Double, maxLon: Double) {
        let latDelta = km / 111.0
        let cosLat = max(cos(center.lat * .pi / 180), 0.01)
        let lonDelta = min(km / (111.32 * cosLat), 180)
        return (center.lat - latDelta, center.lat + latDelta, center.lon - lonDelta, center.lon + lonDelta)
    }
}

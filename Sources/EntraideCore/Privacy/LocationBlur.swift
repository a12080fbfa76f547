/// Replaces a true point by one 150–500 m away, once, when it is written.
///
/// The caller stores only the result: the true point is never persisted, so every later
/// read returns the same blurred point and repeated reads cannot be averaged back to the
/// truth. The offset distance is drawn so that points are spread evenly over the ring's
/// area (not bunched near its inner edge).
public enum LocationBlur {
    public static let minimumMeters = 150.0
    public static let maximumMeters = 500.0

    public static func blur(_ point: GeoPoint) -> GeoPoint {
        var generator = SystemRandomNumberGenerator()
        return blur(point, using: &generator)
    }

    public static func blur<G: RandomNumberGenerator>(_ point: GeoPoint, using generator: inout G) -> GeoPoint {
        let inner = minimumMeters * minimumMeters, outer = maximumMeters * maximumMeters
        let distance = Double.random(in: inner...outer, using: &generator).squareRoot()
        let bearing = Double.random(in: 0..<(2 * .pi), using: &generator)
        let moved = point.moved(meters: distance, bearing: bearing)
        // Five decimals (~1 m) is all the precision a blurred point needs to carry.
        return GeoPoint(lat: (moved.lat * 100_000).rounded() / 100_000, lon: (moved.lon * 100_000).rounded() / 100_000)
    }
}

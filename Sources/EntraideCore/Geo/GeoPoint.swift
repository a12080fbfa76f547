import Foundation

/// A point on Earth in decimal degrees (WGS 84).
public struct GeoPoint: Sendable, Hashable, Codable {
    public var lat: Double
    public var lon: Double

    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    public var isValid: Bool {
        lat.isFinite && lon.isFinite && (-90...90).contains(lat) && (-180...180).contains(lon)
    }

    static let earthRadiusMeters = 6_371_008.8

    /// Great-circle distance (haversine), in metres.
    public func distance(to other: GeoPoint) -> Double {
        let φ1 = lat * .pi / 180, φ2 = other.lat * .pi / 180
        let dφ = (other.lat - lat) * .pi / 180
        let dλ = (other.lon - lon) * .pi / 180
        let a = sin(dφ / 2) * sin(dφ / 2) + cos(φ1) * cos(φ2) * sin(dλ / 2) * sin(dλ / 2)
        return 2 * Self.earthRadiusMeters * atan2(sqrt(a), sqrt(1 - a))
    }

    /// The point reached by travelling `meters` from here on the initial `bearing` (radians from north).
    public func moved(meters: Double, bearing: Double) -> GeoPoint {
        let δ = meters / Self.earthRadiusMeters
        let φ1 = lat * .pi / 180, λ1 = lon * .pi / 180
        let φ2 = asin(sin(φ1) * cos(δ) + cos(φ1) * sin(δ) * cos(bearing))
        let λ2 = λ1 + atan2(sin(bearing) * sin(δ) * cos(φ1), cos(δ) - sin(φ1) * sin(φ2))
        var lon2 = λ2 * 180 / .pi
        if lon2 > 180 { lon2 -= 360 } else if lon2 < -180 { lon2 += 360 }
        return GeoPoint(lat: φ2 * 180 / .pi, lon: lon2)
    }
}

import Foundation

/// Where the nearest life is, for a member with nothing within reach: 40 % of members live
/// where no animator exists (PRODUCT.md), and an empty home page sends them away. Zones are
/// départements, found from the postal codes events and groups give; a zone is named by
/// the city most of its activity gives, and placed at its prefecture, never at an event's
/// or a group's own point.
public struct ActiveZone: Sendable, Equatable {
    public let department: String
    public let city: String?
    public let centre: GeoPoint
    public let distanceKm: Double
    public let events: Int
    public let groups: Int
}

public enum NearestActiveZone {
    /// Activity in one postal code: how many upcoming events and groups, and their city.
    public struct Activity: Sendable, Equatable {
        public let postalCode: String
        public let city: String?
        public let events: Int
        public let groups: Int

        public init(postalCode: String, city: String?, events: Int, groups: Int) {
            self.postalCode = postalCode
            self.city = city
            self.events = events
            self.groups = groups
        }
    }

    /// The nearest département with activity, other than the member's own (whose activity
    /// is already out of their reach), by the distance between prefectures.
    public static func pick(from point: GeoPoint, ownDepartment: String?, activity: [Activity]) -> ActiveZone? {
        var byDepartment: [String: (events: Int, groups: Int, cities: [String: Int])] = [:]
        for row in activity where row.events + row.groups > 0 {
            guard let department = PostalZone.department(of: row.postalCode), department != ownDepartment else { continue }
            var zone = byDepartment[department] ?? (0, 0, [:])
            zone.events += row.events
            zone.groups += row.groups
            if let city = row.city, !city.isEmpty { zone.cities[city, default: 0] += row.events + row.groups }
            byDepartment[department] = zone
        }
        let zones = byDepartment.compactMap { department, zone -> ActiveZone? in
            guard let centre = PostalZone.centre(ofDepartment: department) else { return nil }
            // The busiest city names the zone; ties go to the first name, so the answer is stable.
            let city = zone.cities.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key
            return ActiveZone(department: department, city: city, centre: centre, distanceKm: centre.distance(to: point) / 1000,
                              events: zone.events, groups: zone.groups)
        }
        return zones.min { $0.distanceKm != $1.distanceKm ? $0.distanceKm < $1.distanceKm : $0.department < $1.department }
    }
}

import Foundation

/// What counts as done for the steps whose signal is a state rather than an event.
public enum FirstWeekRules {
    /// A profile others can relate to and nearby things can be found for: a few words about
    /// oneself, a postal code (the zone everything nearby is searched around) and an interest.
    public static func profileIsComplete(about: String?, postalCode: String?, interests: [String]) -> Bool {
        !(about ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            && !(postalCode ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            && !interests.isEmpty
    }

    /// How far to look around a member whose zone is their postal code's département centre:
    /// that centre is coarse, so the search reaches the département's edges even when the
    /// member travels less far.
    public static func zoneRadiusKm(travelDistanceKm: Int) -> Double {
        max(Double(travelDistanceKm), 40)
    }
}

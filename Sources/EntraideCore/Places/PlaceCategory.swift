/// The services directory's category tree: families ("food") and the categories under them
/// ("food.meals"). Codes are stable: the API, imports, links and translations use them
/// (`category.<code>` and `category_family.<family>` in the catalogues).
public enum PlaceCategory {
    public struct Family: Sendable, Equatable {
        public let code: String
        public let categories: [String]
    }

    /// Nine families, thirty categories; the order is the order pages show them in.
    public static let families: [Family] = [
        Family(code: "food", categories: ["food.meals", "food.parcels", "food.social_grocery", "food.drinking_water"]),
        Family(code: "shelter", categories: ["shelter.emergency", "shelter.day_centre", "shelter.housing_help"]),
        Family(code: "hygiene", categories: ["hygiene.showers", "hygiene.toilets", "hygiene.laundry", "hygiene.products"]),
        Family(code: "health", categories: ["health.care", "health.dental", "health.mental", "health.addiction"]),
        Family(code: "digital", categories: ["digital.charging", "digital.wifi", "digital.computers"]),
        Family(code: "equipment", categories: ["equipment.clothing", "equipment.sleeping_gear", "equipment.luggage_storage"]),
        Family(code: "rights", categories: ["rights.legal", "rights.administrative", "rights.domiciliation", "rights.orientation"]),
        Family(code: "work", categories: ["work.employment", "work.training", "work.language_courses"]),
        Family(code: "animals", categories: ["animals.vet", "animals.supplies"]),
    ]

    public static let all: [String] = families.flatMap(\.categories)
    private static let known = Set(all)
    private static let familyCodes = Set(families.map(\.code))

    public static func isCategory(_ code: String) -> Bool { known.contains(code) }
    public static func isFamily(_ code: String) -> Bool { familyCodes.contains(code) }

    /// "food.meals" → "food".
    public static func family(of category: String) -> String {
        String(category.prefix { $0 != "." })
    }

    /// A search filter: a category, or a family standing for all its categories. Nil when unknown.
    public static func filter(_ code: String) -> [String]? {
        if known.contains(code) { return [code] }
        return families.first { $0.code == code }?.categories
    }
}

/// Who a place is for. A place for everyone lists `everyone` alone.
public enum PlaceAudience: String, CaseIterable, Sendable, Codable {
    case everyone, women, men, families, youngPeople = "young_people", seniors
    case peopleWithAnimals = "people_with_animals", exiles
}

/// How one gets in: unconditionally, by appointment, when referred by a social worker
/// ("orientation"), after registering, or for a price (with a note saying how much).
public enum PlaceAccess: String, CaseIterable, Sendable, Codable {
    case unconditional, appointment, referral, registration, paid
}

/// A place at one address, or a mobile round ("maraude") with several stops, each with its
/// own hours.
public enum PlaceKind: String, CaseIterable, Sendable, Codable {
    case fixed, mobile
}

import Foundation

/// A place as it comes in, from an import file, a member's suggestion or the demo data,
/// before it is stored: `PlaceRules.validate` checks and normalises it.
public struct PlaceDraft: Hashable, Sendable, Codable {
    public var sourceID: String?
    public var kind: PlaceKind
    public var name: String
    public var description: String?
    public var categories: [String]
    public var audience: [PlaceAudience]
    public var access: [PlaceAccess]
    public var priceNote: String?
    public var languages: [String]
    public var phone: String?
    public var email: String?
    public var website: String?
    public var address: String?
    public var city: String?
    public var postalCode: String?
    public var country: String
    public var location: GeoPoint?
    public var timeZone: String
    public var hours: OpeningHours
    public var wheelchairAccessible: Bool?
    public var accessibilityNote: String?
    public var stops: [StopDraft]

    public init(sourceID: String? = nil, kind: PlaceKind = .fixed, name: String, description: String? = nil, categories: [String],
                audience: [PlaceAudience] = [.everyone], access: [PlaceAccess] = [], priceNote: String? = nil, languages: [String] = [],
                phone: String? = nil, email: String? = nil, website: String? = nil, address: String? = nil, city: String? = nil,
                postalCode: String? = nil, country: String = "FR", location: GeoPoint? = nil, timeZone: String = "Europe/Paris",
                hours: OpeningHours = .unknown, wheelchairAccessible: Bool? = nil, accessibilityNote: String? = nil, stops: [StopDraft] = []) {
        self.sourceID = sourceID
        self.kind = kind
        self.name = name
        self.description = description
        self.categories = categories
        self.audience = audience
        self.access = access
        self.priceNote = priceNote
        self.languages = languages
        self.phone = phone
        self.email = email
        self.website = website
        self.address = address
        self.city = city
        self.postalCode = postalCode
        self.country = country
        self.location = location
        self.timeZone = timeZone
        self.hours = hours
        self.wheelchairAccessible = wheelchairAccessible
        self.accessibilityNote = accessibilityNote
        self.stops = stops
    }
}

/// One stop of a mobile round: where it stands and when.
public struct StopDraft: Hashable, Sendable, Codable {
    public var name: String?
    public var address: String?
    public var city: String?
    public var postalCode: String?
    public var location: GeoPoint
    public var hours: OpeningHours

    public init(name: String? = nil, address: String? = nil, city: String? = nil, postalCode: String? = nil, location: GeoPoint, hours: OpeningHours) {
        self.name = name
        self.address = address
        self.city = city
        self.postalCode = postalCode
        self.location = location
        self.hours = hours
    }
}

/// What a stored place must be. Each check throws a `RuleViolation` with a stable code.
public enum PlaceRules {
    public static let nameLength = 2...160
    public static let descriptionMaxLength = 4000
    public static let noteMaxLength = 300
    public static let maximumStops = 50
    public static let maximumCategories = 12
    public static let defaultRadiusKm = 10.0
    public static let maximumRadiusKm = 50.0
    public static let queryMaxLength = 100

    public static func validate(_ draft: PlaceDraft) throws -> PlaceDraft {
        var place = draft
        place.name = try CommunityRules.title(draft.name, field: "name", length: nameLength)
        place.description = try CommunityRules.optionalText(draft.description, field: "description", max: descriptionMaxLength)
        place.categories = try categories(draft.categories)
        place.audience = draft.audience.isEmpty ? [.everyone] : unique(draft.audience)
        // "Everyone" and a restriction contradict each other; welcoming animals restricts nobody.
        if place.audience.contains(where: { $0 != .everyone && $0 != .peopleWithAnimals }) { place.audience.removeAll { $0 == .everyone } }
        place.access = unique(draft.access)
        place.priceNote = try CommunityRules.optionalText(draft.priceNote, field: "priceNote", max: noteMaxLength)
        place.languages = try languages(draft.languages)
        place.phone = try CommunityRules.optionalText(draft.phone, field: "phone", max: 40)
        if let phone = place.phone, !phone.allSatisfy({ $0.isNumber || " +-.()".contains($0) }) {
            throw RuleViolation("validation.phone_invalid", field: "phone")
        }
        place.email = try CommunityRules.optionalText(draft.email, field: "email", max: 200)
        if let email = place.email, !(email.contains("@") && email.contains(".") && !email.contains(" ")) {
            throw RuleViolation("validation.email_invalid", field: "email")
        }
        place.website = try draft.website.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : try CommunityRules.link($0, field: "website") }
        place.address = try CommunityRules.optionalText(draft.address, field: "address", max: CommunityRules.addressMaxLength)
        place.city = try CommunityRules.optionalText(draft.city, field: "city", max: 100)
        place.postalCode = try CommunityRules.optionalText(draft.postalCode, field: "postalCode", max: 12)
        place.country = draft.country.uppercased().count == 2 ? draft.country.uppercased() : "FR"
        place.timeZone = try CommunityRules.timeZone(draft.timeZone).identifier
        place.accessibilityNote = try CommunityRules.optionalText(draft.accessibilityNote, field: "accessibilityNote", max: noteMaxLength)
        place.hours = try hours(draft.hours, field: "hours")
        switch draft.kind {
        case .fixed:
            guard let location = draft.location else { throw RuleViolation("validation.required", field: "location") }
            place.location = try CommunityRules.point(lat: location.lat, lon: location.lon)
            place.stops = []
        case .mobile:
            guard !draft.stops.isEmpty else { throw RuleViolation("places.stops_required", field: "stops") }
            guard draft.stops.count <= maximumStops else {
                throw RuleViolation("validation.too_many", field: "stops", arguments: ["max": "\(maximumStops)"])
            }
            place.stops = try draft.stops.enumerated().map { index, stop in
                var checked = stop
                checked.location = try CommunityRules.point(lat: stop.location.lat, lon: stop.location.lon, field: "stops.\(index).location")
                checked.name = try CommunityRules.optionalText(stop.name, field: "stops.\(index).name", max: nameLength.upperBound)
                checked.address = try CommunityRules.optionalText(stop.address, field: "stops.\(index).address", max: CommunityRules.addressMaxLength)
                checked.city = try CommunityRules.optionalText(stop.city, field: "stops.\(index).city", max: 100)
                checked.postalCode = try CommunityRules.optionalText(stop.postalCode, field: "stops.\(index).postalCode", max: 12)
                checked.hours = try hours(stop.hours, field: "stops.\(index).hours")
                return checked
            }
            // A round is found by its stops; its own point, if any, is where it starts.
            place.location = try draft.location.map { try CommunityRules.point(lat: $0.lat, lon: $0.lon) } ?? place.stops.first?.location
        }
        return place
    }

    public static func categories(_ codes: [String]) throws -> [String] {
        let cleaned = unique(codes.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        guard !cleaned.isEmpty else { throw RuleViolation("places.category_required", field: "categories") }
        guard cleaned.count <= maximumCategories else {
            throw RuleViolation("validation.too_many", field: "categories", arguments: ["max": "\(maximumCategories)"])
        }
        for code in cleaned where !PlaceCategory.isCategory(code) {
            throw RuleViolation("places.category_unknown", field: "categories", arguments: ["value": code])
        }
        return cleaned
    }

    /// ISO 639 codes ("fr", "prs"), lowercased, at most 20.
    public static func languages(_ codes: [String]) throws -> [String] {
        let cleaned = unique(codes.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
        guard cleaned.count <= 20 else { throw RuleViolation("validation.too_many", field: "languages", arguments: ["max": "20"]) }
        for code in cleaned where !((2...3).contains(code.count) && code.allSatisfy { $0.isASCII && $0.isLetter }) {
            throw RuleViolation("places.language_invalid", field: "languages", arguments: ["value": code])
        }
        return cleaned
    }

    static func hours(_ hours: OpeningHours, field: String) throws -> OpeningHours {
        guard hours.weekly.allSatisfy({ $0.count <= OpeningHoursText.maximumSlotsPerDay }), hours.exceptions.count <= 100, hours.closures.count <= 20 else {
            throw RuleViolation("places.hours_invalid", field: field, arguments: ["part": ""])
        }
        for closure in hours.closures {
            if let until = closure.until, until < closure.from { throw RuleViolation("places.closure_invalid", field: field) }
        }
        var checked = hours
        checked.note = try CommunityRules.optionalText(hours.note, field: field, max: noteMaxLength)
        return checked
    }

    public static func radiusKm(_ value: Double?) throws -> Double {
        guard let value else { return defaultRadiusKm }
        guard value.isFinite, value > 0, value <= maximumRadiusKm else {
            throw RuleViolation("validation.radius_invalid", field: "radiusKm", arguments: ["max": "\(Int(maximumRadiusKm))"])
        }
        return value
    }

    static func unique<T: Hashable>(_ values: [T]) -> [T] {
        var seen = Set<T>()
        return values.filter { seen.insert($0).inserted }
    }
}

/// Text as the search reads it: lowercase, without accents, words only. The same folding is
/// applied to what is stored and to what is typed, so "hopital" finds "Hôpital".
public enum SearchText {
    public static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil).lowercased()
        return String(folded.map { $0.isLetter || $0.isNumber ? $0 : " " })
            .split(separator: " ").joined(separator: " ")
    }

    /// The words of a query, at most eight.
    public static func words(_ query: String) -> [String] {
        Array(fold(query).split(separator: " ").map(String.init).prefix(8))
    }
}

/// Descriptions in open data are often HTML: the text, with paragraphs kept as line breaks.
public enum PlainText {
    public static func fromHTML(_ html: String) -> String {
        var text = html
        for tag in ["<br>", "<br/>", "<br />", "</p>", "</li>", "</div>"] {
            text = text.replacingOccurrences(of: tag, with: "\n", options: .caseInsensitive)
        }
        text = text.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        let entities = ["&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&apos;": "'", "&rsquo;": "’", "&eacute;": "é", "&egrave;": "è", "&agrave;": "à"]
        for (entity, value) in entities { text = text.replacingOccurrences(of: entity, with: value) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        var result: [String] = []
        for line in lines where !(line.isEmpty && (result.last?.isEmpty ?? true)) { result.append(line) }
        return result.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

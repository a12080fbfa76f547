import Vapor
import EntraideCore

/// "Open now" as the API says it: `openNow` true or false (null when no hours are known),
/// with when it closes or next opens on the place's clock, with its offset.
struct OpeningStatusDTO: Content {
    let openNow: Bool?
    let closesAt: String?
    let opensAt: String?
    /// The last day of a temporary closure under way (null when open-ended or none).
    let closedUntil: String?
    let temporarilyClosed: Bool

    init(_ status: OpeningHours.Status, zone: TimeZone) {
        switch status {
        case .open(let until):
            openNow = true
            closesAt = until.map { OutingDTO.local($0.date(in: zone), in: zone) }
            opensAt = nil
            closedUntil = nil
            temporarilyClosed = false
        case .closed(let opens, let closure):
            openNow = false
            closesAt = nil
            opensAt = opens.map { OutingDTO.local($0.date(in: zone), in: zone) }
            closedUntil = closure?.until?.description
            temporarilyClosed = closure != nil
        case .unknown:
            openNow = nil
            closesAt = nil
            opensAt = nil
            closedUntil = nil
            temporarilyClosed = false
        }
    }
}

struct PlaceStopRef: Content {
    let id: UUID
    let name: String?
}

/// A place in a list: enough to choose where to go.
struct PlaceSummaryDTO: Content {
    let id: UUID
    let kind: String
    let name: String
    let categories: [String]
    let audience: [String]
    let access: [String]
    /// For a mobile round, the stop it was found at (the nearest one that passes the filters).
    let stop: PlaceStopRef?
    let location: GeoPoint
    let address: String?
    let city: String?
    let postalCode: String?
    let phone: String?
    let wheelchairAccessible: Bool?
    let distanceMeters: Int?
    let status: OpeningStatusDTO

    init(_ hit: PlaceSearch.Hit) {
        let row = hit.row
        id = row.id
        kind = row.kind.rawValue
        name = row.name
        categories = row.categories
        audience = row.audience
        access = row.access
        stop = row.stopID.map { PlaceStopRef(id: $0, name: row.stopName) }
        location = row.point
        address = row.stopID == nil ? row.address : row.stopAddress
        city = row.stopID == nil ? row.city : row.stopCity
        postalCode = row.stopID == nil ? row.postalCode : row.stopPostalCode
        phone = row.phone
        wheelchairAccessible = row.wheelchair
        distanceMeters = hit.distanceMeters.map { Int($0.rounded()) }
        status = OpeningStatusDTO(hit.status, zone: row.zone)
    }
}

struct PlaceStopDTO: Content {
    let id: UUID
    let name: String?
    let address: String?
    let city: String?
    let postalCode: String?
    let location: GeoPoint
    let hours: OpeningHours
    let hoursText: String
    let status: OpeningStatusDTO
}

/// A place in full.
struct PlaceDTO: Content {
    let id: UUID
    let kind: String
    let name: String
    let description: String?
    let categories: [String]
    let audience: [String]
    let access: [String]
    let priceNote: String?
    let languages: [String]
    let phone: String?
    let email: String?
    let website: String?
    let address: String?
    let city: String?
    let postalCode: String?
    let country: String
    let location: GeoPoint?
    let timeZone: String
    let hours: OpeningHours
    /// The weekly hours in the text syntax of imports and forms (`mo-fr 09:00-12:00`).
    let hoursText: String
    let status: OpeningStatusDTO
    let wheelchairAccessible: Bool?
    let accessibilityNote: String?
    let stops: [PlaceStopDTO]
    /// `active`, or `retired` when its source stopped listing it.
    let state: String
    let source: String
    let updatedAt: Date?

    init(_ place: Place, stops: [PlaceStop], now: Date = Date()) throws {
        let hours = place.openingHours
        let zone = place.zone
        id = try place.requireID()
        kind = place.kind
        name = place.name
        description = place.details
        categories = Place.items(place.categories)
        audience = Place.items(place.audience)
        access = Place.items(place.access)
        priceNote = place.priceNote
        languages = Place.items(place.languages)
        phone = place.phone
        email = place.email
        website = place.website
        address = place.address
        city = place.city
        postalCode = place.postalCode
        country = place.country
        location = place.point
        timeZone = place.timeZone
        self.hours = hours
        hoursText = OpeningHoursText.format(hours)
        wheelchairAccessible = place.wheelchair
        accessibilityNote = place.accessibilityNote
        self.stops = try stops.sorted { $0.position < $1.position }.map { stop in
            let stopHours = stop.openingHours
            return PlaceStopDTO(id: try stop.requireID(), name: stop.name, address: stop.address, city: stop.city, postalCode: stop.postalCode,
                                location: stop.point, hours: stopHours, hoursText: OpeningHoursText.format(stopHours),
                                status: OpeningStatusDTO(PlaceStatus.of(stopHours, fallback: hours, zone: zone, country: place.country, now: now), zone: zone))
        }
        // A round is open when one of its stops is (or, with no stop hours, by its own).
        let stopStatuses = stops.map { PlaceStatus.of($0.openingHours, fallback: hours, zone: zone, country: place.country, now: now) }
        let own = PlaceStatus.of(hours, fallback: hours, zone: zone, country: place.country, now: now)
        status = OpeningStatusDTO(stopStatuses.first(where: \.isOpen) ?? (stops.isEmpty ? own : stopStatuses.first ?? own), zone: zone)
        state = place.status
        source = place.source
        updatedAt = place.updatedAt
    }
}

struct CategoryDTO: Content {
    let code: String
    let name: String
}

struct CategoryFamilyDTO: Content {
    let code: String
    let name: String
    let categories: [CategoryDTO]

    static func all(_ req: Request) -> [CategoryFamilyDTO] {
        PlaceCategory.families.map { family in
            CategoryFamilyDTO(code: family.code, name: req.t("category_family.\(family.code)"),
                              categories: family.categories.map { CategoryDTO(code: $0, name: req.t("category.\($0)")) })
        }
    }
}

// MARK: Input

struct PlaceStopInput: Content {
    var name: String?
    var address: String?
    var city: String?
    var postalCode: String?
    var location: PointInput?
    var hours: OpeningHours?
    var hoursText: String?
}

/// A place as a member describes it. In a correction every field is optional and only the
/// fields given change.
struct PlaceInput: Content {
    var kind: String?
    var name: String?
    var description: String?
    var categories: [String]?
    var audience: [String]?
    var access: [String]?
    var priceNote: String?
    var languages: [String]?
    var phone: String?
    var email: String?
    var website: String?
    var address: String?
    var city: String?
    var postalCode: String?
    var location: PointInput?
    var timeZone: String?
    var hours: OpeningHours?
    /// The weekly hours as text (`mo-fr 09:00-12:00; sa 10:00-12:00`), instead of `hours`.
    var hoursText: String?
    var wheelchairAccessible: Bool?
    var accessibilityNote: String?
    var stops: [PlaceStopInput]?

    /// These fields written over `base` (a new place starts from an empty draft).
    func applied(to base: PlaceDraft) throws -> PlaceDraft {
        var draft = base
        if let kind { draft.kind = try CommunityRules.choice(kind, as: PlaceKind.self, field: "kind") }
        if let name { draft.name = name }
        if let description { draft.description = description }
        if let categories { draft.categories = categories }
        if let audience { draft.audience = try audience.map { try CommunityRules.choice($0, as: PlaceAudience.self, field: "audience") } }
        if let access { draft.access = try access.map { try CommunityRules.choice($0, as: PlaceAccess.self, field: "access") } }
        if let priceNote { draft.priceNote = priceNote }
        if let languages { draft.languages = languages }
        if let phone { draft.phone = phone }
        if let email { draft.email = email }
        if let website { draft.website = website }
        if let address { draft.address = address }
        if let city { draft.city = city }
        if let postalCode { draft.postalCode = postalCode }
        if let location { draft.location = try CommunityRules.point(lat: location.lat, lon: location.lon) }
        if let timeZone { draft.timeZone = timeZone }
        if let hours { draft.hours = hours }
        if let hoursText { draft.hours = try OpeningHoursText.parse(hoursText) }
        if let wheelchairAccessible { draft.wheelchairAccessible = wheelchairAccessible }
        if let accessibilityNote { draft.accessibilityNote = accessibilityNote }
        if let stops {
            draft.stops = try stops.enumerated().map { index, stop in
                let point = try CommunityRules.point(lat: stop.location?.lat, lon: stop.location?.lon, field: "stops.\(index).location")
                let hours = try stop.hoursText.map { try OpeningHoursText.parse($0, field: "stops.\(index).hours") } ?? stop.hours ?? .unknown
                return StopDraft(name: stop.name, address: stop.address, city: stop.city, postalCode: stop.postalCode, location: point, hours: hours)
            }
        }
        return try PlaceRules.validate(draft)
    }
}

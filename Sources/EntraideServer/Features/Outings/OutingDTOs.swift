import Vapor
import EntraideCore

struct RecurrenceInput: Content {
    var frequency: String?
    var count: Int?
    var until: Date?
}

struct OutingInput: Content {
    var title: String?
    var description: String?
    var startsAt: Date?
    var endsAt: Date?
    var timeZone: String?
    var online: Bool?
    var onlineUrl: String?
    var placeName: String?
    var address: String?
    var location: PointInput?
    var city: String?
    var postalCode: String?
    var capacity: Int?
    var womenOnly: Bool?
    var reservedGoal: String?
    var sportActivity: String?
    var partnerClub: String?
    var recurrence: RecurrenceInput?
}

struct OutingCancelInput: Content {
    /// Also cancel the later occurrences of a recurring event.
    var series: Bool?
}

struct OutingDTO: Content, ExplainsHolding {
    let id: UUID
    let seriesID: UUID?
    let title: String
    let description: String?
    let startsAt: Date
    let endsAt: Date
    let timeZone: String
    /// Start and end on the event's own clock, with its offset ("2026-12-01T18:00:00+01:00").
    let startsAtLocal: String
    let endsAtLocal: String
    let online: Bool
    let onlineUrl: String?
    let placeName: String?
    let address: String?
    let location: GeoPoint?
    let place: String?
    let capacity: Int?
    let participantCount: Int
    let full: Bool
    let womenOnly: Bool
    let reservedGoal: String?
    let sportActivity: String?
    let partnerClub: String?
    let recurrence: String?
    let status: String
    let organiser: MemberSummary
    let organising: Bool
    let participating: Bool
    /// The organiser sees who comes ("Marie D."); other members see first names only.
    let participants: [MemberSummary]?
    let participantFirstNames: [String]
    let moderation: String?
    /// Why it waits for a moderator, for its organiser only.
    var heldReasons: [HeldReasonDTO]?
    let createdAt: Date?
    let updatedAt: Date?

    init(_ outing: Outing, viewerID: UUID, participating: Bool, participants: [User]) throws {
        let organising = outing.$organiser.id == viewerID
        id = try outing.requireID()
        seriesID = outing.seriesID
        title = outing.title
        description = outing.details
        startsAt = outing.startsAt
        endsAt = outing.endsAt
        timeZone = outing.timeZone
        startsAtLocal = OutingDTO.local(outing.startsAt, in: outing.zone)
        endsAtLocal = OutingDTO.local(outing.endsAt, in: outing.zone)
        online = outing.online
        onlineUrl = outing.onlineURL
        placeName = outing.placeName
        address = outing.address
        location = outing.point
        place = PublicPlace.label(city: outing.city, postalCode: outing.postalCode)
        capacity = outing.capacity
        participantCount = outing.participantCount
        full = outing.isFull
        womenOnly = outing.womenOnly
        reservedGoal = outing.reservedGoal
        sportActivity = outing.sportActivity
        partnerClub = outing.partnerClub
        recurrence = outing.recurrence
        status = outing.status
        organiser = try MemberSummary(outing.organiser)
        self.organising = organising
        self.participating = participating
        let active = participants.filter(\.isActive)
        self.participants = organising ? try active.map(MemberSummary.init) : nil
        participantFirstNames = active.map(\.firstName)
        moderation = organising ? outing.moderation : nil
        heldReasons = organising ? HeldReasonDTO.list(outing.heldReasons) : nil
        createdAt = outing.createdAt
        updatedAt = outing.updatedAt
    }

    /// "18:05" on the event's clock.
    static func clockTime(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    static func local(_ date: Date, in zone: TimeZone) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: zone))
    }
}

struct ParticipationDTO: Content {
    let participating: Bool
    let participantCount: Int
    let full: Bool
}

import Vapor
import EntraideCore

/// One item of the nearby feed: an open action or an upcoming event.
struct FeedItemDTO: Content {
    struct ActionPart: Content {
        let kind: String
        let category: String
    }

    struct EventPart: Content {
        let startsAt: Date
        let endsAt: Date
        let startsAtLocal: String
        let timeZone: String
        let online: Bool
        let placeName: String?
        let participantCount: Int
        let capacity: Int?
        let full: Bool
        let sportActivity: String?
    }

    let type: String
    let id: UUID
    let title: String
    let place: String?
    /// From the searched point to the item's (blurred, for actions) point; absent online.
    /// The one part that depends on the search (`FeedEntry` keeps the rest).
    var distanceKm: Double?
    let author: MemberSummary
    let createdAt: Date?
    let action: ActionPart?
    let event: EventPart?
}

import Vapor
import EntraideCore

struct ActionInput: Content {
    var kind: String?
    var category: String?
    var title: String?
    var description: String?
    var location: PointInput?
    var city: String?
    var postalCode: String?
}

struct ActionCloseInput: Content {
    var helped: Bool?
    var message: String?
}

struct ActionDTO: Content, ExplainsHolding {
    struct Outcome: Content {
        let helped: Bool?
        let message: String?
        let closedBy: String?
    }

    let id: UUID
    let kind: String
    let category: String
    let title: String
    let description: String?
    /// Already 150–500 m away from the point its author gave.
    let location: GeoPoint
    let place: String?
    let status: String
    let author: MemberSummary
    let helperCount: Int
    let mine: Bool
    let helping: Bool
    /// Only the author sees the outcome and the moderation state.
    let outcome: Outcome?
    let moderation: String?
    /// Why it waits for a moderator, for its author only.
    var heldReasons: [HeldReasonDTO]?
    let closedAt: Date?
    let createdAt: Date?
    let updatedAt: Date?

    init(_ action: HelpAction, viewerID: UUID, helping: Bool) throws {
        let mine = action.$author.id == viewerID
        id = try action.requireID()
        kind = action.kind
        category = action.category
        title = action.title
        description = action.details
        location = action.point
        place = PublicPlace.label(city: action.city, postalCode: action.postalCode)
        status = action.status
        author = try MemberSummary(action.author)
        helperCount = action.helperCount
        self.mine = mine
        self.helping = helping
        outcome = mine && !action.isOpen ? Outcome(helped: action.outcomeHelped, message: action.outcomeMessage, closedBy: action.closedBy) : nil
        moderation = mine ? action.moderation : nil
        heldReasons = mine ? HeldReasonDTO.list(action.heldReasons) : nil
        closedAt = action.closedAt
        createdAt = action.createdAt
        updatedAt = action.updatedAt
    }
}

struct ActionJoinDTO: Content {
    let action: ActionDTO
    let conversationID: UUID
}

import Vapor
import Fluent
import EntraideCore

/// The same message sent into several conversations is spam: from the third near-identical
/// message of a day in different conversations, the member is flagged for the moderators
/// (once, while the case is open) and may send such messages only one per `pause`.
enum SpamGuard {
    /// Near-identical messages in other conversations, within `window`, before the next one is spam.
    static let allowedRepeats = 2
    static let window: TimeInterval = 24 * 3600
    static let slowedDown = RateLimit(name: "message.repeated", allowance: 1, windowSeconds: 600)
    /// How many of the member's recent messages are compared.
    static let compared = 50

    static func check(_ body: String, from user: User, in conversationID: UUID, on database: any Database) async throws {
        let userID = try user.requireID()
        let recent = try await Message.query(on: database)
            .filter(\.$author.$id == userID).filter(\.$conversation.$id != conversationID)
            .filter(\.$createdAt >= Date().addingTimeInterval(-window))
            .sort(\.$createdAt, .descending).limit(compared).all()
        let conversations = Set(recent.filter { NearDuplicate.similarity($0.body, body) >= NearDuplicate.threshold }.map(\.$conversation.id))
        guard conversations.count >= allowedRepeats else { return }
        if try await ModerationCases.openCase(.flagged, .member, userID, on: database) == nil {
            let flagged = ModerationCase()
            flagged.source = ModerationCase.Source.flagged.rawValue
            flagged.subjectType = ModerationSubject.member.rawValue
            flagged.subjectID = userID
            flagged.memberID = userID
            flagged.reasons = "spam"
            flagged.note = String(body.prefix(500))
            flagged.zone = ModerationZone.of(postalCode: user.postalCode)
            flagged.status = ModerationCase.Status.open.rawValue
            try await flagged.create(on: database)
        }
        try await RateLimiter.hit(slowedDown, key: userID.uuidString, factor: 1, on: database)
    }
}

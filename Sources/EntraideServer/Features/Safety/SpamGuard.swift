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
    static let pause: TimeInterval = 600
    /// How many of the member's recent messages are compared.
    static let compared = 50

    static func check(_ body: String, from user: User, in conversationID: UUID, on database: any Database) async throws {
        let userID = try user.requireID()
        let recent = try await Message.query(on: database)
            .filter(\.$author.$id == userID).filter(\.$conversation.$id != conversationID)
            .filter(\.$createdAt >= Date().addingTimeInterval(-window))
            .sort(\.$createdAt, .descending).limit(compared).all()
        let repeats = recent.filter { NearDuplicate.similarity($0.body, body) >= NearDuplicate.threshold }
        let conversations = Set(repeats.map(\.$conversation.id))
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
        // One such message per `pause`, counted from the last one sent past the allowed repeats
        // (a sliding interval: a fixed clock window would let two through across its edge).
        let oldestFirst = repeats.reversed()
        if let last = oldestFirst.dropFirst(allowedRepeats).last?.createdAt {
            let wait = Int((pause - Date().timeIntervalSince(last)).rounded(.up))
            if wait > 0 { throw AppError.tooManyRequests(retryAfter: wait) }
        }
    }
}

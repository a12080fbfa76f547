import Vapor
import EntraideCore

/// A case as moderators see it in the queue.
struct ModerationCaseDTO: Content {
    let id: UUID
    let source: String
    let subjectType: String
    let subjectID: UUID
    let reasons: [HeldReasonDTO]
    let note: String?
    let zone: String?
    /// The member concerned, as every list shows members.
    let member: MemberSummary?
    /// The content's text as it stands (a reported private message included, and only then).
    let excerpt: String?
    let status: String
    let createdAt: Date?
}

struct ModerationDecisionDTO: Content {
    let id: UUID
    let caseID: UUID?
    let action: String
    let subjectType: String
    let subjectID: UUID
    let member: MemberSummary?
    let moderator: MemberSummary?
    let reason: String
    let details: [String: String]
    let appealedAt: Date?
    let createdAt: Date?
}

struct AppealInput: Content {
    let message: String?
}

/// A sanctioned member's appeal, with what proves who they are.
struct SanctionAppealInput: Content {
    let email: String?
    let password: String?
    let phone: String?
    let code: String?
    let message: String?
}

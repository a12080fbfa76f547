import Vapor
import Fluent
import EntraideCore

/// What a member may send to report something.
struct ReportInput: Content {
    let subjectType: String?
    let subjectID: String?
    let reason: String?
    let message: String?
}

struct ReportReceiptDTO: Content {
    let id: UUID
    let status: String
    let message: String
}

/// Reports: a member tells moderators about a member, an action, an event, a group, a post, a
/// comment or a message. One can only report what one can see; a private message can only be
/// reported by a participant of its conversation, and only then do moderators read it.
enum ReportService {
    enum Reason: String, CaseIterable, Sendable {
        case spam, fraud, insult, danger, privacy, other
    }

    static let messageMaxLength = 2_000
    /// Places (the services directory) can be reported once the directory exists.
    static let reportable: [ModerationSubject] = [.member, .action, .event, .group, .post, .comment, .message]

    static func report(_ input: ReportInput, by reporter: User, on database: any Database) async throws -> ModerationCase {
        let subject = try CommunityRules.choice(input.subjectType, as: ModerationSubject.self, field: "subjectType")
        guard reportable.contains(subject) else { throw AppError(.unprocessableEntity, "report.subject_unsupported", field: "subjectType") }
        let reason = try CommunityRules.choice(input.reason, as: Reason.self, field: "reason")
        guard let raw = input.subjectID, let subjectID = UUID(uuidString: raw) else {
            throw AppError(.unprocessableEntity, input.subjectID == nil ? "validation.required" : "report.subject_invalid", field: "subjectID")
        }
        let note = try CommunityRules.optionalText(input.message, field: "message", max: messageMaxLength)
        let (member, zone) = try await concerned(subject, subjectID, reporter: reporter, on: database)
        guard member != reporter.id else { throw AppError(.unprocessableEntity, "report.self", field: "subjectID") }
        let report = ModerationCase()
        report.source = ModerationCase.Source.report.rawValue
        report.subjectType = subject.rawValue
        report.subjectID = subjectID
        report.memberID = member
        report.reporterID = try reporter.requireID()
        report.reasons = reason.rawValue
        report.note = note
        report.zone = zone
        report.status = ModerationCase.Status.open.rawValue
        try await report.create(on: database)
        return report
    }

    /// The member a subject is about and its zone, once it is proven the reporter can see it
    /// (anything else answers "not found", like everywhere else).
    static func concerned(_ subject: ModerationSubject, _ id: UUID, reporter: User,
                          on database: any Database) async throws -> (member: UUID?, zone: String?) {
        switch subject {
        case .member:
            guard let user = try await User.find(id, on: database), user.isActive else { throw AppError.notFound("user.not_found") }
            return (id, ModerationZone.of(postalCode: user.postalCode))
        case .action:
            let action = try await ActionService.visible(id, to: reporter, on: database)
            return (action.$author.id, ModerationZone.of(postalCode: action.postalCode))
        case .event:
            let outing = try await OutingService.visible(id, to: reporter, on: database)
            return (outing.$organiser.id, ModerationZone.of(postalCode: outing.postalCode))
        case .group:
            let (group, _) = try await GroupService.visible(id, to: reporter, on: database)
            return (group.$creator.id, ModerationZone.of(postalCode: group.postalCode))
        case .post:
            let (post, group, _) = try await PostService.readable(id, by: reporter, on: database)
            return (post.$author.id, ModerationZone.of(postalCode: group.postalCode))
        case .comment:
            guard let comment = try await PostComment.find(id, on: database) else { throw AppError.notFound("comment.not_found") }
            let (_, group, _) = try await PostService.readable(comment.$post.id, by: reporter, on: database)
            guard comment.moderation == ModerationState.visible.rawValue || comment.$author.id == reporter.id else {
                throw AppError.notFound("comment.not_found")
            }
            return (comment.$author.id, ModerationZone.of(postalCode: group.postalCode))
        case .message:
            guard let message = try await Message.find(id, on: database),
                  try await MembershipService.find(.conversation, message.$conversation.id, userID: reporter.requireID(), on: database) != nil
            else { throw AppError.notFound("message.not_found") }
            return (message.$author.id, ModerationZone.of(postalCode: reporter.postalCode))
        case .place:
            throw AppError(.unprocessableEntity, "report.subject_unsupported", field: "subjectType")
        }
    }
}

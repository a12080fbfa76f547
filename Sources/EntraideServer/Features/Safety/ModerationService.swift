import Vapor
import Fluent
import SQLKit
import EntraideCore

/// What a moderator sends to decide a case.
struct DecisionInput: Content {
    let action: String?
    let reason: String?
    /// `redact`: the exact words to remove (the rest of the text stays).
    let remove: String?
    /// `suspend`: for how many days.
    let days: Int?
}

/// Moderators' decisions and their effects; every decision is written to the audit log
/// (`ModerationDecision`), and the member concerned is told what happened and why.
enum ModerationService {
    static let reasonMaxLength = 1_000
    static let suspensionDays = 1...365
    /// What replaces redacted words.
    static let redactionMark = "[…]"

    static func decide(_ item: ModerationCase, _ input: DecisionInput, by moderator: User, on database: any Database,
                       live: LiveBus) async throws -> ModerationDecision {
        let moderatorID = try moderator.requireID()
        guard item.isOpen else { throw AppError(.conflict, "moderation.case_closed") }
        let action = try CommunityRules.choice(input.action, as: ModerationDecision.Action.self, field: "action")
        guard let reason = try CommunityRules.optionalText(input.reason, field: "reason", max: reasonMaxLength) else {
            throw AppError(.unprocessableEntity, "validation.required", field: "reason")
        }
        let subject = ModerationSubject(rawValue: item.subjectType) ?? .member
        let appeal = item.source == ModerationCase.Source.appeal.rawValue
        guard appeal == [.uphold, .overturn].contains(action) else {
            throw AppError(.unprocessableEntity, appeal ? "moderation.appeal_action" : "moderation.action_invalid", field: "action")
        }
        // Inputs are checked before anything changes.
        var details: [String: String] = [:]
        var words = ""
        var suspendedUntil = Date()
        switch action {
        case .redact:
            words = input.remove?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard !words.isEmpty else { throw AppError(.unprocessableEntity, "validation.required", field: "remove") }
            details["removedLength"] = String(words.count)
        case .suspend:
            guard let days = input.days, suspensionDays.contains(days) else {
                throw AppError(.unprocessableEntity, "moderation.days_invalid", field: "days",
                               arguments: ["min": "\(suspensionDays.lowerBound)", "max": "\(suspensionDays.upperBound)"])
            }
            details["days"] = String(days)
            suspendedUntil = Date().addingTimeInterval(Double(days) * 86_400)
        default:
            break
        }
        let facts = details, removing = words, until = suspendedUntil
        let decision = ModerationDecision()
        try await database.atomically { db in
            switch action {
            case .approve:
                try await setState(subject, item.subjectID, .visible, approve: true, on: db)
            case .hide:
                try await setState(subject, item.subjectID, .hidden, approve: false, on: db)
            case .redact:
                try await redact(subject, item.subjectID, removing: removing, on: db)
            case .warn:
                break
            case .suspend:
                try await sanction(item.memberID, until: until, ban: false, on: db)
            case .ban:
                try await sanction(item.memberID, until: nil, ban: true, on: db)
            case .anonymise:
                guard let memberID = item.memberID, let member = try await User.find(memberID, on: db) else {
                    throw AppError(.unprocessableEntity, "moderation.no_member", field: "action")
                }
                try await SessionService.revokeAll(of: memberID, on: db)
                try await ProfileService.anonymise(member, on: db)
            case .uphold:
                break
            case .overturn:
                try await overturn(item.decisionID, on: db)
            }
            decision.moderatorID = moderatorID
            decision.caseID = item.id
            decision.action = action.rawValue
            decision.subjectType = item.subjectType
            decision.subjectID = item.subjectID
            decision.memberID = item.memberID
            decision.reason = reason
            decision.details = String(decoding: try JSONEncoder().encode(facts), as: UTF8.self)
            try await decision.create(on: db)
            try await ModerationCases.close(item, by: moderatorID, on: db)
            // Other open cases on the same content are settled by the same decision.
            if [.approve, .hide, .redact].contains(action) {
                try await ModerationCase.query(on: db)
                    .filter(\.$subjectType == item.subjectType).filter(\.$subjectID == item.subjectID)
                    .filter(\.$status == ModerationCase.Status.open.rawValue)
                    .filter(\.$source != ModerationCase.Source.appeal.rawValue)
                    .set(\.$status, to: ModerationCase.Status.closed.rawValue).set(\.$closedAt, to: Date()).set(\.$closedBy, to: moderatorID)
                    .update()
            }
        }
        if let memberID = item.memberID, action != .approve, action != .anonymise, let decisionID = decision.id {
            try await NotificationService.notify([memberID], .moderation, subjectType: "moderation", subjectID: decisionID,
                                                 arguments: ["action": action.rawValue, "reason": reason, "days": details["days"] ?? ""],
                                                 on: database, live: live)
        }
        return decision
    }

    /// The member asks, once, for another moderator to look at a decision about them.
    static func appeal(_ decisionID: UUID?, message: String?, by member: User, on database: any Database) async throws -> ModerationCase {
        guard let decisionID, let decision = try await ModerationDecision.find(decisionID, on: database),
              decision.memberID == member.id else { throw AppError.notFound("moderation.decision_not_found") }
        guard ![.approve, .uphold, .overturn, .anonymise].contains(ModerationDecision.Action(rawValue: decision.action)) else {
            throw AppError(.unprocessableEntity, "moderation.not_appealable")
        }
        guard decision.appealedAt == nil else { throw AppError(.conflict, "moderation.already_appealed") }
        let note = try CommunityRules.optionalText(message, field: "message", max: ReportService.messageMaxLength)
        let appeal = ModerationCase()
        try await database.atomically { db in
            // Only one appeal, even if two arrive at once.
            let claimed = try await db.sql.raw("""
                UPDATE moderation_decisions SET appealed_at = \(bind: Date()) WHERE id = \(bind: decisionID) AND appealed_at IS NULL RETURNING id
                """).all()
            guard !claimed.isEmpty else { throw AppError(.conflict, "moderation.already_appealed") }
            appeal.source = ModerationCase.Source.appeal.rawValue
            appeal.subjectType = decision.subjectType
            appeal.subjectID = decision.subjectID
            appeal.memberID = decision.memberID
            appeal.decisionID = decisionID
            appeal.reasons = decision.action
            appeal.note = note
            appeal.zone = ModerationZone.of(postalCode: member.postalCode)
            appeal.status = ModerationCase.Status.open.rawValue
            try await appeal.create(on: db)
        }
        return appeal
    }

    /// An appeal goes to another moderator than the one who decided.
    static func mayDecide(_ item: ModerationCase, _ moderator: User, on database: any Database) async throws -> Bool {
        guard item.source == ModerationCase.Source.appeal.rawValue, let decisionID = item.decisionID else { return true }
        return try await ModerationDecision.find(decisionID, on: database)?.moderatorID != moderator.id
    }

    // MARK: Effects

    private static func setState(_ subject: ModerationSubject, _ id: UUID, _ state: ModerationState, approve: Bool, on db: any Database) async throws {
        func apply<Content: ScreenedContent>(_ content: Content?) async throws {
            guard let content else { return }
            content.moderation = state.rawValue
            content.heldReasons = nil
            content.reviewedHash = approve ? ContentScreening.fingerprint(content.screenedTexts) : nil
            try await content.save(on: db)
        }
        switch subject {
        case .action: try await apply(try await HelpAction.find(id, on: db))
        case .event:
            // A series is one case: the decision applies to all its occurrences.
            for outing in try await Outing.query(on: db).group(.or, { $0.filter(\.$id == id).filter(\.$seriesID == id) }).all() {
                try await apply(outing)
            }
        case .group: try await apply(try await NeighbourhoodGroup.find(id, on: db))
        case .post: try await apply(try await GroupPost.find(id, on: db))
        case .comment: try await apply(try await PostComment.find(id, on: db))
        case .member:
            // A member's public text is their "about": published, or removed.
            guard let member = try await User.find(id, on: db) else { return }
            if state == .hidden { member.about = nil }
            member.aboutHeldReasons = nil
            try await member.save(on: db)
        case .message, .place:
            if !approve { throw AppError(.unprocessableEntity, "moderation.action_unsupported", field: "action") }
        }
    }

    private static func redact(_ subject: ModerationSubject, _ id: UUID, removing words: String, on db: any Database) async throws {
        func cut(_ text: String?) -> String? { text?.replacingOccurrences(of: words, with: redactionMark) }
        var found = false
        func check(_ texts: [String?]) { if texts.contains(where: { $0?.contains(words) == true }) { found = true } }
        switch subject {
        case .action:
            guard let action = try await HelpAction.find(id, on: db) else { break }
            check(action.screenedTexts)
            if found { action.title = cut(action.title) ?? action.title; action.details = cut(action.details) }
            if found { try await approveRedacted(action, on: db) }
        case .event:
            for outing in try await Outing.query(on: db).group(.or, { $0.filter(\.$id == id).filter(\.$seriesID == id) }).all() {
                check(outing.screenedTexts)
                outing.title = cut(outing.title) ?? outing.title
                outing.details = cut(outing.details)
                if found { try await approveRedacted(outing, on: db) }
            }
        case .group:
            guard let group = try await NeighbourhoodGroup.find(id, on: db) else { break }
            check(group.screenedTexts)
            group.name = cut(group.name) ?? group.name
            group.details = cut(group.details)
            group.welcomeMessage = cut(group.welcomeMessage)
            group.charter = cut(group.charter)
            if found { try await approveRedacted(group, on: db) }
        case .post:
            guard let post = try await GroupPost.find(id, on: db) else { break }
            check(post.screenedTexts)
            post.body = cut(post.body) ?? post.body
            if found { try await approveRedacted(post, on: db) }
        case .comment:
            guard let comment = try await PostComment.find(id, on: db) else { break }
            check(comment.screenedTexts)
            comment.body = cut(comment.body) ?? comment.body
            if found { try await approveRedacted(comment, on: db) }
        case .member:
            guard let member = try await User.find(id, on: db) else { break }
            check([member.about])
            if found {
                member.about = cut(member.about)
                member.aboutHeldReasons = nil
                try await member.save(on: db)
            }
        case .message, .place:
            throw AppError(.unprocessableEntity, "moderation.action_unsupported", field: "action")
        }
        guard found else { throw AppError(.unprocessableEntity, "moderation.redact_not_found", field: "remove") }
    }

    private static func approveRedacted<Content: ScreenedContent>(_ content: Content, on db: any Database) async throws {
        content.moderation = ModerationState.visible.rawValue
        content.heldReasons = nil
        content.reviewedHash = ContentScreening.fingerprint(content.screenedTexts)
        try await content.save(on: db)
    }

    /// A suspended or banned member is signed out everywhere and their open actions close.
    private static func sanction(_ memberID: UUID?, until: Date?, ban: Bool, on db: any Database) async throws {
        guard let memberID, let member = try await User.find(memberID, on: db) else {
            throw AppError(.unprocessableEntity, "moderation.no_member", field: "action")
        }
        if ban { member.bannedAt = Date() } else { member.suspendedUntil = until }
        try await member.save(on: db)
        try await SessionService.revokeAll(of: memberID, on: db)
        for action in try await HelpAction.query(on: db).filter(\.$author.$id == memberID)
            .filter(\.$status == ActionStatus.open.rawValue).all() {
            action.status = ActionStatus.closed.rawValue
            action.closedBy = "moderation"
            action.closedAt = Date()
            try await action.save(on: db)
        }
    }

    /// Undoes a decision an appeal showed wrong: hidden content comes back, a sanction lifts.
    private static func overturn(_ decisionID: UUID?, on db: any Database) async throws {
        guard let decisionID, let decision = try await ModerationDecision.find(decisionID, on: db) else { return }
        let subject = ModerationSubject(rawValue: decision.subjectType) ?? .member
        switch ModerationDecision.Action(rawValue: decision.action) {
        case .hide: try await setState(subject, decision.subjectID, .visible, approve: true, on: db)
        case .suspend, .ban:
            guard let memberID = decision.memberID, let member = try await User.find(memberID, on: db) else { return }
            member.suspendedUntil = nil
            member.bannedAt = nil
            try await member.save(on: db)
        default: break
        }
    }
}

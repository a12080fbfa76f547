import Vapor
import Fluent
import SQLKit
import EntraideCore

/// Opening and closing the queue's cases.
enum ModerationCases {
    /// Held by screening: one open case per content (an event series makes one), its reasons
    /// refreshed when the author edits and it is still held.
    static func hold<Content: ScreenedContent>(_ content: Content, reasons: [String], on database: any Database) async throws {
        guard let subjectID = content.caseSubjectID else { return }
        let joined = reasons.joined(separator: ",")
        if let open = try await openCase(.held, Content.moderationSubject, subjectID, on: database) {
            if open.reasons != joined {
                open.reasons = joined
                try await open.save(on: database)
            }
            return
        }
        let held = ModerationCase()
        held.source = ModerationCase.Source.held.rawValue
        held.subjectType = Content.moderationSubject.rawValue
        held.subjectID = subjectID
        held.memberID = content.authorID
        held.reasons = joined
        held.zone = try await content.zone(on: database)
        held.status = ModerationCase.Status.open.rawValue
        try await held.create(on: database)
    }

    /// A profile's "about" text: held with a case on the member, or released when clean.
    static func holdProfile(_ user: User, reasons: [String], on database: any Database) async throws {
        let userID = try user.requireID()
        let open = try await openCase(.held, .member, userID, on: database)
        if reasons.isEmpty {
            if let open { open.status = ModerationCase.Status.closed.rawValue; open.closedAt = Date(); try await open.save(on: database) }
            return
        }
        let joined = reasons.joined(separator: ",")
        let held = open ?? ModerationCase()
        held.source = ModerationCase.Source.held.rawValue
        held.subjectType = ModerationSubject.member.rawValue
        held.subjectID = userID
        held.memberID = userID
        held.reasons = joined
        held.zone = ModerationZone.of(postalCode: user.postalCode)
        held.status = ModerationCase.Status.open.rawValue
        try await held.save(on: database)
    }

    /// The author edited the problem away: the content is published and its case closes.
    static func release<Content: ScreenedContent>(_ content: Content, on database: any Database) async throws {
        guard let subjectID = content.caseSubjectID else { return }
        try await ModerationCase.query(on: database)
            .filter(\.$source == ModerationCase.Source.held.rawValue)
            .filter(\.$subjectType == Content.moderationSubject.rawValue).filter(\.$subjectID == subjectID)
            .filter(\.$status == ModerationCase.Status.open.rawValue)
            .set(\.$status, to: ModerationCase.Status.closed.rawValue).set(\.$closedAt, to: Date())
            .update()
    }

    static func openCase(_ source: ModerationCase.Source, _ subject: ModerationSubject, _ subjectID: UUID,
                         on database: any Database) async throws -> ModerationCase? {
        try await ModerationCase.query(on: database)
            .filter(\.$source == source.rawValue).filter(\.$subjectType == subject.rawValue).filter(\.$subjectID == subjectID)
            .filter(\.$status == ModerationCase.Status.open.rawValue)
            .first()
    }

    static func close(_ item: ModerationCase, by moderator: UUID, on database: any Database) async throws {
        item.status = ModerationCase.Status.closed.rawValue
        item.closedAt = Date()
        item.closedBy = moderator
        try await item.save(on: database)
    }
}

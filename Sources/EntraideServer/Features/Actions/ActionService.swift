import Vapor
import Fluent
import EntraideCore

/// Help requests and offers: creation with a blurred point, edits by their author, closing
/// with an outcome, helpers joining, and who may see what.
enum ActionService {
    static let inactivityLimit: TimeInterval = 60 * 24 * 3600

    static func create(_ input: ActionInput, by author: User, on database: any Database) async throws -> HelpAction {
        let action = HelpAction()
        action.$author.id = try author.requireID()
        action.kind = try CommunityRules.choice(input.kind, as: ActionKind.self, field: "kind").rawValue
        action.category = try CommunityRules.choice(input.category, as: ActionCategory.self, field: "category").rawValue
        action.title = try CommunityRules.title(input.title)
        action.details = try CommunityRules.optionalText(input.description, field: "description", max: CommunityRules.descriptionMaxLength)
        let point = try CommunityRules.point(lat: input.location?.lat, lon: input.location?.lon)
        let blurred = LocationBlur.blur(point)
        action.locate(at: blurred)
        action.city = try input.city.flatMap(ProfileRules.city) ?? author.city
        action.postalCode = try input.postalCode.flatMap(ProfileRules.postalCode) ?? author.postalCode
        action.status = ActionStatus.open.rawValue
        action.moderation = ModerationState.visible.rawValue
        action.helperCount = 0
        action.lastActivityAt = Date()
        try await database.atomically { db in
            try await action.create(on: db)
            try await MembershipService.join(.action, action.requireID(), userID: author.requireID(), role: .organiser, on: db)
        }
        action.$author.value = author
        return action
    }

    static func update(_ action: HelpAction, with input: ActionInput, by user: User, on database: any Database) async throws {
        guard action.$author.id == user.id else { throw AppError(.forbidden, "action.not_author") }
        guard action.isOpen else { throw AppError(.conflict, "action.closed") }
        if let kind = input.kind { action.kind = try CommunityRules.choice(kind, as: ActionKind.self, field: "kind").rawValue }
        if let category = input.category { action.category = try CommunityRules.choice(category, as: ActionCategory.self, field: "category").rawValue }
        if let title = input.title { action.title = try CommunityRules.title(title) }
        if input.description != nil {
            action.details = try CommunityRules.optionalText(input.description, field: "description", max: CommunityRules.descriptionMaxLength)
        }
        if let location = input.location {
            // A new point is blurred afresh; the old blurred point is simply replaced.
            let blurred = LocationBlur.blur(try CommunityRules.point(lat: location.lat, lon: location.lon))
            action.locate(at: blurred)
        }
        if input.city != nil { action.city = try input.city.flatMap(ProfileRules.city) }
        if input.postalCode != nil { action.postalCode = try input.postalCode.flatMap(ProfileRules.postalCode) }
        action.lastActivityAt = Date()
        try await action.save(on: database)
    }

    static func close(_ action: HelpAction, with input: ActionCloseInput, by user: User, on database: any Database) async throws {
        guard action.$author.id == user.id else { throw AppError(.forbidden, "action.not_author") }
        guard action.isOpen else { throw AppError(.conflict, "action.closed") }
        guard let helped = input.helped else { throw AppError(.unprocessableEntity, "validation.required", field: "helped") }
        action.outcomeHelped = helped
        action.outcomeMessage = try CommunityRules.optionalText(input.message, field: "message", max: CommunityRules.descriptionMaxLength)
        action.status = ActionStatus.closed.rawValue
        action.closedBy = "author"
        action.closedAt = Date()
        try await action.save(on: database)
    }

    /// A member offers their help: they join the action and a conversation with its author
    /// opens (or the one they already share is reused).
    static func join(_ action: HelpAction, by user: User, on database: any Database, live: LiveBus) async throws -> Conversation {
        let userID = try user.requireID(), authorID = action.$author.id
        guard authorID != userID else { throw AppError(.unprocessableEntity, "action.own") }
        guard action.isOpen else { throw AppError(.conflict, "action.closed") }
        let conversation = try await ConversationService.openDirect(between: userID, and: authorID, on: database)
        let joined = try await MembershipService.join(.action, action.requireID(), userID: userID, on: database)
        if joined.created {
            action.helperCount += 1
            action.lastActivityAt = Date()
            try await action.save(on: database)
            try await NotificationService.notify([authorID], .newMember, subject: .action, subjectID: action.requireID(),
                                                 arguments: ["name": user.displayName, "title": action.title],
                                                 on: database, live: live)
        }
        return conversation
    }

    static func leave(_ action: HelpAction, by user: User, on database: any Database) async throws {
        guard action.$author.id != user.id else { throw AppError(.unprocessableEntity, "action.own") }
        if try await MembershipService.leave(.action, action.requireID(), userID: user.requireID(), on: database) != nil {
            action.helperCount = max(0, action.helperCount - 1)
            try await action.save(on: database)
        }
    }

    /// The action as the viewer may see it: hidden or held content only to its author, and
    /// nothing from a member blocked either way.
    static func visible(_ id: UUID?, to viewer: User, on database: any Database) async throws -> HelpAction {
        guard let id, let action = try await HelpAction.query(on: database).filter(\.$id == id).with(\.$author).first()
        else { throw AppError.notFound("action.not_found") }
        let viewerID = try viewer.requireID()
        if action.$author.id == viewerID { return action }
        guard action.isVisible, action.author.isActive else { throw AppError.notFound("action.not_found") }
        guard try await !BlockService.hiddenMembers(for: viewerID, on: database).contains(action.$author.id) else {
            throw AppError.notFound("action.not_found")
        }
        return action
    }

    struct Filters {
        var kind: ActionKind?
        var category: ActionCategory?
        var status: ActionStatus? = .open
        var mine = false
    }

    static func list(_ filters: Filters, _ list: ListQuery, viewer: User, on database: any Database) async throws -> (rows: [HelpAction], next: String?) {
        let viewerID = try viewer.requireID()
        var query = HelpAction.query(on: database).with(\.$author)
        if filters.mine {
            query = query.filter(\.$author.$id == viewerID)
        } else {
            let hidden = try await BlockService.hiddenMembers(for: viewerID, on: database)
            query = query.filter(\.$moderation == ModerationState.visible.rawValue)
            if !hidden.isEmpty { query = query.filter(\.$author.$id !~ Array(hidden)) }
        }
        if let kind = filters.kind { query = query.filter(\.$kind == kind.rawValue) }
        if let category = filters.category { query = query.filter(\.$category == category.rawValue) }
        if let status = filters.status, list.updatedSince == nil { query = query.filter(\.$status == status.rawValue) }
        let rows = try await query.page(list, date: \.$createdAt, updated: \.$updatedAt, id: \.$id).all()
        return list.finish(rows.filter { $0.author.isActive || $0.$author.id == viewerID }, date: { list.updatedSince == nil ? $0.createdAt : $0.updatedAt }, id: { $0.id })
    }

    /// Open actions with no activity for 60 days close themselves; their outcome stays unknown.
    static func closeInactive(on database: any Database, now: Date = Date()) async throws {
        try await HelpAction.query(on: database)
            .filter(\.$status == ActionStatus.open.rawValue)
            .filter(\.$lastActivityAt < now.addingTimeInterval(-inactivityLimit))
            .set(\.$status, to: ActionStatus.closed.rawValue)
            .set(\.$closedBy, to: "inactivity")
            .set(\.$closedAt, to: now)
            .set(\.$updatedAt, to: now)
            .update()
    }
}

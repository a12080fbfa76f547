import Vapor
import Fluent
import SQLKit
import EntraideCore

/// Private conversations: opening one (unique per set of members), reading and writing as a
/// participant only, unread counts and read markers.
enum ConversationService {
    static func membersKey(_ ids: [UUID]) -> String {
        Secrets.sha256(Set(ids).map(\.uuidString).sorted().joined(separator: ","))
    }

    static func openDirect(between a: UUID, and b: UUID, on database: any Database) async throws -> Conversation {
        try await open(participants: [a, b], title: nil, on: database).conversation
    }

    /// Opens the conversation of exactly these members, or returns the one they already have.
    static func open(participants ids: [UUID], title: String?, on database: any Database) async throws -> (conversation: Conversation, created: Bool) {
        let members = Array(Set(ids))
        let key = membersKey(members)
        if let existing = try await Conversation.query(on: database).filter(\.$membersKey == key).first() { return (existing, false) }
        let conversation = Conversation()
        conversation.kind = members.count == 2 ? Conversation.Kind.direct.rawValue : Conversation.Kind.group.rawValue
        conversation.membersKey = key
        conversation.title = title
        do {
            try await database.atomically { db in
                try await conversation.create(on: db)
                for member in members {
                    let membership = Membership(.conversation, try conversation.requireID(), userID: member)
                    try await membership.create(on: db)
                }
            }
            return (conversation, true)
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // Opened at the same moment by the other member: use theirs.
            guard let existing = try await Conversation.query(on: database).filter(\.$membersKey == key).first() else { throw error }
            return (existing, false)
        }
    }

    /// Opens a conversation from the API: the creator and the given members, all existing,
    /// none of whom has blocked the creator.
    static func start(_ input: ConversationInput, by user: User, on database: any Database) async throws -> (conversation: Conversation, created: Bool) {
        let userID = try user.requireID()
        let others = Array(Set(input.participantIDs ?? []).subtracting([userID]))
        guard !others.isEmpty else { throw AppError(.unprocessableEntity, "validation.required", field: "participantIDs") }
        guard others.count < CommunityRules.maxConversationParticipants else {
            throw AppError(.unprocessableEntity, "conversation.too_many", field: "participantIDs", arguments: ["max": "\(CommunityRules.maxConversationParticipants)"])
        }
        let found = try await User.query(on: database).filter(\.$id ~~ others).filter(\.$anonymisedAt == nil).count()
        guard found == others.count else { throw AppError(.unprocessableEntity, "conversation.unknown_member", field: "participantIDs") }
        let hidden = try await BlockService.hiddenMembers(for: userID, on: database)
        guard hidden.isDisjoint(with: others) else { throw AppError(.forbidden, "conversation.blocked") }
        let title = try CommunityRules.optionalText(input.title, field: "title", max: CommunityRules.titleLength.upperBound)
        return try await open(participants: others + [userID], title: others.count > 1 ? title : nil, on: database)
    }

    /// The conversation, if the member takes part in it; otherwise "not found", so ids
    /// cannot be probed.
    static func participating(_ id: UUID?, user: User, on database: any Database) async throws -> (Conversation, Membership) {
        guard let id, let conversation = try await Conversation.find(id, on: database),
              let membership = try await MembershipService.find(.conversation, id, userID: user.requireID(), on: database)
        else { throw AppError.notFound("conversation.not_found") }
        return (conversation, membership)
    }

    static func post(_ input: MessageInput, in conversation: Conversation, by user: User, on database: any Database, live: LiveBus) async throws -> Message {
        let userID = try user.requireID(), conversationID = try conversation.requireID()
        let body = try CommunityRules.text(input.body, field: "body", max: CommunityRules.messageMaxLength)
        let others = try await MembershipService.memberIDs(.conversation, conversationID, on: database).filter { $0 != userID }
        // Nobody receives a message from a member they blocked.
        let blockedBy = try await Block.query(on: database).filter(\.$blocker.$id ~~ others).filter(\.$blocked.$id == userID).count()
        if blockedBy > 0 { throw AppError(.forbidden, "conversation.blocked") }
        try await SpamGuard.check(body, from: user, in: conversationID, on: database)
        let message = Message()
        message.$conversation.id = conversationID
        message.$author.id = userID
        message.body = body
        try await database.atomically { db in
            try await message.create(on: db)
            conversation.lastMessageAt = message.createdAt
            try await conversation.save(on: db)
            try await Membership.query(on: db)
                .filter(\.$subjectType == Membership.Subject.conversation.rawValue).filter(\.$subjectID == conversationID)
                .filter(\.$user.$id == userID).set(\.$lastReadAt, to: message.createdAt).update()
        }
        let dto = try MessageDTO(message, author: user, viewerID: nil)
        try await live.publish(LiveEvent(type: .message, message: dto), to: others + [userID])
        try await NotificationService.notify(others, .message, subject: .conversation, subjectID: conversationID,
                                             arguments: ["name": user.displayName], push: false, on: database, live: live)
        return message
    }

    static let messagePageSize = 50

    /// Newest messages first, older pages with `before` (a message cursor), or everything
    /// after a date with `updatedSince` (oldest first) for a client that syncs.
    static func messages(in conversationID: UUID, _ list: ListQuery, on database: any Database) async throws -> (rows: [Message], next: String?) {
        let rows = try await Message.query(on: database).filter(\.$conversation.$id == conversationID).with(\.$author)
            .page(list, date: \.$createdAt, updated: \.$createdAt, id: \.$id).all()
        return list.finish(rows, date: { $0.createdAt }, id: { $0.id })
    }

    static func markRead(_ membership: Membership, at date: Date = Date(), on database: any Database) async throws {
        membership.lastReadAt = date
        try await membership.save(on: database)
    }

    /// The member's conversations, most recently active first.
    static func list(for user: User, _ list: ListQuery, on database: any Database) async throws -> (items: [ConversationDTO], next: String?) {
        let userID = try user.requireID()
        var query = Conversation.query(on: database)
            .join(Membership.self, on: \Conversation.$id == \Membership.$subjectID)
            .filter(Membership.self, \.$subjectType == Membership.Subject.conversation.rawValue)
            .filter(Membership.self, \.$user.$id == userID)
        if let since = list.updatedSince { query = query.filter(\.$updatedAt >= since) }
        if let cursor = list.cursor {
            query = query.group(.or) { or in
                or.filter(\.$updatedAt < cursor.before)
                or.group(.and) { $0.filter(\.$updatedAt >= cursor.before).filter(\.$updatedAt <= cursor.after).filter(\.$id < cursor.id) }
            }
        }
        let conversations = try await query.sort(\.$updatedAt, .descending).sort(\.$id, .descending).limit(list.limit + 1).all()
        let page: (rows: [Conversation], next: String?) = list.updatedSince == nil
            ? list.finish(conversations, date: { $0.updatedAt }, id: { $0.id }) : (Array(conversations.prefix(list.limit)), nil)
        return (try await summaries(page.rows, for: userID, on: database), page.next)
    }

    /// Participants, last message and unread count of each conversation: four queries
    /// whatever their number.
    static func summaries(_ conversations: [Conversation], for userID: UUID, on database: any Database) async throws -> [ConversationDTO] {
        let ids = try conversations.map { try $0.requireID() }
        guard !ids.isEmpty else { return [] }
        let memberships = try await Membership.query(on: database)
            .filter(\.$subjectType == Membership.Subject.conversation.rawValue).filter(\.$subjectID ~~ ids)
            .with(\.$user).all()
        let unread = try await unreadCounts(ids, for: userID, on: database)
        let lastMessages = try await latestMessages(ids, on: database)
        let users = Dictionary(memberships.map { ($0.$user.id, $0.user) }, uniquingKeysWith: { a, _ in a })
        return try conversations.map { conversation -> ConversationDTO in
            let id = try conversation.requireID()
            let participants = try memberships.filter { $0.subjectID == id && $0.$user.id != userID }.map { try MemberSummary($0.user) }
            return ConversationDTO(
                id: id, kind: conversation.kind, title: conversation.title, participants: participants,
                unreadCount: unread[id] ?? 0,
                lastMessage: try lastMessages[id].flatMap { message in
                    try users[message.$author.id].map { try MessageDTO(message, author: $0, viewerID: userID) }
                },
                lastMessageAt: conversation.lastMessageAt, createdAt: conversation.createdAt, updatedAt: conversation.updatedAt)
        }
    }

    static func unreadCounts(_ ids: [UUID], for userID: UUID, on database: any Database) async throws -> [UUID: Int] {
        let rows = try await database.sql.raw("""
            SELECT mb.subject_id AS conversation_id, COUNT(m.id) AS unread
            FROM memberships mb JOIN messages m ON m.conversation_id = mb.subject_id
            WHERE mb.subject_type = 'conversation' AND mb.user_id = \(bind: userID)
              AND mb.subject_id IN (\(binds: ids)) AND m.author_id <> \(bind: userID)
              AND (mb.last_read_at IS NULL OR m.created_at > mb.last_read_at)
            GROUP BY mb.subject_id
            """).all()
        var result: [UUID: Int] = [:]
        for row in rows {
            result[try row.decode(column: "conversation_id", as: UUID.self)] = try row.decode(column: "unread", as: Int.self)
        }
        return result
    }

    /// The last message of each conversation, in one query (a window function, which both
    /// SQLite and PostgreSQL have).
    static func latestMessages(_ ids: [UUID], on database: any Database) async throws -> [UUID: Message] {
        let rows = try await database.sql.raw("""
            SELECT id, conversation_id, author_id, body, created_at FROM (
              SELECT m.*, ROW_NUMBER() OVER (PARTITION BY conversation_id ORDER BY created_at DESC, id DESC) AS position
              FROM messages m WHERE conversation_id IN (\(binds: ids))
            ) latest WHERE position = 1
            """).all()
        var result: [UUID: Message] = [:]
        for row in rows {
            let message = Message()
            message.id = try row.decode(column: "id", as: UUID.self)
            message.$conversation.id = try row.decode(column: "conversation_id", as: UUID.self)
            message.$author.id = try row.decode(column: "author_id", as: UUID.self)
            message.body = try row.decode(column: "body", as: String.self)
            message.createdAt = try row.decode(column: "created_at", as: Date.self)
            result[message.$conversation.id] = message
        }
        return result
    }
}

import Vapor
import Fluent
import EntraideCore

/// Private conversations on the web: the member's conversations with their unread counts,
/// and one conversation's messages with a form that works without JavaScript (POST, then
/// back to the page). With JavaScript, `live.js` adds messages as they arrive.
struct ConversationPages: RouteCollection {
    /// Fewer than the API's page, so a page of messages stays light on a small phone.
    static let messagesPerPage = 30
    static let excerptLength = 80

    func boot(routes: any RoutesBuilder) throws {
        let conversations = routes.grouped("conversations")
        conversations.get(use: Self.list)
        conversations.get(":conversationID", use: Self.show)
        conversations.post(":conversationID", "messages", use: Self.post)
    }

    // MARK: List

    struct ListPage: Encodable {
        let page: PageContext
        let conversations: [Row]
        let hasConversations: Bool
        let more: String?
    }

    struct Row: Encodable {
        let id: String
        let title: String
        let unread: Int
        /// Leaf takes any number, 0 too, as true: the page asks this instead.
        let hasUnread: Bool
        let lastMessage: String?
        let lastAuthor: String?
        let when: String?
    }

    static func list(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let found = try await ConversationService.list(for: user, try ListQuery(req), on: req.db)
        let rows = found.items.map { conversation in
            Row(id: conversation.id.uuidString, title: title(of: conversation), unread: conversation.unreadCount,
                hasUnread: conversation.unreadCount > 0,
                lastMessage: conversation.lastMessage.map { excerpt($0.body) },
                lastAuthor: conversation.lastMessage.map { $0.mine ? req.t("page.conversations.you") : $0.author.displayName },
                when: conversation.lastMessageAt.map { PageClock.dayAndTime($0, req.language) })
        }
        let page = ListPage(page: PageContext(req, titleKey: "page.conversations.title"), conversations: rows,
                            hasConversations: !rows.isEmpty, more: found.next.map { "/conversations?cursor=\($0)" })
        return try await req.view.render("community/conversations/list", page).encodeResponse(for: req)
    }

    /// A group conversation's own title, else the other members' names ("Marie D., Karim B.").
    static func title(of conversation: ConversationDTO) -> String {
        if let title = conversation.title, !title.isEmpty { return title }
        let names = conversation.participants.map(\.displayName)
        return names.isEmpty ? "—" : names.joined(separator: ", ")
    }

    static func excerpt(_ body: String) -> String {
        let line = body.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > excerptLength ? String(line.prefix(excerptLength)) + "…" : line
    }

    // MARK: One conversation

    struct ConversationPage: Encodable {
        let page: PageContext
        let id: String
        let title: String
        let messages: [MessageRow]
        let hasMessages: Bool
        /// The page of older messages, and the way back to the newest ones.
        let older: String?
        let isLatest: Bool
        let form: FormState
        let me: String
    }

    struct MessageRow: Encodable {
        let id: String
        let author: String
        let body: String
        let mine: Bool
        let when: String
        let iso: String
        let translation: PageTranslation?
    }

    static func conversationPage(_ req: Request, user: User, conversation: Conversation, form: FormState = FormState()) async throws -> ConversationPage {
        let id = try conversation.requireID(), userID = try user.requireID()
        let list = try ListQuery(req, defaultLimit: messagesPerPage)
        let found = try await ConversationService.messages(in: id, list, on: req.db)
        let summary = try await ConversationService.summaries([conversation], for: userID, on: req.db).first
        // The newest page comes first from the store; the page reads oldest at the top.
        var messages: [MessageRow] = []
        for message in found.rows.reversed() {
            let author = try MemberSummary(message.author), messageID = try message.requireID()
            let translation = await PageTranslation.of(req, .message, messageID, authorID: message.$author.id, viewer: user,
                                                       anchor: "m-\(messageID.uuidString)")
            messages.append(MessageRow(id: messageID.uuidString, author: author.displayName, body: message.body,
                                       mine: message.$author.id == userID,
                                       when: message.createdAt.map { PageClock.dayAndTime($0, req.language) } ?? "",
                                       iso: message.createdAt.map(PageClock.iso) ?? "", translation: translation))
        }
        return ConversationPage(
            page: PageContext(req, titleKey: "page.conversations.detail_title"), id: id.uuidString,
            title: summary.map(title(of:)) ?? "—", messages: messages, hasMessages: !messages.isEmpty,
            older: found.next.map { "/conversations/\(id)?cursor=\($0)" }, isLatest: list.cursor == nil,
            form: form, me: userID.uuidString)
    }

    /// Someone else's conversation answers "not found", like one that does not exist.
    static func show(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let (conversation, membership) = try await ConversationService.participating(
            req.parameters.get("conversationID", as: UUID.self), user: user, on: req.db)
        let page = try await conversationPage(req, user: user, conversation: conversation)
        if page.isLatest { try await ConversationService.markRead(membership, on: req.db) }
        return try await req.view.render("community/conversations/detail", page).encodeResponse(for: req)
    }

    static func post(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let (conversation, _) = try await ConversationService.participating(
            req.parameters.get("conversationID", as: UUID.self), user: user, on: req.db)
        let body = (try? req.content.get(String.self, at: "body")) ?? ""
        do {
            try await req.rateLimit(.messagePerMember, key: user.requireID().uuidString)
            _ = try await ConversationService.post(MessageInput(body: body), in: conversation, by: user, on: req.db, live: req.live)
            return req.redirect(to: "/conversations/\(try conversation.requireID())#compose")
        } catch {
            let form = FormState.failed(error, values: ["body": body], req).placed(on: ["body"])
            let page = try await conversationPage(req, user: user, conversation: conversation, form: form)
            return try await AccountPages.renderFailed("community/conversations/detail", page, error, req)
        }
    }
}

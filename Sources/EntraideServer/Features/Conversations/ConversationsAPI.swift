import Vapor

/// `/api/v1/conversations…`: private conversations, for their participants only.
struct ConversationsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let conversations = routes.grouped("conversations")
        conversations.post(use: Self.create)
        conversations.get(use: Self.list)
        conversations.get(":conversationID", use: Self.show)
        conversations.get(":conversationID", "messages", use: Self.messages)
        conversations.post(":conversationID", "messages", use: Self.post)
        conversations.post(":conversationID", "read", use: Self.read)
    }

    static func create(_ req: Request) async throws -> Response {
        let user = try req.requireMember()
        let (conversation, created) = try await ConversationService.start(try req.content.decode(ConversationInput.self), by: user, on: req.db)
        return try await summary(conversation, for: user, req).encodeResponse(status: created ? .created : .ok, for: req)
    }

    static func list(_ req: Request) async throws -> Page<ConversationDTO> {
        let page = try await ConversationService.list(for: try req.requireMember(), try ListQuery(req), on: req.db)
        return Page(items: page.items, nextCursor: page.next)
    }

    static func show(_ req: Request) async throws -> ConversationDTO {
        let user = try req.requireMember()
        let (conversation, _) = try await ConversationService.participating(req.parameters.get("conversationID", as: UUID.self), user: user, on: req.db)
        return try await summary(conversation, for: user, req)
    }

    static func messages(_ req: Request) async throws -> Page<MessageDTO> {
        let user = try req.requireMember()
        let (conversation, _) = try await ConversationService.participating(req.parameters.get("conversationID", as: UUID.self), user: user, on: req.db)
        let page = try await ConversationService.messages(in: conversation.requireID(), try ListQuery(req, defaultLimit: ConversationService.messagePageSize), on: req.db)
        return Page(items: try page.rows.map { try MessageDTO($0, author: $0.author, viewerID: user.id) }, nextCursor: page.next)
    }

    static func post(_ req: Request) async throws -> Response {
        let user = try req.requireMember()
        let (conversation, _) = try await ConversationService.participating(req.parameters.get("conversationID", as: UUID.self), user: user, on: req.db)
        let input = try req.content.decode(MessageInput.self)
        try await req.rateLimit(.messagePerMember, key: user.requireID().uuidString)
        let message = try await ConversationService.post(input, in: conversation, by: user, on: req.db, live: req.live)
        return try await MessageDTO(message, author: user, viewerID: user.id).encodeResponse(status: .created, for: req)
    }

    static func read(_ req: Request) async throws -> HTTPStatus {
        let user = try req.requireMember()
        let (_, membership) = try await ConversationService.participating(req.parameters.get("conversationID", as: UUID.self), user: user, on: req.db)
        try await ConversationService.markRead(membership, on: req.db)
        return .noContent
    }

    static func summary(_ conversation: Conversation, for user: User, _ req: Request) async throws -> ConversationDTO {
        guard let dto = try await ConversationService.summaries([conversation], for: user.requireID(), on: req.db).first else {
            throw AppError.notFound("conversation.not_found")
        }
        return dto
    }
}

import Vapor

struct ConversationInput: Content {
    var participantIDs: [UUID]?
    var title: String?
}

struct MessageInput: Content {
    var body: String?
}

struct MessageDTO: Content {
    let id: UUID
    let conversationID: UUID
    let author: MemberSummary
    let body: String
    let mine: Bool
    let createdAt: Date?

    init(_ message: Message, author: User, viewerID: UUID?) throws {
        id = try message.requireID()
        conversationID = message.$conversation.id
        self.author = try MemberSummary(author)
        body = message.body
        mine = message.$author.id == viewerID
        createdAt = message.createdAt
    }
}

struct ConversationDTO: Content {
    let id: UUID
    let kind: String
    let title: String?
    let participants: [MemberSummary]
    let unreadCount: Int
    let lastMessage: MessageDTO?
    let lastMessageAt: Date?
    let createdAt: Date?
    let updatedAt: Date?
}

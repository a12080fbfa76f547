import Vapor

/// What a live socket receives: a new message, a notification, or — when an event was too
/// big to travel between instances — a hint to fetch what changed.
struct LiveEvent: Content {
    enum Kind: String, Codable { case message, notification, sync }

    let type: Kind
    var message: MessageDTO?
    var notification: NotificationDTO?
    var conversationID: UUID?
}

/// A live event and who should receive it, as it crosses from one instance to the others.
struct LiveEnvelope: Codable {
    let to: [UUID]
    let event: LiveEvent
}

import Vapor
import EntraideCore

struct NotificationDTO: Content {
    let id: UUID
    let kind: String
    var text: String
    let subjectType: String
    let subjectID: UUID
    let arguments: [String: String]
    let readAt: Date?
    let createdAt: Date?

    init(_ notification: MemberNotification) throws {
        id = try notification.requireID()
        kind = notification.kind
        subjectType = notification.subjectType
        subjectID = notification.subjectID
        arguments = (try? JSONDecoder().decode([String: String].self, from: Data(notification.arguments.utf8))) ?? [:]
        readAt = notification.readAt
        createdAt = notification.createdAt
        text = ""
    }

    func rendered(in language: Language, with catalogue: Catalogue) -> NotificationDTO {
        var copy = self
        // A moderation notice names the decision: one text per decision.
        let key = kind == MemberNotification.Kind.moderation.rawValue ? "notification.moderation.\(arguments["action"] ?? "warn")" : "notification.\(kind)"
        copy.text = catalogue.text(key, language, arguments)
        return copy
    }

    /// Where the notification leads on the web.
    var link: String {
        switch subjectType {
        case Membership.Subject.action.rawValue: "/actions/\(subjectID)"
        case Membership.Subject.event.rawValue: "/events/\(subjectID)"
        case Membership.Subject.group.rawValue: "/groups/\(subjectID)"
        case "moderation": "/notifications"
        default: "/conversations/\(subjectID)"
        }
    }
}

struct NotificationPreferencesDTO: Content {
    let kinds: [String: Bool]
}

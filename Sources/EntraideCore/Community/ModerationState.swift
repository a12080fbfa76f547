/// Whether public content may be seen by others. Held content waits for a moderator and is
/// seen only by its author; hidden content was moderated away.
public enum ModerationState: String, CaseIterable, Sendable, Codable {
    case visible, held, hidden
}

public enum GroupVisibility: String, CaseIterable, Sendable, Codable {
    /// Anyone may read and join.
    case `public`
    /// Listed with its name and zone; joining waits for an organiser; content for members only.
    case `private`
}

public enum ReactionKind: String, CaseIterable, Sendable, Codable {
    case like, heart, thanks, support
}

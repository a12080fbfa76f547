/// Self-declared, optional, and used for one thing only: women-only spaces are shown to
/// women and hidden from everyone else.
public enum Gender: String, CaseIterable, Sendable, Codable {
    case woman, man, other
}

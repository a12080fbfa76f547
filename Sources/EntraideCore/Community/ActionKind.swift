/// A help request or a help offer. The kind is shown on the action itself, never as a label
/// on the member who wrote it.
public enum ActionKind: String, CaseIterable, Sendable, Codable {
    case request, offer
}

public enum ActionCategory: String, CaseIterable, Sendable, Codable {
    case social, services, clothes, equipment, hygiene, food, other
}

/// How an action ended, kept for impact measurement.
public enum ActionStatus: String, CaseIterable, Sendable, Codable {
    case open, closed
}

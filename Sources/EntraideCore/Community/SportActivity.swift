/// The sport of a sport outing, often run with a partner club.
public enum SportActivity: String, CaseIterable, Sendable, Codable {
    case football, basketball, running, walking, cycling, swimming, boxing, yoga, climbing, dance, other
}

public enum OutingStatus: String, CaseIterable, Sendable, Codable {
    case scheduled, cancelled
}

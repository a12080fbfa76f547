/// The three kinds of journey the awareness programme offers: first understand the street,
/// then change one's view of the people who live there, then act.
public enum JourneyFamily: String, CaseIterable, Sendable, Codable {
    case understand
    case changeView = "change_view"
    case act
}

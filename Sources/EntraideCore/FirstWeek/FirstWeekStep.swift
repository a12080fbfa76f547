import Foundation

/// One thing a newcomer can do in their first week. The raw values are stored with each
/// completion and name the catalogue keys (`first_week.step.<value>`), so they never change.
public enum FirstWeekStep: String, CaseIterable, Sendable, Codable {
    case completeProfile = "complete_profile"
    case followFirstJourney = "follow_first_journey"
    case joinGroup = "join_group"
    case goToEvent = "go_to_event"
    case findServices = "find_services"
    case postNeed = "post_need"
    case meetLocalTeam = "meet_local_team"
    case createOrganisation = "create_organisation"
    case planRoundOrEvent = "plan_round_or_event"

    /// Most steps are seen in the member's own data (a membership, a post, an association).
    /// Finding services leaves no trace of its own: it is recorded when the member opens the
    /// services directory.
    public var isSeenInData: Bool { self != .findServices }
}

/// Why a member joined. Shown to the member and to staff only: nobody is publicly
/// labelled as "asking for help" (PRODUCT.md).
public enum Goal: String, CaseIterable, Sendable, Codable {
    case offerHelp = "offer_help"
    case askForHelp = "ask_for_help"
    case organisation
}

/// Staff roles, granted by an admin, on top of the member's goal.
public enum StaffRole: String, CaseIterable, Sendable, Codable {
    case moderator, animator, admin, committee

    /// Roles allowed to re-attach a member who lost their phone.
    public static let canChangeMembersPhone: Set<StaffRole> = [.admin, .animator]
}

public enum Interest: String, CaseIterable, Sendable, Codable {
    case sport, animals, cooking, culture, games, nature, music, crafts, wellbeing, conversation, volunteering, other
}

/// Coarse availability slots: enough to match people, without exposing anyone's schedule.
public enum Availability: String, CaseIterable, Sendable, Codable {
    case weekdayMornings = "weekday_mornings"
    case weekdayAfternoons = "weekday_afternoons"
    case weekdayEvenings = "weekday_evenings"
    case weekendMornings = "weekend_mornings"
    case weekendAfternoons = "weekend_afternoons"
    case weekendEvenings = "weekend_evenings"
}

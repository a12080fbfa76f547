/// Where a journey stands on its way to members. The street committee will approve what goes
/// from `inReview` to `published`; until then only staff (and the committee) read it.
public enum JourneyStatus: String, CaseIterable, Sendable, Codable {
    case draft
    case inReview = "in_review"
    case published

    /// Members read published journeys only; a draft is invisible to them, even by its link.
    public var visibleToMembers: Bool { self == .published }
}

/// A member's place in an association. A member may belong to several associations, with a
/// role in each.
public enum OrganisationRole: String, CaseIterable, Sendable, Codable {
    /// Manages the members, the sectors and the report form; everything staff can do.
    case admin
    /// Plans rounds, follows people up, reads the statistics and exports them.
    case staff
    /// Goes on rounds and writes encounters.
    case volunteer

    public var managesMembers: Bool { self == .admin }
    public var plansRounds: Bool { self != .volunteer }
    public var readsStatistics: Bool { self != .volunteer }
    public var managesReportForm: Bool { self == .admin }
    /// Who may read who read what: the association's admins.
    public var readsAccessLog: Bool { self == .admin }

    /// Staff add volunteers; only admins give the staff or admin role.
    public func mayGrant(_ role: OrganisationRole) -> Bool {
        switch self {
        case .admin: true
        case .staff: role == .volunteer
        case .volunteer: false
        }
    }
}

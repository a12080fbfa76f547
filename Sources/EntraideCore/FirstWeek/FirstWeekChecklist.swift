import Foundation

/// The short list a newcomer sees after signing up, chosen by their goal (issue 8): a
/// neighbour learns how to approach people and meets the neighbourhood, a person asking for
/// help finds services and people, an organisation sets itself up. The order is the order
/// in which the steps are suggested.
public struct FirstWeekChecklist: Sendable, Equatable {
    /// "The first week": how long after sign-up a step still counts as done in it.
    public static let firstWeek: TimeInterval = 7 * 24 * 3600

    public static func steps(for goal: Goal) -> [FirstWeekStep] {
        switch goal {
        case .offerHelp: [.completeProfile, .followFirstJourney, .joinGroup, .goToEvent]
        case .askForHelp: [.findServices, .postNeed, .meetLocalTeam]
        case .organisation: [.createOrganisation, .planRoundOrEvent]
        }
    }

    /// What stays worth doing once the list is done: a step one repeats.
    public static func ongoing(for goal: Goal) -> FirstWeekStep {
        switch goal {
        case .offerHelp: .goToEvent
        case .askForHelp: .findServices
        case .organisation: .planRoundOrEvent
        }
    }

    public struct Item: Sendable, Equatable {
        public let step: FirstWeekStep
        public let completedAt: Date?
        public var isDone: Bool { completedAt != nil }
    }

    public let goal: Goal
    /// When the checklist started: the member's sign-up.
    public let startedAt: Date
    public let items: [Item]

    /// `completions` may hold steps of another goal (a member who changed goal): only this
    /// goal's steps are listed.
    public init(goal: Goal, startedAt: Date, completions: [FirstWeekStep: Date]) {
        self.goal = goal
        self.startedAt = startedAt
        items = Self.steps(for: goal).map { Item(step: $0, completedAt: completions[$0]) }
    }

    public var isComplete: Bool { items.allSatisfy(\.isDone) }

    /// The first step not done yet, in the checklist's order; nil once all are done.
    public var next: FirstWeekStep? { items.first { !$0.isDone }?.step }

    /// The step the home page points to: the next one, or, once all are done, the one that
    /// is worth repeating.
    public var nextUseful: FirstWeekStep { next ?? Self.ongoing(for: goal) }

    public var doneCount: Int { items.filter(\.isDone).count }

    public func isInFirstWeek(at now: Date) -> Bool {
        now.timeIntervalSince(startedAt) < Self.firstWeek
    }

    /// The checklist shows during the first week, and after it until every step is done,
    /// unless the member put it away. The next useful step shows either way.
    public func isShown(at now: Date, dismissed: Bool) -> Bool {
        !dismissed && (!isComplete || isInFirstWeek(at: now))
    }

    /// Whether a completion happened within the first week of the checklist.
    public static func withinFirstWeek(_ completedAt: Date, startedAt: Date) -> Bool {
        completedAt.timeIntervalSince(startedAt) < firstWeek
    }
}

import Foundation

/// Drop-off per step, for staff: of the members of each goal who signed up in a period, how
/// many reached each step within their first week, and at all. Counts only: no member is
/// ever named in it.
public enum FirstWeekDropOff {
    public struct Member: Sendable {
        public let goal: Goal
        public let startedAt: Date
        public let completions: [FirstWeekStep: Date]

        public init(goal: Goal, startedAt: Date, completions: [FirstWeekStep: Date]) {
            self.goal = goal
            self.startedAt = startedAt
            self.completions = completions
        }
    }

    public struct StepCount: Sendable, Equatable {
        public let step: FirstWeekStep
        public let withinFirstWeek: Int
        public let reached: Int
    }

    public struct GoalCounts: Sendable, Equatable {
        public let goal: Goal
        public let started: Int
        /// Members who did every step of their checklist within their first week.
        public let completedWithinFirstWeek: Int
        public let steps: [StepCount]
    }

    /// One entry per goal, in the goals' order, with each of its checklist's steps in order.
    public static func tally(_ members: [Member]) -> [GoalCounts] {
        Goal.allCases.map { goal in
            let cohort = members.filter { $0.goal == goal }
            let steps = FirstWeekChecklist.steps(for: goal)
            func inWeek(_ member: Member, _ step: FirstWeekStep) -> Bool {
                member.completions[step].map { FirstWeekChecklist.withinFirstWeek($0, startedAt: member.startedAt) } ?? false
            }
            return GoalCounts(
                goal: goal, started: cohort.count,
                completedWithinFirstWeek: cohort.filter { member in steps.allSatisfy { inWeek(member, $0) } }.count,
                steps: steps.map { step in
                    StepCount(step: step, withinFirstWeek: cohort.filter { inWeek($0, step) }.count,
                              reached: cohort.filter { $0.completions[step] != nil }.count)
                })
        }
    }
}

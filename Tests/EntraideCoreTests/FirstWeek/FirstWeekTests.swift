import Foundation
import Testing
@testable import EntraideCore

@Suite struct FirstWeekTests {
    let signUp = Date(timeIntervalSince1970: 1_750_000_000)
    let day: TimeInterval = 24 * 3600

    @Test func eachGoalHasItsOwnStepsInOrder() {
        #expect(FirstWeekChecklist.steps(for: .offerHelp) == [.completeProfile, .followFirstJourney, .joinGroup, .goToEvent])
        #expect(FirstWeekChecklist.steps(for: .askForHelp) == [.findServices, .postNeed, .meetLocalTeam])
        #expect(FirstWeekChecklist.steps(for: .organisation) == [.createOrganisation, .planRoundOrEvent])
        // Every step belongs to exactly one goal's checklist.
        let all = Goal.allCases.flatMap(FirstWeekChecklist.steps(for:))
        #expect(all.count == FirstWeekStep.allCases.count && Set(all) == Set(FirstWeekStep.allCases))
    }

    @Test func theNextStepIsTheFirstNotDoneInOrder() {
        let fresh = FirstWeekChecklist(goal: .offerHelp, startedAt: signUp, completions: [:])
        #expect(fresh.next == .completeProfile && fresh.doneCount == 0 && !fresh.isComplete)
        // Joining a group before reading anything leaves the journey as the next step.
        let skipped = FirstWeekChecklist(goal: .offerHelp, startedAt: signUp,
                                         completions: [.completeProfile: signUp, .joinGroup: signUp.addingTimeInterval(day)])
        #expect(skipped.next == .followFirstJourney && skipped.doneCount == 2)
        #expect(skipped.items.map(\.isDone) == [true, false, true, false])
        let asking = FirstWeekChecklist(goal: .askForHelp, startedAt: signUp, completions: [.findServices: signUp])
        #expect(asking.next == .postNeed)
        let organisation = FirstWeekChecklist(goal: .organisation, startedAt: signUp, completions: [.createOrganisation: signUp])
        #expect(organisation.next == .planRoundOrEvent && organisation.nextUseful == .planRoundOrEvent)
    }

    @Test func stepsOfAnotherGoalAreNotListed() {
        let list = FirstWeekChecklist(goal: .askForHelp, startedAt: signUp, completions: [.joinGroup: signUp, .postNeed: signUp])
        #expect(list.items.map(\.step) == [.findServices, .postNeed, .meetLocalTeam])
        #expect(list.doneCount == 1)
    }

    @Test func aDoneChecklistStillPointsToSomethingUseful() {
        let done = FirstWeekChecklist(goal: .askForHelp, startedAt: signUp,
                                      completions: [.findServices: signUp, .postNeed: signUp, .meetLocalTeam: signUp])
        #expect(done.isComplete && done.next == nil)
        #expect(done.nextUseful == .findServices)
        #expect(FirstWeekChecklist(goal: .offerHelp, startedAt: signUp, completions: [:]).nextUseful == .completeProfile)
    }

    @Test func theChecklistShowsInTheFirstWeekAndAfterUntilDoneUnlessPutAway() {
        let open = FirstWeekChecklist(goal: .organisation, startedAt: signUp, completions: [:])
        #expect(open.isShown(at: signUp.addingTimeInterval(2 * day), dismissed: false))
        #expect(open.isShown(at: signUp.addingTimeInterval(30 * day), dismissed: false), "not done: still shown after the week")
        #expect(!open.isShown(at: signUp.addingTimeInterval(2 * day), dismissed: true))
        let done = FirstWeekChecklist(goal: .organisation, startedAt: signUp,
                                      completions: [.createOrganisation: signUp, .planRoundOrEvent: signUp])
        #expect(done.isShown(at: signUp.addingTimeInterval(6 * day), dismissed: false), "done in the week: shown with its ticks")
        #expect(!done.isShown(at: signUp.addingTimeInterval(8 * day), dismissed: false))
    }

    @Test func aCompleteProfileHasWordsAZoneAndAnInterest() {
        #expect(FirstWeekRules.profileIsComplete(about: "Retraitée", postalCode: "75011", interests: ["cooking"]))
        #expect(!FirstWeekRules.profileIsComplete(about: "  ", postalCode: "75011", interests: ["cooking"]))
        #expect(!FirstWeekRules.profileIsComplete(about: "Retraitée", postalCode: nil, interests: ["cooking"]))
        #expect(!FirstWeekRules.profileIsComplete(about: "Retraitée", postalCode: "75011", interests: []))
    }

    @Test func aZoneIsSearchedToItsEdges() {
        #expect(FirstWeekRules.zoneRadiusKm(travelDistanceKm: 5) == 40)
        #expect(FirstWeekRules.zoneRadiusKm(travelDistanceKm: 80) == 80)
    }

    @Test func theNearestActiveZoneIsAnotherDepartmentNamedByItsBusiestCity() throws {
        let gueret = try #require(PostalZone.centre(of: "23000"))
        let activity = [
            NearestActiveZone.Activity(postalCode: "23000", city: "Guéret", events: 0, groups: 0),
            NearestActiveZone.Activity(postalCode: "23200", city: "Aubusson", events: 2, groups: 0),
            NearestActiveZone.Activity(postalCode: "87000", city: "Limoges", events: 3, groups: 1),
            NearestActiveZone.Activity(postalCode: "87100", city: "Limoges", events: 1, groups: 0),
            NearestActiveZone.Activity(postalCode: "87200", city: "Saint-Junien", events: 1, groups: 0),
            NearestActiveZone.Activity(postalCode: "75011", city: "Paris", events: 40, groups: 9),
            NearestActiveZone.Activity(postalCode: "ABC", city: "Nowhere", events: 5, groups: 0),
        ]
        let zone = try #require(NearestActiveZone.pick(from: gueret, ownDepartment: "23", activity: activity))
        #expect(zone.department == "87" && zone.city == "Limoges")
        #expect(zone.events == 5 && zone.groups == 1)
        #expect(zone.centre == PostalZone.centre(ofDepartment: "87"))
        #expect((50...80).contains(zone.distanceKm), "Guéret to Limoges: \(zone.distanceKm) km")
        #expect(NearestActiveZone.pick(from: gueret, ownDepartment: "23", activity: Array(activity.prefix(2))) == nil,
                "activity in one's own département is not another zone")
    }

    @Test func dropOffCountsEachGoalsStepsWithinTheFirstWeekAndAtAll() {
        let members = [
            FirstWeekDropOff.Member(goal: .offerHelp, startedAt: signUp, completions: [
                .completeProfile: signUp.addingTimeInterval(600), .followFirstJourney: signUp.addingTimeInterval(day),
                .joinGroup: signUp.addingTimeInterval(2 * day), .goToEvent: signUp.addingTimeInterval(6 * day)]),
            FirstWeekDropOff.Member(goal: .offerHelp, startedAt: signUp, completions: [
                .completeProfile: signUp.addingTimeInterval(600), .joinGroup: signUp.addingTimeInterval(9 * day)]),
            FirstWeekDropOff.Member(goal: .offerHelp, startedAt: signUp, completions: [:]),
            FirstWeekDropOff.Member(goal: .askForHelp, startedAt: signUp, completions: [.findServices: signUp]),
        ]
        let counts = FirstWeekDropOff.tally(members)
        #expect(counts.map(\.goal) == Goal.allCases)
        let neighbours = counts[0]
        #expect(neighbours.started == 3 && neighbours.completedWithinFirstWeek == 1)
        #expect(neighbours.steps.map(\.step) == FirstWeekChecklist.steps(for: .offerHelp))
        #expect(neighbours.steps.map(\.withinFirstWeek) == [2, 1, 1, 1])
        #expect(neighbours.steps.map(\.reached) == [2, 1, 2, 1], "a group joined on day 9 is reached, not within the week")
        #expect(counts[1].started == 1 && counts[1].steps.map(\.reached) == [1, 0, 0])
        #expect(counts[2].started == 0 && counts[2].steps.allSatisfy { $0.reached == 0 })
    }
}

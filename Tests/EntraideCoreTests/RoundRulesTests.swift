import Foundation
import Testing
@testable import EntraideCore

@Suite struct RoundRulesTests {
    @Test(arguments: ["Jojo", "Jean-Pierre", "Aïcha", "N'Golo", "محمد", "Олена"])
    func aFirstNameOrNicknameIsAccepted(alias: String) throws {
        #expect(try RoundRules.alias(alias) == alias)
    }

    @Test func aFamilyNameCannotGetIn() {
        #expect(throws: RuleViolation("rounds.alias_one_word", field: "person.alias")) { try RoundRules.alias("Ali Benali") }
        #expect(throws: RuleViolation("rounds.alias_letters_only", field: "person.alias")) { try RoundRules.alias("0612345678") }
        #expect(throws: RuleViolation("validation.required", field: "person.alias")) { try RoundRules.alias("  ") }
    }

    @Test func aSectorIsANameNeverCoordinates() throws {
        #expect(try RoundRules.sectorName("Gare de l'Est") == "Gare de l'Est")
        #expect(try RoundRules.sectorName("Secteur 2, canal") == "Secteur 2, canal")
        #expect(throws: RuleViolation("rounds.sector_not_a_point", field: "name")) { try RoundRules.sectorName("48.8566, 2.3522") }
        #expect(throws: RuleViolation("rounds.sector_not_a_point", field: "name")) { try RoundRules.sectorName("Pont 48,85661") }
    }

    @Test func aRoundOnlyMovesForward() {
        #expect(RoundStatus.planned.canMove(to: .ongoing) && RoundStatus.ongoing.canMove(to: .done))
        #expect(!RoundStatus.done.canMove(to: .ongoing) && !RoundStatus.planned.canMove(to: .done) && !RoundStatus.ongoing.canMove(to: .planned))
        #expect(!RoundStatus.planned.takesEncounters && RoundStatus.done.takesEncounters)
    }

    @Test func aPersonNotMetFor90DaysIsInactive() {
        let now = Date()
        #expect(FollowUp.status(lastMetAt: now.addingTimeInterval(-89 * 86_400), engagedAt: nil, now: now) == .new)
        #expect(FollowUp.status(lastMetAt: now.addingTimeInterval(-10 * 86_400), engagedAt: now, now: now) == .engaged)
        #expect(FollowUp.status(lastMetAt: now.addingTimeInterval(-90 * 86_400), engagedAt: now, now: now) == .inactive)
    }

    @Test func onlyAdminsGiveHigherRoles() {
        #expect(OrganisationRole.admin.mayGrant(.admin) && OrganisationRole.staff.mayGrant(.volunteer))
        #expect(!OrganisationRole.staff.mayGrant(.staff) && !OrganisationRole.volunteer.mayGrant(.volunteer))
        #expect(!OrganisationRole.volunteer.plansRounds && OrganisationRole.staff.readsStatistics && !OrganisationRole.staff.readsAccessLog)
    }

    @Test func aPathKeepsOnlyItsLength() {
        #expect(RoundRules.length(of: []) == 0)
        let start = GeoPoint(lat: 48.8566, lon: 2.3522)
        let length = RoundRules.length(of: [start, start.moved(meters: 500, bearing: 0), start.moved(meters: 500, bearing: 0).moved(meters: 250, bearing: .pi / 2)])
        #expect(abs(length - 750) <= 2)
    }

    @Test func reportAnswersFollowTheirQuestion() throws {
        let questions = try ReportFormRules.questions([
            (id: nil, label: "Repas", kind: "number", required: true, choices: nil),
            (id: "rain", label: "Pluie ?", kind: "yes_no", required: false, choices: nil),
            (id: "team", label: "Équipe", kind: "choice", required: false, choices: ["A", "B"]),
        ])
        #expect(questions.map(\.id) == ["q1", "rain", "team"])
        let answers = try ReportFormRules.answers(["q1": "12,5", "rain": "yes", "team": "B"], to: questions)
        #expect(answers["q1"]?.stored == "12.5" && answers["rain"]?.stored == "yes" && answers["team"]?.stored == "B")
        #expect(try ReportFormRules.answers(["q1": "3"], to: questions)["q1"]?.stored == "3")
        #expect(throws: RuleViolation("validation.required", field: "answers.q1")) { try ReportFormRules.answers([:], to: questions) }
        #expect(throws: RuleViolation("rounds.question_id_duplicate", field: "questions[1].id")) {
            try ReportFormRules.questions([(id: "a", label: "Un", kind: "text", required: nil, choices: nil),
                                           (id: "a", label: "Deux", kind: "text", required: nil, choices: nil)])
        }
    }
}

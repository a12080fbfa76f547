import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

@Suite struct RoundReportTests {
    /// Statistics per period count rounds, encounters, people and needs; the CSV for funders
    /// holds counts only: no alias, no note, no sector.
    @Test func statisticsCountAndTheCSVHoldsCountsOnly() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            let jojo = try await app.ok(.POST, "\(fixture.round)/encounters", fixture.admin, json: [
                "person": ["alias": "Jojo"], "needs": [["need": "shoes", "size": 41], ["need": "food"]], "notes": "Confidentiel", "engaged": true,
            ])
            let jojoID = try app.id(try #require(jojo["person"] as? [String: Any]))
            try await app.ok(.POST, "\(fixture.round)/encounters", fixture.admin, json: ["person": ["id": jojoID.uuidString], "needs": [["need": "blankets"]]])
            try await app.ok(.POST, "\(fixture.round)/encounters", fixture.admin, json: ["person": ["alias": "Nour"]])
            let foodID = try app.id(try #require((jojo["needs"] as? [[String: Any]])?.first { $0["need"] as? String == "food" }))
            try await app.ok(.POST, "\(fixture.base)/needs/\(foodID)/met", fixture.admin, json: ["roundID": fixture.roundID.uuidString])
            try await app.ok(.POST, "\(fixture.round)/finish", fixture.admin)

            let stats = try await app.json(try await app.send(.GET, "\(fixture.base)/statistics", headers: fixture.admin.auth))
            #expect(stats["rounds"] as? Int == 1 && stats["roundsDone"] as? Int == 1)
            #expect(stats["encounters"] as? Int == 3 && stats["distinctPeople"] as? Int == 2 && stats["newPeople"] as? Int == 2)
            #expect(stats["engagedPeople"] as? Int == 1 && stats["followedPeople"] as? Int == 2)
            #expect(stats["needsNoted"] as? Int == 3 && stats["needsMet"] as? Int == 1 && stats["needsPending"] as? Int == 2)

            let old = try await app.json(try await app.send(.GET, "\(fixture.base)/statistics?from=2020-01-01&to=2020-12-31", headers: fixture.admin.auth))
            #expect(old["encounters"] as? Int == 0 && old["rounds"] as? Int == 0)
            for query in ["from=yesterday", "from=2026-02-01&to=2026-01-01", "from=2010-01-01&to=2026-01-01", "format=xml"] {
                let bad = try await app.send(.GET, "\(fixture.base)/statistics?\(query)", headers: fixture.admin.auth)
                #expect(bad.status == .badRequest, "\(query): \(bad.status)")
            }

            let csv = try await app.send(.GET, "\(fixture.base)/statistics?format=csv", headers: fixture.admin.auth)
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            let text = csv.body.string
            #expect(text.hasPrefix("indicator,need,value\r\n"))
            #expect(text.contains("encounters,,3\r\n") && text.contains("distinct_people,,2\r\n") && text.contains("needs_pending,shoes,1\r\n"))
            for secret in ["Jojo", "Nour", "Confidentiel", "Gare", "Claire", "Fontaine"] {
                #expect(!text.contains(secret), "the CSV names \(secret)")
            }
        }
    }

    /// Every read of encounter data is in the access log, which only admins read.
    @Test func everyReadOfEncounterDataIsLogged() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            let staff = try await app.addMember(to: fixture, role: "staff", firstName: "Sami")
            let encounter = try await app.ok(.POST, "\(fixture.round)/encounters", fixture.admin, json: ["person": ["alias": "Jojo"], "notes": "Note"])
            let encounterID = try app.id(encounter)
            let personID = try app.id(try #require(encounter["person"] as? [String: Any]))
            #expect(try await EncounterAccess.query(on: app.db).count() == 0, "a write is not a read")

            _ = try await app.send(.GET, "\(fixture.round)/encounters", headers: staff.auth)
            _ = try await app.send(.GET, "\(fixture.base)/encounters/\(encounterID)", headers: staff.auth)
            _ = try await app.send(.GET, "\(fixture.base)/people", headers: staff.auth)
            _ = try await app.send(.GET, "\(fixture.base)/people/\(personID)", headers: staff.auth)

            let log = try await app.json(try await app.send(.GET, "\(fixture.base)/access-log", headers: fixture.admin.auth))
            let entries = try #require(log["items"] as? [[String: Any]])
            #expect(Set(entries.compactMap { $0["action"] as? String }) == ["list_encounters", "read_encounter", "list_people", "read_person"])
            #expect(entries.allSatisfy { ($0["member"] as? [String: Any])?["displayName"] as? String == "Sami M." })
            #expect(entries.contains { $0["action"] as? String == "read_encounter" && $0["subjectID"] as? String == encounterID.uuidString })
            let denied = try await app.send(.GET, "\(fixture.base)/access-log", headers: staff.auth)
            #expect(denied.status == .forbidden && errorCode(denied) == "organisation.role_required")
        }
    }

    /// Each association writes its own report form; every round answers it.
    @Test func eachAssociationAnswersItsOwnReportForm() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            let early = try await app.send(.PUT, "\(fixture.round)/report", json: ["answers": [:] as [String: String]], headers: fixture.admin.auth)
            #expect(early.status == .conflict && errorCode(early) == "rounds.no_report_form")
            let form = try await app.ok(.PUT, "\(fixture.base)/report-form", fixture.admin, json: ["questions": [
                ["id": "weather", "label": "Météo", "kind": "choice", "choices": ["Sec", "Pluie", "Neige"], "required": true],
                ["id": "meals", "label": "Repas distribués", "kind": "number", "required": true],
                ["id": "police", "label": "Contrôle de police vu ?", "kind": "yes_no"],
                ["label": "Remarques", "kind": "text"],
            ]])
            #expect((form["questions"] as? [[String: Any]])?.last?["id"] as? String == "q4")
            let badForm = try await app.send(.PUT, "\(fixture.base)/report-form", json: ["questions": [["label": "Météo", "kind": "choice", "choices": ["Sec"]]]],
                                             headers: fixture.admin.auth)
            #expect(badForm.status == .unprocessableEntity && errorCode(badForm) == "rounds.question_choices_invalid")

            for (answers, code) in [(["weather": "Grêle", "meals": "3"], "validation.choice_invalid"),
                                    (["weather": "Sec", "meals": "trois"], "rounds.answer_not_a_number"),
                                    (["weather": "Sec"], "validation.required"),
                                    (["weather": "Sec", "meals": "3", "police": "peut-être"], "rounds.answer_not_yes_no"),
                                    (["weather": "Sec", "meals": "3", "mood": "bien"], "rounds.answer_unknown_question")] {
                let res = try await app.send(.PUT, "\(fixture.round)/report", json: ["answers": answers], headers: fixture.admin.auth)
                #expect(res.status == .unprocessableEntity && errorCode(res) == code, "\(answers): \(res.body.string)")
            }
            let report = try await app.ok(.PUT, "\(fixture.round)/report", fixture.admin, json: ["answers": [
                "weather": "Pluie", "meals": "12", "police": "no", "q4": "Beaucoup de monde près du canal",
            ]])
            #expect(report["answers"] as? [String: String] == ["weather": "Pluie", "meals": "12", "police": "no", "q4": "Beaucoup de monde près du canal"])
            let round = try await app.json(try await app.send(.GET, fixture.round, headers: fixture.admin.auth))
            #expect(round["reported"] as? Bool == true)
        }
    }
}

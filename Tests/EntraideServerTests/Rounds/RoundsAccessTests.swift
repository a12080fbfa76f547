import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

@Suite struct RoundsAccessTests {
    /// Two associations: the second never sees the first's rounds, encounters, people or
    /// needs, by any path, and cannot even tell they exist.
    @Test func oneAssociationNeverSeesAnothersEncounters() async throws {
        try await withEntraide { app in
            let first = try await app.association("Maraude du Canal", adminName: "Claire")
            let second = try await app.association("Solidarité Nord", adminName: "Hugo")
            let encounter = try await app.ok(.POST, "\(first.round)/encounters", first.admin, json: [
                "person": ["alias": "Jojo"], "needs": [["need": "shoes", "size": 43]], "notes": "Dort près de l'écluse",
            ])
            let encounterID = try app.id(encounter)
            let personID = try app.id(try #require(encounter["person"] as? [String: Any]))
            let needID = try app.id(try #require((encounter["needs"] as? [[String: Any]])?.first))
            let intruder = second.admin

            // Through the first association's paths: "not found", as for an association that does not exist.
            for path in ["\(first.base)", "\(first.base)/rounds", "\(first.round)", "\(first.round)/encounters",
                         "\(first.base)/encounters/\(encounterID)", "\(first.base)/people", "\(first.base)/people/\(personID)",
                         "\(first.base)/statistics", "\(first.base)/access-log", "\(first.round)/path", "\(first.base)/members"] {
                let res = try await app.send(.GET, path, headers: intruder.auth)
                #expect(res.status == .notFound && errorCode(res) == "organisation.not_found", "GET \(path): \(res.status) \(res.body.string)")
            }
            let write = try await app.send(.POST, "\(first.round)/encounters", json: ["person": ["alias": "Malo"]], headers: intruder.auth)
            #expect(write.status == .notFound && errorCode(write) == "organisation.not_found")

            // Through the second association's own paths, with the first one's ids.
            let crossed = [
                ("\(second.base)/encounters/\(encounterID)", "rounds.encounter_not_found"),
                ("\(second.base)/people/\(personID)", "rounds.person_not_found"),
                ("\(second.base)/rounds/\(first.roundID)", "rounds.not_found"),
                ("\(second.base)/rounds/\(first.roundID)/encounters", "rounds.not_found"),
            ]
            for (path, code) in crossed {
                let res = try await app.send(.GET, path, headers: intruder.auth)
                #expect(res.status == .notFound && errorCode(res) == code, "GET \(path): \(res.status) \(res.body.string)")
            }
            let met = try await app.send(.POST, "\(second.base)/needs/\(needID)/met", json: [:], headers: intruder.auth)
            #expect(met.status == .notFound && errorCode(met) == "rounds.need_not_found")
            // The first association's person cannot be attached to the second one's encounter,
            // nor can its encounter id be taken over.
            let attach = try await app.send(.POST, "\(second.round)/encounters", json: ["person": ["id": personID.uuidString]], headers: intruder.auth)
            #expect(attach.status == .unprocessableEntity && errorCode(attach) == "rounds.person_unknown")
            let takeOver = try await app.send(.POST, "\(second.round)/encounters", json: ["id": encounterID.uuidString, "person": ["alias": "Malo"]], headers: intruder.auth)
            #expect(takeOver.status == .conflict && errorCode(takeOver) == "rounds.encounter_id_taken")
            #expect(!takeOver.body.string.contains("Jojo") && !takeOver.body.string.contains("écluse"))

            // The second association's own lists hold nothing of the first's.
            let people = try await app.send(.GET, "\(second.base)/people", headers: intruder.auth)
            #expect(people.status == .ok && !people.body.string.contains("Jojo"))
            let stats = try await app.json(try await app.send(.GET, "\(second.base)/statistics", headers: intruder.auth))
            #expect(stats["encounters"] as? Int == 0 && stats["needsPending"] as? Int == 0)

            // A member of both sees each association's data under its own path only.
            let both = try await app.signUp(firstName: "Inès", lastName: "Roux")
            for fixture in [first, second] {
                try await app.ok(.POST, "\(fixture.base)/members", fixture.admin, json: ["userID": both.id.uuidString, "role": "volunteer"])
            }
            let mine = try await app.jsonList(try await app.send(.GET, "/api/v1/organisations", headers: both.auth))
            #expect(Set(mine.compactMap { $0["name"] as? String }) == ["Maraude du Canal", "Solidarité Nord"])
            let viaSecond = try await app.send(.GET, "\(second.base)/encounters/\(encounterID)", headers: both.auth)
            #expect(viaSecond.status == .notFound)
            let viaFirst = try await app.send(.GET, "\(first.base)/encounters/\(encounterID)", headers: both.auth)
            #expect(viaFirst.status == .ok && viaFirst.body.string.contains("Dort près de l'écluse"))
        }
    }

    /// Roles: staff plan rounds and add volunteers, only admins give higher roles, volunteers
    /// work on their own rounds, and an association always keeps an admin.
    @Test func rolesDecideWhoDoesWhat() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            let staff = try await app.addMember(to: fixture, role: "staff", firstName: "Sami")
            let volunteer = try await app.addMember(to: fixture, role: "volunteer", firstName: "Léa")

            // Staff add volunteers, never admins.
            let newcomer = try await app.signUp(firstName: "Noé", lastName: "Petit")
            let promote = try await app.send(.POST, "\(fixture.base)/members", json: ["userID": newcomer.id.uuidString, "role": "admin"], headers: staff.auth)
            #expect(promote.status == .forbidden && errorCode(promote) == "organisation.role_required")
            try await app.ok(.POST, "\(fixture.base)/members", staff, json: ["userID": newcomer.id.uuidString])
            let again = try await app.send(.POST, "\(fixture.base)/members", json: ["userID": newcomer.id.uuidString], headers: fixture.admin.auth)
            #expect(again.status == .conflict && errorCode(again) == "organisation.already_member")
            let unknown = try await app.send(.POST, "\(fixture.base)/members", json: ["email": "nobody@example.org"], headers: fixture.admin.auth)
            #expect(unknown.status == .notFound && errorCode(unknown) == "organisation.member_unknown")

            // Members are listed as "Firstname L.", never with the family name.
            let members = try await app.send(.GET, "\(fixture.base)/members", headers: volunteer.auth)
            #expect(members.body.string.contains("Léa M.") && !members.body.string.contains("Martin"))

            // Volunteers neither plan rounds nor read statistics, and work only on their rounds.
            let plan = try await app.send(.POST, "\(fixture.base)/rounds", json: ["kind": "social", "startsAt": Date().formatted(.iso8601),
                                                                                    "transport": "vehicle", "sectorID": fixture.sectorID.uuidString], headers: volunteer.auth)
            #expect(plan.status == .forbidden && errorCode(plan) == "organisation.role_required")
            let stats = try await app.send(.GET, "\(fixture.base)/statistics", headers: volunteer.auth)
            #expect(stats.status == .forbidden)
            let notTeam = try await app.send(.POST, "\(fixture.round)/encounters", json: ["person": ["alias": "Malo"]], headers: volunteer.auth)
            #expect(notTeam.status == .forbidden && errorCode(notTeam) == "rounds.not_on_team")
            let round = try await app.ok(.POST, "\(fixture.base)/rounds", staff, json: [
                "kind": "bare_hands", "startsAt": Date().formatted(.iso8601), "transport": "on_foot",
                "sectorID": fixture.sectorID.uuidString, "team": [volunteer.id.uuidString],
            ])
            let team = try #require(round["team"] as? [[String: Any]]).compactMap { $0["displayName"] as? String }
            #expect(Set(team) == ["Sami M.", "Léa M."])
            let roundPath = "\(fixture.base)/rounds/\(try app.id(round))"
            let early = try await app.send(.POST, "\(roundPath)/encounters", json: ["person": ["alias": "Malo"]], headers: volunteer.auth)
            #expect(early.status == .conflict && errorCode(early) == "rounds.not_started")
            try await app.ok(.POST, "\(roundPath)/start", volunteer)
            try await app.ok(.POST, "\(roundPath)/encounters", volunteer, json: ["person": ["alias": "Malo"]])

            // A team of outsiders is refused.
            let outsider = try await app.signUp(firstName: "Zoé", lastName: "Blanc")
            let outsiders = try await app.send(.POST, "\(fixture.base)/rounds", json: ["kind": "food", "startsAt": Date().formatted(.iso8601), "transport": "on_foot",
                                                                                         "sectorID": fixture.sectorID.uuidString, "team": [outsider.id.uuidString]], headers: staff.auth)
            #expect(outsiders.status == .unprocessableEntity && errorCode(outsiders) == "rounds.team_not_members")

            // The last admin stays; with a second admin, the first may leave.
            let leave = try await app.send(.DELETE, "\(fixture.base)/members/\(fixture.admin.id)", headers: fixture.admin.auth)
            #expect(leave.status == .conflict && errorCode(leave) == "organisation.last_admin")
            try await app.ok(.PATCH, "\(fixture.base)/members/\(staff.id)", fixture.admin, json: ["role": "admin"])
            let left = try await app.send(.DELETE, "\(fixture.base)/members/\(fixture.admin.id)", headers: fixture.admin.auth)
            #expect(left.status == .noContent)
            let gone = try await app.send(.GET, fixture.base, headers: fixture.admin.auth)
            #expect(gone.status == .notFound)
        }
    }

    /// Only organisation accounts and platform admins open associations.
    @Test func onlyOrganisationAccountsOpenAssociations() async throws {
        try await withEntraide { app in
            let neighbour = try await app.signUp(firstName: "Marc", lastName: "Durand", goal: "offer_help")
            let refused = try await app.send(.POST, "/api/v1/organisations", json: ["name": "Ma maraude"], headers: neighbour.auth)
            #expect(refused.status == .forbidden && errorCode(refused) == "organisation.create_forbidden")
            let organisation = try await app.signUp(firstName: "Claire", lastName: "Fontaine", goal: "organisation")
            let short = try await app.send(.POST, "/api/v1/organisations", json: ["name": "A"], headers: organisation.auth)
            #expect(short.status == .unprocessableEntity && errorCode(short) == "validation.too_short")
        }
    }
}

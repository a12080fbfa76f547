import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import EntraideCore
@testable import EntraideServer

@Suite struct FirstWeekAPITests {
    @Test func eachGoalGetsItsChecklistWithTheNextStepAndWhereToDoIt() async throws {
        try await withEntraide { app in
            let neighbour = try await app.signUp(firstName: "Marie", goal: "offer_help")
            let asking = try await app.signUp(firstName: "Karim", goal: "ask_for_help")
            let organisation = try await app.signUp(firstName: "Claire", goal: "organisation")
            let first = try await app.firstWeek(neighbour)
            #expect(first["goal"].string == "offer_help" && first["inFirstWeek"].bool == true && first["shown"].bool == true)
            #expect(first["steps"].array.map { $0["step"].string ?? "" } == ["complete_profile", "follow_first_journey", "join_group", "go_to_event"])
            #expect(first["steps"].array.map { $0["next"].bool ?? true } == [true, false, false, false])
            #expect(first["next"].string == "complete_profile" && first["nextUseful"]["link"].string == "/me")
            #expect(first["steps"][2]["link"].string == "/groups" && first["steps"][3]["link"].string == "/events")
            let second = try await app.firstWeek(asking)
            #expect(second["steps"].array.map { $0["step"].string ?? "" } == ["find_services", "post_need", "meet_local_team"])
            #expect(second["steps"].array.map { $0["link"].string ?? "" } == ["/services", "/actions/new", "/events"])
            let third = try await app.firstWeek(organisation)
            #expect(third["steps"].array.map { $0["step"].string ?? "" } == ["create_organisation", "plan_round_or_event"])
            #expect(third["nextUseful"]["step"].string == "create_organisation" && third["nextUseful"]["link"].string == "/rounds")
            // Nothing is done yet, nothing recorded.
            #expect(try await FirstWeekCompletion.query(on: app.db).count() == 0)
            #expect(try await app.send(.GET, "/api/v1/me/first-week").status == .unauthorized)
        }
    }

    @Test func aHelpRequestMakesItsStepDoneAndRecordedOnceWithItsTime() async throws {
        try await withEntraide { app in
            let karim = try await app.member("Karim", goal: "ask_for_help")
            #expect(try await app.steps(karim).map(\.done) == [false, false, false])
            let action = try await app.createAction(by: karim)
            let created = try #require(try await HelpAction.find(action["id"].uuid, on: app.db)?.createdAt)
            let after = try await app.firstWeek(karim)
            #expect(after["steps"][1]["done"].bool == true && after["next"].string == "find_services")
            let recorded = try await app.recorded(.postNeed, for: karim)
            #expect(recorded.count == 1)
            #expect(abs(try #require(recorded.first).completedAt.timeIntervalSince(created)) < 1, "the step's time is the request's")
            // A second request, and reading again: still the first completion, once.
            try await app.createAction(by: karim, title: "Un chargeur de téléphone")
            _ = try await app.firstWeek(karim)
            let again = try await app.recorded(.postNeed, for: karim)
            #expect(again.count == 1 && again.first?.completedAt == recorded.first?.completedAt)
            // An offer is not a need.
            let marie = try await app.member("Marie", goal: "ask_for_help")
            try await app.createAction(by: marie, title: "Je prête une perceuse", kind: "offer", category: "equipment")
            #expect(try await app.steps(marie)[1].done == false)
        }
    }

    @Test func aNeighboursStepsAreSeenInWhatTheyDo() async throws {
        try await withEntraide { app in
            try await app.loadJourneys()
            let organiser = try await app.member("Paul")
            let group = try #require(try await app.createGroup(by: organiser)["id"].string)
            let event = try #require(try await app.createEvent(by: organiser)["id"].string)
            let marie = try await app.signUp(firstName: "Marie")
            // Half a profile is not a complete one.
            _ = try await app.send(.PATCH, "/api/v1/me", json: ["postalCode": "75011", "about": "Voisine du quartier"], headers: marie.auth)
            #expect(try await app.steps(marie).map(\.done) == [false, false, false, false])
            _ = try await app.send(.PATCH, "/api/v1/me", json: ["interests": ["cooking"]], headers: marie.auth)
            #expect(try await app.steps(marie).map(\.done) == [true, false, false, false])
            #expect(try await app.send(.POST, "\(journeyPath)/articles/greet/seen", headers: marie.auth).status == .ok)
            #expect(try await app.send(.POST, "/api/v1/groups/\(group)/membership", headers: marie.auth).status == .created)
            let listed = try await app.firstWeek(marie)
            #expect(listed["steps"].array.map { $0["done"].bool ?? false } == [true, true, true, false])
            #expect(listed["next"].string == "go_to_event" && listed["nextUseful"]["link"].string == "/events/\(event)",
                    "the next step links to the nearest event")
            #expect(try await app.send(.POST, "/api/v1/events/\(event)/participation", headers: marie.auth).status == .created)
            let done = try await app.firstWeek(marie)
            #expect(done["complete"].bool == true && done["next"].isNull && done["nextUseful"]["step"].string == "go_to_event")
            #expect(done["shown"].bool == true, "done within the week: the ticked list still shows")
            #expect(try await FirstWeekCompletion.query(on: app.db).filter(\.$user.$id == marie.id).count() == 4)
            // Leaving the group later leaves its first completion as it was.
            _ = try await app.send(.DELETE, "/api/v1/groups/\(group)/membership", headers: marie.auth)
            #expect(try await app.steps(marie)[2].done == true)
        }
    }

    @Test func meetingTheLocalTeamIsTakingPartInAnEventAnAssociationOrAnimatorRuns() async throws {
        try await withEntraide { app in
            let neighbour = try await app.member("Paul")
            let claire = try await app.member("Claire", goal: "organisation")
            _ = try await app.association(claire)
            let sophie = try await app.member("Sophie")
            try await app.grant(.animator, to: sophie)
            let coffee = try #require(try await app.createEvent(by: neighbour, title: "Café entre voisins")["id"].string)
            let round = try #require(try await app.createEvent(by: claire, title: "Petit-déjeuner de l'association")["id"].string)
            let karim = try await app.member("Karim", goal: "ask_for_help")
            let offered = try await app.firstWeek(karim)
            #expect(offered["steps"][2]["link"].string == "/events/\(round)", "the step links to the team's event nearby")
            #expect(offered["nearby"]["events"].array.contains { $0["id"].string == round && $0["byLocalTeam"].bool == true })
            #expect(offered["nearby"]["events"].array.contains { $0["id"].string == coffee && $0["byLocalTeam"].bool == false })
            _ = try await app.send(.POST, "/api/v1/events/\(coffee)/participation", headers: karim.auth)
            #expect(try await app.steps(karim)[2].done == false, "a neighbour's coffee is not the local team")
            _ = try await app.send(.POST, "/api/v1/events/\(round)/participation", headers: karim.auth)
            #expect(try await app.steps(karim)[2].done == true)
            // The animator's event counts too.
            let animated = try #require(try await app.createEvent(by: sophie, title: "Sortie au musée")["id"].string)
            let olena = try await app.member("Olena", goal: "ask_for_help")
            _ = try await app.send(.POST, "/api/v1/events/\(animated)/participation", headers: olena.auth)
            #expect(try await app.steps(olena)[2].done == true)
        }
    }

    @Test func findingServicesIsRecordedWhenTheDirectoryIsOpened() async throws {
        try await withEntraide { app in
            let karim = try await app.member("Karim", goal: "ask_for_help")
            #expect(try await app.send(.GET, "/api/v1/places?q=douche", headers: karim.auth).status == .ok)
            #expect(try await app.steps(karim)[0].done == true)
            #expect(try await app.send(.GET, "/api/v1/places?q=repas", headers: karim.auth).status == .ok)
            #expect(try await app.recorded(.findServices, for: karim).count == 1)
            // By the web page too; a neighbour's visit records nothing (not on their list).
            let olena = try await app.member("Olena", goal: "ask_for_help")
            #expect(try await WebClient.loggedIn(app, olena).get("/services").status == .ok)
            #expect(try await app.recorded(.findServices, for: olena).count == 1)
            let marie = try await app.member("Marie")
            #expect(try await app.send(.GET, "/api/v1/places?q=douche", headers: marie.auth).status == .ok)
            #expect(try await app.recorded(.findServices, for: marie).isEmpty)
        }
    }

    @Test func anOrganisationsStepsAreItsAssociationThenARoundOrAnEvent() async throws {
        try await withEntraide { app in
            let claire = try await app.member("Claire", goal: "organisation")
            #expect(try await app.steps(claire).map(\.done) == [false, false])
            let organisation = try await app.association(claire)
            #expect(try await app.steps(claire).map(\.done) == [true, false])
            let sector = try JSONBody(try await app.send(.POST, "/api/v1/organisations/\(organisation)/sectors", json: ["name": "Gare de l'Est"], headers: claire.auth))
            let round = try await app.send(.POST, "/api/v1/organisations/\(organisation)/rounds", json: [
                "kind": "food", "startsAt": iso(Date().addingTimeInterval(86_400)), "transport": "on_foot", "sectorID": sector["id"].string ?? ""],
                headers: claire.auth)
            #expect(round.status == .created, "round: \(round.body.string)")
            let done = try await app.firstWeek(claire)
            #expect(done["complete"].bool == true && done["nextUseful"]["link"].string == "/events/new")
            // An event planned instead of a round counts as well.
            let hugo = try await app.member("Hugo", goal: "organisation")
            try await app.createEvent(by: hugo)
            #expect(try await app.steps(hugo).map(\.done) == [false, true])
        }
    }

    @Test func theChecklistCanBePutAwayAndTheNextStepStays() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            #expect(try await app.send(.POST, "/api/v1/me/first-week/dismiss", headers: marie.auth).status == .noContent)
            #expect(try await app.send(.POST, "/api/v1/me/first-week/dismiss", headers: marie.auth).status == .noContent, "twice is fine")
            let after = try await app.firstWeek(marie)
            #expect(after["shown"].bool == false && after["dismissed"].bool == true)
            #expect(after["nextUseful"]["step"].string == "complete_profile")
            #expect(try await FirstWeekDismissal.query(on: app.db).count() == 1)
        }
    }
}

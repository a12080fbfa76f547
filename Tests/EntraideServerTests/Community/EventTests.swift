import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import EntraideCore
@testable import EntraideServer

@Suite struct EventTests {
    @Test func aWeeklyEventKeepsItsLocalTimeAcrossTheClockChange() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            // Tuesday 20 October 2026, 18:00 in Paris (UTC+2); the clocks go back on 25 October.
            let start = try #require(ISO8601DateFormatter().date(from: "2026-10-20T16:00:00Z"))
            let zone = try #require(TimeZone(identifier: "Europe/Paris"))
            let dates = Recurrence.occurrences(start: start, end: start.addingTimeInterval(3600), frequency: .weekly, count: 3, timeZone: zone)
            #expect(dates.map { iso($0.start) } == ["2026-10-20T16:00:00Z", "2026-10-27T17:00:00Z", "2026-11-03T17:00:00Z"])
            let monthly = Recurrence.occurrences(start: try #require(ISO8601DateFormatter().date(from: "2027-01-31T09:00:00Z")),
                                                 end: try #require(ISO8601DateFormatter().date(from: "2027-01-31T10:00:00Z")),
                                                 frequency: .monthly, count: 3, timeZone: zone)
            #expect(monthly.map { iso($0.start) } == ["2027-01-31T09:00:00Z", "2027-02-28T09:00:00Z", "2027-03-31T08:00:00Z"])

            let event = try await app.createEvent(by: marie, startsIn: 86_400 * 3, extra: ["recurrence": ["frequency": "biweekly", "count": 4]])
            let seriesID = try #require(event["seriesID"].uuid)
            let occurrences = try await Outing.query(on: app.db).filter(\.$seriesID == seriesID).sort(\.$startsAt).all()
            #expect(occurrences.count == 4)
            #expect(occurrences.map(\.recurrence) == Array(repeating: "biweekly", count: 4))
            let local = try #require(event["startsAtLocal"].string)
            #expect(local.hasSuffix("+01:00") || local.hasSuffix("+02:00"), "\(local)")
        }
    }

    @Test func capacityIsHeldAndParticipantsShownByRole() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie", "Dupont")
            let paul = try await app.member("Paul", "Bernard")
            let ana = try await app.member("Ana", "Lopez")
            let id = try #require(try await app.createEvent(by: marie, extra: ["capacity": 1])["id"].string)
            let joined = try JSONBody(try await app.send(.POST, "/api/v1/events/\(id)/participation", headers: paul.auth))
            #expect(joined["participantCount"].int == 1 && joined["full"].bool == true)
            let full = try await app.send(.POST, "/api/v1/events/\(id)/participation", headers: ana.auth)
            #expect(full.status == .conflict && errorCode(full) == "event.full")

            let asOrganiser = try JSONBody(try await app.send(.GET, "/api/v1/events/\(id)", headers: marie.auth))
            #expect(asOrganiser["participants"].array.map { $0["displayName"].string } == ["Paul B."])
            let asOther = try await app.send(.GET, "/api/v1/events/\(id)", headers: ana.auth)
            let other = try JSONBody(asOther)
            #expect(other["participants"].isNull && other["participantFirstNames"].array.map(\.string) == ["Paul"])
            #expect(other["full"].bool == true)
            #expect(!asOther.body.string.contains("Bernard"))

            let lower = try await app.send(.PATCH, "/api/v1/events/\(id)", json: ["capacity": 0], headers: marie.auth)
            #expect(errorCode(lower) == "validation.out_of_range")
            let left = try JSONBody(try await app.send(.DELETE, "/api/v1/events/\(id)/participation", headers: paul.auth))
            #expect(left["participantCount"].int == 0)
            #expect(try await app.send(.POST, "/api/v1/events/\(id)/participation", headers: ana.auth).status == .created)
        }
    }

    @Test func parallelJoinsNeverExceedCapacity() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            var members: [TestMember] = []
            for name in ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"] { members.append(try await app.member("Membre", name)) }
            let id = try #require(try await app.createEvent(by: marie, extra: ["capacity": 3])["id"].string)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for member in members {
                    group.addTask { try await app.send(.POST, "/api/v1/events/\(id)/participation", headers: member.auth).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 3)
            #expect(statuses.filter { $0 == .conflict }.count == 3)
            let stored = try #require(try await Outing.find(UUID(uuidString: id), on: app.db))
            #expect(stored.participantCount == 3)
            #expect(try await Membership.query(on: app.db).filter(\.$subjectID == stored.requireID()).filter(\.$role == "member").count() == 3)
        }
    }

    @Test func womenOnlyAndGoalReservedEventsAreInvisibleToOthers() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie", gender: "woman")
            let paul = try await app.member("Paul", gender: "man")
            let ana = try await app.member("Ana", goal: "ask_for_help", gender: "woman")
            let refused = try await app.send(.POST, "/api/v1/events", json: ["title": "Entre femmes", "womenOnly": true], headers: paul.auth)
            #expect(errorCode(refused) == "event.women_only_organiser")
            let womenOnly = try #require(try await app.createEvent(by: marie, title: "Entre femmes", extra: ["womenOnly": true])["id"].string)
            let reserved = try #require(try await app.createEvent(by: marie, title: "Pour les voisins", extra: ["reservedGoal": "offer_help"])["id"].string)

            #expect(try await app.send(.GET, "/api/v1/events/\(womenOnly)", headers: paul.auth).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/events/\(womenOnly)/participation", headers: paul.auth).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/events/\(womenOnly)", headers: ana.auth).status == .ok)
            #expect(try await app.send(.GET, "/api/v1/events/\(reserved)", headers: ana.auth).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/events/\(reserved)", headers: paul.auth).status == .ok)

            let paulsList = try JSONBody(try await app.send(.GET, "/api/v1/events", headers: paul.auth))
            #expect(paulsList["items"].array.map { $0["title"].string } == ["Pour les voisins"])
            let anasList = try JSONBody(try await app.send(.GET, "/api/v1/events", headers: ana.auth))
            #expect(anasList["items"].array.map { $0["title"].string } == ["Entre femmes"])
        }
    }

    @Test func onlineEventsNeedALinkAndPlacesNeedAName() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let start = Date().addingTimeInterval(86_400)
            let base: [String: Any] = ["title": "Atelier", "startsAt": iso(start), "endsAt": iso(start.addingTimeInterval(3600))]
            let noLink = try await app.send(.POST, "/api/v1/events", json: base.merging(["online": true]) { $1 }, headers: marie.auth)
            let noLinkError = try noLink.content.decode(ErrorEnvelope.self).error
            #expect(noLinkError.code == "validation.required" && noLinkError.field == "onlineUrl")
            let script = try await app.send(.POST, "/api/v1/events", json: base.merging(["online": true, "onlineUrl": "javascript:alert(1)"]) { $1 }, headers: marie.auth)
            #expect(errorCode(script) == "validation.url_invalid")
            let noPlace = try await app.send(.POST, "/api/v1/events", json: base, headers: marie.auth)
            #expect(errorCode(noPlace) == "validation.required")
            let backwards = try await app.send(.POST, "/api/v1/events", json: base.merging(["online": true, "onlineUrl": "https://visio.example.org/a", "endsAt": iso(start.addingTimeInterval(-60))]) { $1 }, headers: marie.auth)
            #expect(errorCode(backwards) == "event.ends_before_start")
            let online = try await app.send(.POST, "/api/v1/events", json: base.merging(["online": true, "onlineUrl": "https://visio.example.org/a"]) { $1 }, headers: marie.auth)
            #expect(online.status == .created)
        }
    }

    @Test func cancellingTellsParticipantsAndRemindersAreWrittenOnce() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul")
            let tomorrow = try #require(try await app.createEvent(by: marie, title: "Pique-nique", startsIn: 20 * 3600)["id"].string)
            let later = try #require(try await app.createEvent(by: marie, title: "Foot au parc", startsIn: 5 * 86_400,
                                                               extra: ["sportActivity": "football", "partnerClub": "FC Belleville"])["id"].string)
            for id in [tomorrow, later] { _ = try await app.send(.POST, "/api/v1/events/\(id)/participation", headers: paul.auth) }

            try await Housekeeping.run(on: app.db, live: app.live)
            try await Housekeeping.run(on: app.db, live: app.live)
            let reminders = try await MemberNotification.query(on: app.db).filter(\.$kind == "event_reminder").all()
            // The participant and the organiser, once each however often the job runs.
            #expect(Set(reminders.map(\.$user.id)) == [paul.id, marie.id] && reminders.count == 2)

            let cancelled = try JSONBody(try await app.send(.POST, "/api/v1/events/\(later)/cancel", json: [String: String](), headers: marie.auth))
            #expect(cancelled["status"].string == "cancelled" && cancelled["sportActivity"].string == "football")
            _ = try await app.send(.PATCH, "/api/v1/me", json: ["language": "en"], headers: paul.auth)
            let english = try JSONBody(try await app.send(.GET, "/api/v1/notifications", headers: paul.auth))
            #expect(english["items"].array.contains { $0["kind"].string == "event_cancelled" && $0["text"].string == "“Foot au parc” is cancelled." })
            let join = try await app.send(.POST, "/api/v1/events/\(later)/participation", headers: marie.auth)
            #expect(join.status == .conflict || join.status == .unprocessableEntity)
        }
    }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import EntraideCore
@testable import EntraideServer

@Suite struct ActionTests {
    @Test func anActionIsStoredBlurredAndShownByCityAndPostalCode() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie", "Dupont")
            let action = try await app.createAction(by: marie)
            let shown = GeoPoint(lat: try #require(action["location"]["lat"].double), lon: try #require(action["location"]["lon"].double))
            let distance = shown.distance(to: GeoPoint(lat: republique.lat, lon: republique.lon))
            #expect(distance >= 149 && distance <= 501, "shown \(distance) m from the true point")
            #expect(action["place"].string == "Paris (75011)")
            #expect(action["author"]["displayName"].string == "Marie D.")
            // Nothing stored is closer than 150 m either: the true point is never kept.
            let stored = try #require(try await HelpAction.query(on: app.db).first())
            #expect(stored.point.distance(to: GeoPoint(lat: republique.lat, lon: republique.lon)) >= 149)

            let paul = try await app.member("Paul", "Bernard")
            let seen = try JSONBody(try await app.send(.GET, "/api/v1/actions/\(action["id"].string!)", headers: paul.auth))
            #expect(seen["location"]["lat"].double == shown.lat && seen["location"]["lon"].double == shown.lon)
            #expect(seen["mine"].bool == false && seen["moderation"].isNull && seen["outcome"].isNull)
        }
    }

    @Test func wrongInputsGetStableCodes() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let cases: [([String: Any], String, String?)] = [
                (["kind": "beg", "category": "food", "title": "Un repas", "location": ["lat": 48.8, "lon": 2.3]], "validation.choice_invalid", "kind"),
                (["kind": "request", "category": "food", "title": "Un", "location": ["lat": 48.8, "lon": 2.3]], "validation.too_short", "title"),
                (["kind": "request", "category": "food", "title": "Un repas", "location": ["lat": 148.8, "lon": 2.3]], "validation.location_invalid", "location"),
                (["kind": "request", "category": "food", "title": "Un repas"], "validation.required", "location"),
            ]
            for (body, code, field) in cases {
                let res = try await app.send(.POST, "/api/v1/actions", json: body, headers: marie.auth)
                let error = try res.content.decode(ErrorEnvelope.self).error
                #expect(res.status == .unprocessableEntity && error.code == code && error.field == field, "\(body)")
            }
            let french = try await app.send(.POST, "/api/v1/actions", json: ["kind": "request"], headers: ["Authorization": "Bearer \(marie.token)", "Accept-Language": "en"])
            #expect(errorCode(french) == "validation.choice_invalid")
            #expect(try await HelpAction.query(on: app.db).count() == 0)
        }
    }

    @Test func onlyTheAuthorEditsAndClosesWithAnOutcome() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul")
            let id = try #require(try await app.createAction(by: marie)["id"].string)
            let foreign = try await app.send(.PATCH, "/api/v1/actions/\(id)", json: ["title": "Pris en main"], headers: paul.auth)
            #expect(foreign.status == .forbidden && errorCode(foreign) == "action.not_author")

            let edited = try JSONBody(try await app.send(.PATCH, "/api/v1/actions/\(id)", json: ["title": "Un sac de couchage chaud"], headers: marie.auth))
            #expect(edited["title"].string == "Un sac de couchage chaud")

            let missing = try await app.send(.POST, "/api/v1/actions/\(id)/close", json: ["message": "Merci"], headers: marie.auth)
            #expect(errorCode(missing) == "validation.required")
            let closed = try JSONBody(try await app.send(.POST, "/api/v1/actions/\(id)/close", json: ["helped": true, "message": "Paul m'a aidée"], headers: marie.auth))
            #expect(closed["status"].string == "closed")
            #expect(closed["outcome"]["helped"].bool == true && closed["outcome"]["closedBy"].string == "author")
            let stored = try #require(try await HelpAction.find(UUID(uuidString: id), on: app.db))
            #expect(stored.outcomeHelped == true && stored.outcomeMessage == "Paul m'a aidée")
            // Another member sees it closed, but not its outcome.
            let seen = try JSONBody(try await app.send(.GET, "/api/v1/actions/\(id)", headers: paul.auth))
            #expect(seen["status"].string == "closed" && seen["outcome"].isNull)
            let again = try await app.send(.POST, "/api/v1/actions/\(id)/close", json: ["helped": false], headers: marie.auth)
            #expect(again.status == .conflict && errorCode(again) == "action.closed")
        }
    }

    @Test func joiningOpensOneConversationWithTheAuthorAndTellsThem() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul")
            let id = try #require(try await app.createAction(by: marie)["id"].string)
            let own = try await app.send(.POST, "/api/v1/actions/\(id)/membership", headers: marie.auth)
            #expect(errorCode(own) == "action.own")

            let joined = try await app.send(.POST, "/api/v1/actions/\(id)/membership", headers: paul.auth)
            #expect(joined.status == .created)
            let body = try JSONBody(joined)
            #expect(body["action"]["helperCount"].int == 1 && body["action"]["helping"].bool == true)
            let conversationID = try #require(body["conversationID"].string)
            let twice = try JSONBody(try await app.send(.POST, "/api/v1/actions/\(id)/membership", headers: paul.auth))
            #expect(twice["conversationID"].string == conversationID && twice["action"]["helperCount"].int == 1)

            // Both are in the conversation; the author was notified in their language.
            let conversation = try JSONBody(try await app.send(.GET, "/api/v1/conversations/\(conversationID)", headers: marie.auth))
            #expect(conversation["participants"][0]["displayName"].string == "Paul M.")
            let notifications = try JSONBody(try await app.send(.GET, "/api/v1/notifications", headers: marie.auth))
            #expect(notifications["items"][0]["kind"].string == "new_member")
            #expect(notifications["items"][0]["text"].string == "Paul M. a rejoint « Besoin d'un sac de couchage ».")
            #expect(try await Membership.query(on: app.db).filter(\.$subjectType == "action").count() == 2)
        }
    }

    @Test func actionsWithoutActivityFor60DaysCloseThemselves() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let old = try #require(try await app.createAction(by: marie, title: "Ancienne demande")["id"].uuid)
            let fresh = try #require(try await app.createAction(by: marie, title: "Demande récente")["id"].uuid)
            try await HelpAction.query(on: app.db).filter(\.$id == old).set(\.$lastActivityAt, to: Date().addingTimeInterval(-61 * 86_400)).update()
            try await Housekeeping.run(on: app.db, live: app.live)
            let closed = try #require(try await HelpAction.find(old, on: app.db))
            #expect(closed.status == "closed" && closed.closedBy == "inactivity" && closed.outcomeHelped == nil)
            #expect(try await HelpAction.find(fresh, on: app.db)?.status == "open")
        }
    }

    @Test func listsFilterAndSyncChanges() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul")
            try await app.createAction(by: marie, title: "Des vêtements chauds", kind: "offer", category: "clothes")
            let request = try #require(try await app.createAction(by: paul, title: "Un repas chaud", category: "food")["id"].string)
            let offers = try JSONBody(try await app.send(.GET, "/api/v1/actions?kind=offer", headers: paul.auth))
            #expect(offers["items"].array.map { $0["title"].string } == ["Des vêtements chauds"])
            let mine = try JSONBody(try await app.send(.GET, "/api/v1/actions?mine=true", headers: paul.auth))
            #expect(mine["items"].array.map { $0["title"].string } == ["Un repas chaud"])

            let since = Date()
            try await Task.sleep(for: .milliseconds(20))
            _ = try await app.send(.POST, "/api/v1/actions/\(request)/close", json: ["helped": true], headers: paul.auth)
            let changed = try JSONBody(try await app.send(.GET, "/api/v1/actions?updatedSince=\(iso(since.addingTimeInterval(-0.5)).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", headers: marie.auth))
            #expect(changed["items"].array.contains { $0["id"].string == request && $0["status"].string == "closed" })
            let bad = try await app.send(.GET, "/api/v1/actions?updatedSince=yesterday", headers: marie.auth)
            #expect(bad.status == .badRequest && errorCode(bad) == "sync.invalid_updated_since")
        }
    }
}

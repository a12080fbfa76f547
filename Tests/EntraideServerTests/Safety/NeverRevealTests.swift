import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer
import EntraideCore

/// The rules that never bend, checked on every route at once: an ordinary member walks every
/// GET endpoint of the API and every page, and no answer contains another member's family
/// name, e-mail or phone, or a point closer than 150 m to where a help request really is.
@Suite struct NeverRevealTests {
    /// Where Ahmad really is when he asks for help.
    static let truePoint = GeoPoint(lat: 48.8530, lon: 2.3690)

    @Test func noRouteRevealsAFamilyNameAContactOrATruePoint() async throws {
        try await withEntraide { app in
            let ahmad = try await app.signUp(firstName: "Ahmad", lastName: "Rahimi", goal: "ask_for_help", email: "ahmad.rahimi@example.org")
            _ = try await app.send(.PATCH, "/api/v1/me", json: ["city": "Paris", "postalCode": "75011", "about": "J'aime le foot"], headers: ahmad.auth)
            // Sophie signs up by phone and writes in a group: her number must never show.
            let signup = try await app.send(.POST, "/api/v1/auth/signup", json: ["firstName": "Sophie", "lastName": "Lefebvre", "goal": "offer_help", "phone": "0698765432"])
            #expect(signup.status == .accepted)
            let code = try await app.lastCode(sentTo: "+33698765432")
            let login = try JSONBody(try await app.send(.POST, "/api/v1/auth/sms-login", json: ["phone": "0698765432", "code": code]))
            let sophie: HTTPHeaders = ["Authorization": "Bearer \(try #require(login["token"].string))"]
            let marie = try await app.member("Marie", "Martin")

            let action = try await app.createAction(by: ahmad, title: "Besoin d'une couverture", lat: Self.truePoint.lat, lon: Self.truePoint.lon)
            let actionID = try #require(action["id"].string)
            let eventID = try #require(try await app.createEvent(by: ahmad, title: "Foot du dimanche")["id"].string)
            let groupID = try #require(try await app.createGroup(by: ahmad, name: "Voisins du 11e")["id"].string)
            let post = try JSONBody(try await app.send(.POST, "/api/v1/groups/\(groupID)/posts", json: ["body": "Bonjour à tous"], headers: ahmad.auth))
            let postID = try #require(post["id"].string)
            _ = try await app.send(.POST, "/api/v1/posts/\(postID)/comments", json: ["body": "Bienvenue"], headers: ahmad.auth)
            _ = try await app.send(.POST, "/api/v1/groups/\(groupID)/membership", json: [String: String](), headers: sophie)
            _ = try await app.send(.POST, "/api/v1/posts/\(postID)/comments", json: ["body": "Bonjour de Sophie"], headers: sophie)
            _ = try await app.send(.POST, "/api/v1/groups/\(groupID)/membership", json: [String: String](), headers: marie.auth)
            _ = try await app.send(.POST, "/api/v1/events/\(eventID)/participation", json: [String: String](), headers: marie.auth)
            let joined = try JSONBody(try await app.send(.POST, "/api/v1/actions/\(actionID)/membership", json: [String: String](), headers: marie.auth))
            let conversationID = try #require(joined["conversationID"].string)
            _ = try await app.send(.POST, "/api/v1/conversations/\(conversationID)/messages", json: ["body": "Merci Marie"], headers: ahmad.auth)

            // Women-only spaces are invisible to other members, in every list and search.
            let fatou = try await app.member("Fatou", "Diallo", gender: "woman")
            let womenEvent = try #require(try await app.createEvent(by: fatou, title: "Cercle des femmes", extra: ["womenOnly": true])["id"].string)
            _ = try await app.createGroup(by: fatou, name: "Entre femmes du 11e", extra: ["womenOnly": true])

            let values = ["actionID": actionID, "eventID": eventID, "groupID": groupID, "postID": postID, "conversationID": conversationID,
                          "userID": ahmad.id.uuidString]
            let query = "?lat=\(republique.lat)&lon=\(republique.lon)"
            let web = try await WebClient.signedIn(app, firstName: "Léa")
            var walked = 0, shown = 0, points = 0
            for route in app.routes.all where route.method == .GET {
                guard let path = Self.path(route.path, values) else { continue }
                if path == "/live" || path == "/api/v1/live" || path.hasPrefix("/static/") { continue }
                let res = path.hasPrefix("/api/") ? try await app.send(.GET, path + query, headers: marie.auth) : try await web.get(path + query)
                #expect(res.status != .internalServerError, "\(path) answered 500")
                Self.expectNothingRevealed(res.body.string, on: path)
                #expect(!res.body.string.contains("Cercle des femmes") && !res.body.string.contains("Entre femmes du 11e"), "\(path) shows a women-only space")
                walked += 1
                if res.body.string.contains("Ahmad R.") { shown += 1 }
                points += Self.points(in: res.body.string).count
            }
            #expect(try await app.send(.GET, "/api/v1/events/\(womenEvent)", headers: marie.auth).status == .notFound)
            #expect(try await web.get("/events/\(womenEvent)").status == .notFound)
            // The walk really saw Ahmad's content, and points to check.
            #expect(walked > 30 && shown > 5 && points > 3, "walked \(walked) routes, Ahmad shown on \(shown), \(points) points")
        }
    }

    /// The route's path with its parameters filled in; nil for catch-alls.
    static func path(_ components: [PathComponent], _ values: [String: String]) -> String? {
        var parts: [String] = []
        for component in components {
            switch component {
            case .constant(let text): parts.append(text)
            case .parameter(let name): parts.append(values[name] ?? UUID().uuidString)
            case .anything, .catchall: return nil
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    static func expectNothingRevealed(_ body: String, on path: String) {
        for secret in ["Rahimi", "RAHIMI", "ahmad.rahimi@example.org", "Lefebvre", "698765432", "98 76 54 32", "Diallo"] {
            #expect(!body.contains(secret), "\(path) reveals \(secret)")
        }
        for point in points(in: body) {
            let metres = point.distance(to: truePoint)
            #expect(metres >= 150, "\(path) shows a point \(Int(metres)) m from the true one")
        }
    }

    /// Every (lat, lon) a body could hold: any two numbers in a row that look like French
    /// coordinates, in JSON or in a page.
    static func points(in body: String) -> [GeoPoint] {
        var found: [GeoPoint] = []
        let numbers = body.matches(of: /-?\d{1,3}\.\d{3,}/).compactMap { Double(body[$0.range]) }
        // JSON keys come in any order: a pair may be (lat, lon) or (lon, lat).
        for (first, second) in zip(numbers, numbers.dropFirst()) {
            if (41...52).contains(first) && (-6...10).contains(second) { found.append(GeoPoint(lat: first, lon: second)) }
            if (-6...10).contains(first) && (41...52).contains(second) { found.append(GeoPoint(lat: second, lon: first)) }
        }
        return found
    }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import SQLKit
@testable import EntraideServer
import EntraideCore

/// Public texts that could locate someone, or hit a word list, wait for a moderator.
@Suite struct ScreeningTests {
    @Test func aTextThatLocatesSomeoneIsHeldAndItsAuthorToldWhy() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul")
            let moderator = try await app.staff("Inès", .moderator)
            let res = try await app.send(.POST, "/api/v1/actions", json: [
                "kind": "request", "category": "equipment", "title": "Un duvet pour Jean",
                "description": "Il dort devant le Monoprix du 12 rue Oberkampf, appelez-moi au 06 12 34 56 78",
                "location": ["lat": republique.lat, "lon": republique.lon],
            ], headers: marie.auth)
            #expect(res.status == .created)
            let action = try JSONBody(res)
            let id = try #require(action["id"].string)
            #expect(action["moderation"].string == "held")
            let codes = Set(action["heldReasons"].array.compactMap { $0["code"].string })
            #expect(codes.contains("safety.held.phone") && codes.contains("safety.held.address"), "\(codes)")
            let message = action["heldReasons"].array.first { $0["code"].string == "safety.held.phone" }?["message"].string
            #expect(message?.contains("numéro de téléphone") == true)

            // Nobody else sees it, in any list.
            #expect(try await app.send(.GET, "/api/v1/actions/\(id)", headers: paul.auth).status == .notFound)
            let feed = try JSONBody(try await app.send(.GET, "/api/v1/feed?lat=\(republique.lat)&lon=\(republique.lon)", headers: paul.auth))
            #expect(!feed["items"].array.contains { $0["id"].string == id })
            let list = try JSONBody(try await app.send(.GET, "/api/v1/actions", headers: paul.auth))
            #expect(!list["items"].array.contains { $0["id"].string == id })

            // It waits in the queue, with its reasons.
            let cases = try await app.queue(moderator)
            let held = try #require(cases.first { $0["subjectID"].string == id })
            #expect(held["source"].string == "held" && held["zone"].string == "75")
            #expect(held["member"]["displayName"].string == "Marie M.")

            // The author edits the problem away: published at once, the case closes.
            let edited = try await app.send(.PATCH, "/api/v1/actions/\(id)", json: ["description": "Il a besoin d'un duvet chaud, quartier République."],
                                            headers: marie.auth)
            let editedBody = try JSONBody(edited)
            #expect(edited.status == .ok && editedBody["moderation"].string == "visible", "\(edited.body.string)")
            #expect(try await app.send(.GET, "/api/v1/actions/\(id)", headers: paul.auth).status == .ok)
            let after = try await app.queue(moderator)
            #expect(!after.contains { $0["subjectID"].string == id })
        }
    }

    @Test func aProfileTextIsScreenedToo() async throws {
        try await withEntraide { app in
            let paul = try await app.member("Paul")
            let marie = try await app.member("Marie")
            let moderator = try await app.staff("Inès", .moderator)
            let patched = try await app.send(.PATCH, "/api/v1/me", json: ["about": "Écrivez-moi sur paul.martin@example.org"], headers: paul.auth)
            #expect(patched.status == .ok)
            let hidden = try JSONBody(try await app.send(.GET, "/api/v1/users/\(paul.id)", headers: marie.auth))
            #expect(hidden["about"].isNull)
            let held = try #require(try await app.queue(moderator, "?subjectType=member").first)
            #expect(held["excerpt"].string == "Écrivez-moi sur paul.martin@example.org")
            let caseID = try #require(held["id"].string)
            let decided = try await app.send(.POST, "/api/v1/moderation/cases/\(caseID)/decision", json: ["action": "hide", "reason": "Pas d'adresse e-mail en public"], headers: moderator.auth)
            #expect(decided.status == .ok)
            // A clean text is public at once.
            _ = try await app.send(.PATCH, "/api/v1/me", json: ["about": "J'aime le jardinage"], headers: paul.auth)
            let shown = try JSONBody(try await app.send(.GET, "/api/v1/users/\(paul.id)", headers: marie.auth))
            #expect(shown["about"].string == "J'aime le jardinage")
        }
    }

    @Test func everyPublicTextIsScreened() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let event = try await app.createEvent(by: marie, title: "Apéro", extra: ["description": "Écrivez-moi : marie.dupont@example.org"])
            #expect(event["moderation"].string == "held")
            let group = try await app.createGroup(by: marie, name: "Voisins", extra: ["charter": "Pas d'insultes, connard."])
            #expect(group["heldReasons"].array.contains { $0["code"].string == "safety.held.word.insult" }, "\(group.value)")
            let open = try await app.createGroup(by: marie, name: "Jardin partagé")
            let groupID = try #require(open["id"].string)
            let post = try JSONBody(try await app.send(.POST, "/api/v1/groups/\(groupID)/posts", json: ["body": "Mon numéro : +33 6 12 34 56 78"], headers: marie.auth))
            #expect(post["heldReasons"].array.contains { $0["code"].string == "safety.held.phone" }, "\(post.value)")
            let clean = try JSONBody(try await app.send(.POST, "/api/v1/groups/\(groupID)/posts", json: ["body": "Qui vient arroser samedi ?"], headers: marie.auth))
            let postID = try #require(clean["id"].string)
            let comment = try JSONBody(try await app.send(.POST, "/api/v1/posts/\(postID)/comments", json: ["body": "Elle dort sous le pont de Bercy"], headers: marie.auth))
            #expect(comment["heldReasons"].array.contains { $0["code"].string == "safety.held.place_hint" }, "\(comment.value)")
            // Ordinary texts are published at once.
            #expect(clean["heldReasons"].isNull)
            let action = try await app.createAction(by: marie, title: "Trois couvertures et 2 sacs pour le 18")
            #expect(action["moderation"].string == "visible")
        }
    }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

@Suite struct GroupTests {
    @Test func aPrivateGroupIsReadOnlyByItsAcceptedMembers() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul", "Bernard")
            let group = try await app.createGroup(by: marie, name: "Jardin partagé", visibility: "private")
            let id = try #require(group["id"].string)
            let post = try JSONBody(try await app.send(.POST, "/api/v1/groups/\(id)/posts", json: ["body": "Rendez-vous samedi au jardin"], headers: marie.auth))
            let postID = try #require(post["id"].string)

            // Paul may see the card to ask to join, not the content, whatever id he guesses.
            let card = try JSONBody(try await app.send(.GET, "/api/v1/groups/\(id)", headers: paul.auth))
            #expect(card["name"].string == "Jardin partagé" && card["welcomeMessage"].isNull && card["charter"].isNull)
            #expect(try await app.send(.GET, "/api/v1/groups/\(id)/posts", headers: paul.auth).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/posts/\(postID)", headers: paul.auth).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/posts/\(postID)/comments", json: ["body": "Moi aussi"], headers: paul.auth).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/groups/\(id)/members", headers: paul.auth).status == .forbidden)

            let asked = try await app.send(.POST, "/api/v1/groups/\(id)/membership", headers: paul.auth)
            let askedBody = try JSONBody(asked)
            #expect(asked.status == .accepted && askedBody["status"].string == "pending")
            #expect(try await app.send(.GET, "/api/v1/groups/\(id)/posts", headers: paul.auth).status == .notFound)
            let request = try JSONBody(try await app.send(.GET, "/api/v1/notifications", headers: marie.auth))
            #expect(request["items"][0]["kind"].string == "join_request")

            #expect(try await app.send(.POST, "/api/v1/groups/\(id)/members/\(paul.id)/accept", headers: paul.auth).status == .forbidden)
            #expect(try await app.send(.POST, "/api/v1/groups/\(id)/members/\(paul.id)/accept", headers: marie.auth).status == .noContent)
            let posts = try JSONBody(try await app.send(.GET, "/api/v1/groups/\(id)/posts", headers: paul.auth))
            #expect(posts["items"].array.map { $0["body"].string } == ["Rendez-vous samedi au jardin"])
            let members = try await app.send(.GET, "/api/v1/groups/\(id)/members", headers: paul.auth)
            #expect((try JSONBody(members)).array.count == 2)
            #expect(!members.body.string.contains("Bernard") && !members.body.string.contains("Martin\""))
            #expect((try JSONBody(try await app.send(.GET, "/api/v1/groups/\(id)", headers: paul.auth)))["memberCount"].int == 2)
        }
    }

    @Test func postsCarryCommentsReactionsAndPolls() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul")
            let id = try #require(try await app.createGroup(by: marie)["id"].string)
            let outsider = try await app.send(.POST, "/api/v1/groups/\(id)/posts", json: ["body": "Bonjour"], headers: paul.auth)
            #expect(outsider.status == .forbidden && errorCode(outsider) == "group.members_only")
            #expect(try await app.send(.POST, "/api/v1/groups/\(id)/membership", headers: paul.auth).status == .created)

            let badPoll = try await app.send(.POST, "/api/v1/groups/\(id)/posts", json: ["body": "Quel jour ?", "poll": ["Samedi"]], headers: marie.auth)
            #expect(errorCode(badPoll) == "validation.poll_options")
            let post = try JSONBody(try await app.send(.POST, "/api/v1/groups/\(id)/posts", json: ["body": "Quel jour ?", "poll": ["Samedi", "Dimanche"]], headers: marie.auth))
            let postID = try #require(post["id"].string)

            #expect(try await app.send(.POST, "/api/v1/posts/\(postID)/comments", json: ["body": "Samedi pour moi"], headers: paul.auth).status == .created)
            _ = try await app.send(.POST, "/api/v1/posts/\(postID)/reactions", json: ["kind": "thanks"], headers: paul.auth)
            _ = try await app.send(.POST, "/api/v1/posts/\(postID)/reactions", json: ["kind": "thanks"], headers: paul.auth)
            _ = try await app.send(.POST, "/api/v1/posts/\(postID)/votes", json: ["option": 1], headers: paul.auth)
            let changed = try JSONBody(try await app.send(.POST, "/api/v1/posts/\(postID)/votes", json: ["option": 0], headers: paul.auth))
            #expect(changed["poll"]["options"][0]["votes"].int == 1 && changed["poll"]["options"][1]["votes"].int == 0)
            #expect(changed["poll"]["myVote"].int == 0)
            #expect(changed["reactions"]["thanks"].int == 1 && changed["myReactions"].array.map(\.string) == ["thanks"])
            #expect(changed["commentCount"].int == 1 && changed["comments"][0]["author"]["displayName"].string == "Paul M.")
            let outOfRange = try await app.send(.POST, "/api/v1/posts/\(postID)/votes", json: ["option": 5], headers: paul.auth)
            #expect(errorCode(outOfRange) == "validation.out_of_range")
            let unreacted = try JSONBody(try await app.send(.DELETE, "/api/v1/posts/\(postID)/reactions/thanks", headers: paul.auth))
            #expect(unreacted["reactions"]["thanks"].isNull)

            let leave = try await app.send(.DELETE, "/api/v1/groups/\(id)/membership", headers: marie.auth)
            #expect(errorCode(leave) == "group.last_organiser")
        }
    }

    @Test func womenOnlyGroupsAreInvisibleToOthers() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie", gender: "woman")
            let paul = try await app.member("Paul")
            let id = try #require(try await app.createGroup(by: marie, name: "Entre voisines", extra: ["womenOnly": true])["id"].string)
            try await app.createGroup(by: marie, name: "Voisins du 11e")
            #expect(try await app.send(.GET, "/api/v1/groups/\(id)", headers: paul.auth).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/groups/\(id)/membership", headers: paul.auth).status == .notFound)
            let near = try JSONBody(try await app.send(.GET, "/api/v1/groups?lat=\(republique.lat)&lon=\(republique.lon)", headers: paul.auth))
            #expect(near["items"].array.map { $0["name"].string } == ["Voisins du 11e"])
            #expect(near["items"][0]["distanceKm"].double.map { $0 <= 0.6 } == true)
        }
    }
}

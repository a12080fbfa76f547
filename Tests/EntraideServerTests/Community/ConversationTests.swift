import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

@Suite struct ConversationTests {
    @Test func oneConversationPerPairReadOnlyByItsParticipants() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul")
            let eve = try await app.member("Eve")
            let first = try await app.send(.POST, "/api/v1/conversations", json: ["participantIDs": [paul.id.uuidString]], headers: marie.auth)
            #expect(first.status == .created)
            let id = try #require(try JSONBody(first)["id"].string)
            let again = try await app.send(.POST, "/api/v1/conversations", json: ["participantIDs": [marie.id.uuidString]], headers: paul.auth)
            let againBody = try JSONBody(again)
            #expect(again.status == .ok && againBody["id"].string == id)

            #expect(try await app.send(.GET, "/api/v1/conversations/\(id)", headers: eve.auth).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/conversations/\(id)/messages", headers: eve.auth).status == .notFound)
            let intrusion = try await app.send(.POST, "/api/v1/conversations/\(id)/messages", json: ["body": "Coucou"], headers: eve.auth)
            #expect(intrusion.status == .notFound && errorCode(intrusion) == "conversation.not_found")
            #expect(try await Message.query(on: app.db).count() == 0)
            let unknown = try await app.send(.POST, "/api/v1/conversations", json: ["participantIDs": [UUID().uuidString]], headers: marie.auth)
            #expect(errorCode(unknown) == "conversation.unknown_member")
        }
    }

    @Test func unreadCountsFollowReadMarkers() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul")
            let id = try #require(try JSONBody(try await app.send(.POST, "/api/v1/conversations", json: ["participantIDs": [paul.id.uuidString]], headers: marie.auth))["id"].string)
            for text in ["Bonjour Paul", "Tu es libre samedi ?"] {
                let sent = try await app.send(.POST, "/api/v1/conversations/\(id)/messages", json: ["body": text], headers: marie.auth)
                #expect(sent.status == .created)
            }
            let paulsList = try JSONBody(try await app.send(.GET, "/api/v1/conversations", headers: paul.auth))
            #expect(paulsList["items"][0]["unreadCount"].int == 2)
            #expect(paulsList["items"][0]["lastMessage"]["body"].string == "Tu es libre samedi ?")
            #expect(paulsList["items"][0]["participants"][0]["displayName"].string == "Marie M.")
            let mariesList = try JSONBody(try await app.send(.GET, "/api/v1/conversations", headers: marie.auth))
            #expect(mariesList["items"][0]["unreadCount"].int == 0)

            #expect(try await app.send(.POST, "/api/v1/conversations/\(id)/read", headers: paul.auth).status == .noContent)
            let read = try JSONBody(try await app.send(.GET, "/api/v1/conversations/\(id)", headers: paul.auth))
            #expect(read["unreadCount"].int == 0)
            let messages = try JSONBody(try await app.send(.GET, "/api/v1/conversations/\(id)/messages?limit=1", headers: paul.auth))
            #expect(messages["items"].array.map { $0["body"].string } == ["Tu es libre samedi ?"])
            let older = try JSONBody(try await app.send(.GET, "/api/v1/conversations/\(id)/messages?limit=1&cursor=\(try #require(messages["nextCursor"].string))", headers: paul.auth))
            #expect(older["items"].array.map { $0["body"].string } == ["Bonjour Paul"] && older["nextCursor"].isNull, "\(older.value)")
            let notifications = try JSONBody(try await app.send(.GET, "/api/v1/notifications?unread=true", headers: paul.auth))
            #expect(notifications["items"].array.filter { $0["kind"].string == "message" }.count == 2)
        }
    }

    @Test func aBlockedMemberCannotWriteAndDisappears() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul")
            let id = try #require(try JSONBody(try await app.send(.POST, "/api/v1/conversations", json: ["participantIDs": [marie.id.uuidString]], headers: paul.auth))["id"].string)
            let action = try #require(try await app.createAction(by: paul, title: "Une écharpe à donner", kind: "offer", category: "clothes")["id"].string)
            #expect(try await app.send(.POST, "/api/v1/blocks", json: ["userID": paul.id.uuidString], headers: marie.auth).status == .created)
            let blocked = try await app.send(.POST, "/api/v1/conversations/\(id)/messages", json: ["body": "Tu es là ?"], headers: paul.auth)
            #expect(blocked.status == .forbidden && errorCode(blocked) == "conversation.blocked")
            let newOne = try await app.send(.POST, "/api/v1/conversations", json: ["participantIDs": [marie.id.uuidString, UUID().uuidString]], headers: paul.auth)
            #expect(newOne.status == .unprocessableEntity)
            #expect(try await app.send(.GET, "/api/v1/actions/\(action)", headers: marie.auth).status == .notFound)
            let list = try JSONBody(try await app.send(.GET, "/api/v1/actions", headers: marie.auth))
            #expect(list["items"].array.isEmpty)
            let blocks = try JSONBody(try await app.send(.GET, "/api/v1/blocks", headers: marie.auth))
            #expect(blocks[0]["member"]["displayName"].string == "Paul M.")
            #expect(try await app.send(.DELETE, "/api/v1/blocks/\(paul.id)", headers: marie.auth).status == .noContent)
            #expect(try await app.send(.POST, "/api/v1/conversations/\(id)/messages", json: ["body": "Tu es là ?"], headers: paul.auth).status == .created)
        }
    }
}

@Suite struct IdempotencyTests {
    @Test func aReplayedCreateReturnsTheFirstAnswerAndCreatesNothing() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let first = try await app.createAction(by: marie, headers: ["Idempotency-Key": "offline-42"])
            let replay = try await app.send(.POST, "/api/v1/actions", json: [
                "kind": "request", "category": "equipment", "title": "Besoin d'un sac de couchage", "description": "Pour cette nuit",
                "location": ["lat": republique.lat, "lon": republique.lon],
            ], headers: ["Authorization": "Bearer \(marie.token)", "Idempotency-Key": "offline-42"])
            #expect(replay.status == .created && replay.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try JSONBody(replay)["id"].string == first["id"].string)
            #expect(try await HelpAction.query(on: app.db).count() == 1)

            let otherBody = try await app.send(.POST, "/api/v1/actions", json: ["kind": "offer"], headers: ["Authorization": "Bearer \(marie.token)", "Idempotency-Key": "offline-42"])
            #expect(otherBody.status == .unprocessableEntity && errorCode(otherBody) == "idempotency.key_reused")
            // Keys are per member: another member's identical key is theirs alone.
            let paul = try await app.member("Paul")
            try await app.createAction(by: paul, headers: ["Idempotency-Key": "offline-42"])
            #expect(try await HelpAction.query(on: app.db).count() == 2)
        }
    }

    @Test func aFailedRequestReleasesItsKey() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul")
            let conversation = try #require(try JSONBody(try await app.send(.POST, "/api/v1/conversations", json: ["participantIDs": [paul.id.uuidString]], headers: marie.auth))["id"].string)
            let headers: HTTPHeaders = ["Authorization": "Bearer \(marie.token)", "Idempotency-Key": "msg-1"]
            let empty = try await app.send(.POST, "/api/v1/conversations/\(conversation)/messages", json: ["body": ""], headers: headers)
            #expect(empty.status == .unprocessableEntity)
            #expect(try await IdempotencyKey.query(on: app.db).count() == 0)
            let sent = try await app.send(.POST, "/api/v1/conversations/\(conversation)/messages", json: ["body": ""], headers: headers)
            #expect(sent.status == .unprocessableEntity)
            for _ in 0..<3 {
                let res = try await app.send(.POST, "/api/v1/conversations/\(conversation)/messages", json: ["body": "Bonjour"], headers: headers)
                #expect(res.status == .created)
            }
            #expect(try await Message.query(on: app.db).count() == 1)
            let badKey = try await app.send(.POST, "/api/v1/conversations/\(conversation)/messages", json: ["body": "Bonjour"],
                                            headers: ["Authorization": "Bearer \(marie.token)", "Idempotency-Key": String(repeating: "k", count: 201)])
            #expect(errorCode(badKey) == "idempotency.invalid_key")
        }
    }
}

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

    /// Over a real connection a body longer than one read arrives as a stream (in memory it
    /// is always whole): the key's fingerprint must leave the body readable for the route,
    /// and the route's size limit must still apply.
    @Test func aBodyReadInSeveralPartsIsAnsweredAndReplayed() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            do {
                try await postLongBodies(app, as: marie)
            } catch {
                await app.server.shutdown()
                throw error
            }
            await app.server.shutdown()
        }
    }

    private func postLongBodies(_ app: Application, as member: TestMember) async throws {
        let port = try #require(app.http.server.shared.localAddress?.port)
        func post(_ json: Any, key: String) async throws -> ClientResponse {
            var headers = member.auth
            headers.contentType = .json
            headers.add(name: "Idempotency-Key", value: key)
            let body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
            // Generous: the whole suite runs in parallel on two cores; a body that is never
            // read still fails the test, it just takes this long.
            let request = ClientRequest(method: .POST, url: URI(string: "http://127.0.0.1:\(port)/api/v1/actions"),
                                        headers: headers, body: body, timeout: .seconds(120))
            return try await app.client.send(request).get()
        }
        func id(_ res: ClientResponse) -> String? {
            res.body.flatMap { try? JSONSerialization.jsonObject(with: Data($0.readableBytesView)) as? [String: Any] }?["id"] as? String
        }

        let action: [String: Any] = [
            "kind": "offer", "category": "food", "title": "Soupe chaude ce soir",
            "description": String(repeating: "é", count: 2_000),  // 4 000 bytes: several reads
            "location": ["lat": republique.lat, "lon": republique.lon],
        ]
        let first = try await post(action, key: "long-body-1")
        #expect(first.status == .created, "first: \(first.status) \(first.body.map { String(buffer: $0) } ?? "")")
        let replay = try await post(action, key: "long-body-1")
        #expect(replay.status == .created && replay.headers.first(name: "Idempotent-Replayed") == "true")
        #expect(id(replay) != nil && id(replay) == id(first))
        #expect(try await HelpAction.query(on: app.db).count() == 1)

        let refused = try await post(["description": String(repeating: "x", count: 20_000)], key: "long-body-2")
        #expect(refused.status == .payloadTooLarge)
        #expect((try? refused.content.decode(ErrorEnvelope.self))?.error.code == "request.too_large")
    }
}

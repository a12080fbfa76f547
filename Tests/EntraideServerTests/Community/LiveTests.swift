import Foundation
import Testing
import Vapor
import VaporTesting
import NIOConcurrencyHelpers
@testable import EntraideServer

/// The text frames one socket received, to wait on from a test.
final class SocketInbox: Sendable {
    private let frames = NIOLockedValueBox<[String]>([])

    func append(_ text: String) { frames.withLockedValue { $0.append(text) } }

    /// Waits (up to five seconds) for a frame that satisfies `match`.
    func wait(for match: (String) -> Bool) async throws -> String? {
        for _ in 0..<100 {
            if let found = frames.withLockedValue({ $0.first(where: match) }) { return found }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }
}

@Suite struct LiveTests {
    @Test func aMessageReachesTheRecipientsOpenSocket() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul")
            let conversation = try #require(try JSONBody(try await app.send(.POST, "/api/v1/conversations", json: ["participantIDs": [marie.id.uuidString]], headers: paul.auth))["id"].string)
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            do {
                try await exchange(app, marie: marie, paul: paul, conversation: conversation)
            } catch {
                await app.server.shutdown()
                throw error
            }
            await app.server.shutdown()
        }
    }

    private func exchange(_ app: Application, marie: TestMember, paul: TestMember, conversation: String) async throws {
        do {
            let port = try #require(app.http.server.shared.localAddress?.port)

            let inbox = SocketInbox()
            let socketBox = NIOLockedValueBox<WebSocket?>(nil)
            try await WebSocket.connect(to: "ws://127.0.0.1:\(port)/api/v1/live", headers: marie.auth, on: app.eventLoopGroup) { socket in
                socketBox.withLockedValue { $0 = socket }
                socket.onText { _, text in inbox.append(text) }
            }
            // The upgrade callback may run just after `connect` returns.
            for _ in 0..<100 where socketBox.withLockedValue({ $0 }) == nil { try await Task.sleep(for: .milliseconds(50)) }
            let socket = try #require(socketBox.withLockedValue { $0 })
            // The pong proves the server registered this socket before the message is sent.
            try await socket.send("ping")
            #expect(try await inbox.wait { $0 == "pong" } != nil)

            let sent = try await app.send(.POST, "/api/v1/conversations/\(conversation)/messages", json: ["body": "Je passe à 18 h"], headers: paul.auth)
            #expect(sent.status == .created)
            let frame = try #require(try await inbox.wait { $0.contains("\"type\":\"message\"") })
            let event = JSONBody(value: try JSONSerialization.jsonObject(with: Data(frame.utf8)))
            #expect(event["message"]["body"].string == "Je passe à 18 h")
            #expect(event["message"]["author"]["displayName"].string == "Paul M.")
            #expect(event["message"]["conversationID"].string == conversation)

            // Joining Marie's action notifies her live, in her language.
            let action = try #require(try await app.createAction(by: marie)["id"].string)
            _ = try await app.send(.POST, "/api/v1/actions/\(action)/membership", headers: paul.auth)
            let notification = try #require(try await inbox.wait { $0.contains("\"type\":\"notification\"") })
            #expect(notification.contains("Paul M. a rejoint"))
            try await socket.close()
        }
    }

    @Test func theSocketNeedsAMemberAndAHandshake() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            #expect(try await app.send(.GET, "/api/v1/live").status == .unauthorized)
            let plain = try await app.send(.GET, "/api/v1/live", headers: marie.auth)
            #expect(plain.status.code == 426 && errorCode(plain) == "live.upgrade_required")
        }
    }

    @Test func bigEventsAreSplitForNotify() throws {
        let message = MessageDTO.sample(body: String(repeating: "é", count: 1_900))
        let many = LiveEnvelope(to: (0..<400).map { _ in UUID() }, event: LiveEvent(type: .message, message: message))
        let payloads = LiveBus.payloads(for: many)
        #expect(payloads.count > 1 && payloads.allSatisfy { $0.utf8.count <= LiveBus.payloadLimit })
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let recipients = try payloads.flatMap { try decoder.decode(LiveEnvelope.self, from: Data($0.utf8)).to }
        #expect(Set(recipients) == Set(many.to))

        let huge = LiveEnvelope(to: [UUID()], event: LiveEvent(type: .message, message: MessageDTO.sample(body: String(repeating: "😀", count: 2_000))))
        let hint = try decoder.decode(LiveEnvelope.self, from: Data(try #require(LiveBus.payloads(for: huge).first).utf8))
        #expect(hint.event.type == .sync && hint.event.conversationID == message.conversationID)
    }
}

extension MessageDTO {
    static func sample(body: String) -> MessageDTO {
        let user = User(firstName: "Marie", lastName: "Dupont", goal: .offerHelp, language: .fr)
        user.id = UUID(uuidString: "00000000-0000-0000-0000-000000000001")
        let message = Message()
        message.id = UUID()
        message.$conversation.id = UUID(uuidString: "00000000-0000-0000-0000-0000000000c0")!
        message.$author.id = user.id!
        message.body = body
        message.createdAt = Date()
        return try! MessageDTO(message, author: user, viewerID: nil)
    }
}

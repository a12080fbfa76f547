import Foundation
import Testing
import Vapor
import Fluent
@testable import EntraideServer
import EntraideCore

extension Application {
    /// A text received from `phone` (read as the pipeline reads any provider's), and the
    /// answers written to that number because of it, oldest first.
    @discardableResult
    func textIn(_ body: String, from phone: String, now: Date = Date()) async throws -> [String] {
        let before = Set(try await SMSMessage.query(on: db).filter(\.$toPhone == phone).all(\.$id))
        try await SMSInboundService(channel: SMSChannel(application: self))
            .handle(InboundSMS(from: phone, body: body, providerMessageID: nil), driver: "test", now: now)
        return try await SMSMessage.query(on: db).filter(\.$toPhone == phone).sort(\.$createdAt).all()
            .filter { !before.contains($0.id ?? UUID()) }.map(\.body)
    }

    /// A text as the channel writes it (shortened the same way).
    func smsText(_ key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        SMSSegments.fit(catalogue.text(key, language, arguments), maxSegments: SMSChannel.replySegments)
    }

    /// Someone who joined by SMS with a postal code; their account.
    func smsMember(_ firstName: String, phone: String, postalCode: String = "75011", greeting: String = "BONJOUR") async throws -> User {
        try await textIn("\(greeting) \(firstName) \(postalCode)", from: phone)
        return try #require(try await User.query(on: db).filter(\.$phone == phone).first())
    }

    func outbox(to phone: String) async throws -> [SMSMessage] {
        try await SMSMessage.query(on: db).filter(\.$toPhone == phone).sort(\.$createdAt).all()
    }

    /// Starts a conversation from an app member to another member and sends a message.
    @discardableResult
    func message(from member: TestMember, to userID: UUID, _ body: String) async throws -> UUID {
        let opened = try await send(.POST, "/api/v1/conversations", json: ["participantIDs": [userID.uuidString]], headers: member.auth)
        #expect(opened.status == .created || opened.status == .ok, "conversation: \(opened.body.string)")
        let id = try #require(try JSONBody(opened)["id"].uuid)
        let sent = try await send(.POST, "/api/v1/conversations/\(id)/messages", json: ["body": body], headers: member.auth)
        #expect(sent.status == .created, "message: \(sent.body.string)")
        return id
    }
}

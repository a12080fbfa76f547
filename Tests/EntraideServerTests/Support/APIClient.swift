import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

/// Small helpers that speak the API the way a client would.
struct TestMember {
    let id: UUID
    let token: String
    let email: String

    var auth: HTTPHeaders { ["Authorization": "Bearer \(token)"] }
}

struct ErrorEnvelope: Decodable {
    struct Detail: Decodable { let code: String; let message: String; let field: String? }
    let error: Detail
}

struct AuthResult: Decodable {
    let token: String
    let user: MeDTO
}

extension MeDTO: @unchecked Sendable {}

extension Application {
    @discardableResult
    func signUp(firstName: String = "Marie", lastName: String = "Dupont", goal: String = "offer_help",
                email: String = "marie.\(UUID().uuidString.prefix(8))@example.org", password: String = "correct horse",
                language: String = "fr") async throws -> TestMember {
        var member: TestMember?
        try await self.testing().test(.POST, "/api/v1/auth/signup", beforeRequest: { req in
            try req.content.encode(["firstName": firstName, "lastName": lastName, "goal": goal, "email": email, "password": password, "language": language])
        }, afterResponse: { res in
            #expect(res.status == .created, "sign-up answered \(res.status): \(res.body.string)")
            let result = try res.content.decode(AuthResult.self)
            member = TestMember(id: result.user.id, token: result.token, email: email)
        })
        return try #require(member)
    }

    /// The newest SMS sent to a number, from the outbox.
    func lastSMS(to phone: String) async throws -> SMSMessage? {
        try await SMSMessage.query(on: db).filter(\.$toPhone == phone).sort(\.$createdAt, .descending).first()
    }

    func lastCode(sentTo phone: String) async throws -> String {
        let body = try #require(try await lastSMS(to: phone)?.body)
        let match = try #require(body.firstMatch(of: /\b(\d{6})\b/))
        return String(match.1)
    }
}

func errorCode(_ res: TestingHTTPResponse) -> String? {
    (try? res.content.decode(ErrorEnvelope.self))?.error.code
}

extension Application {
    /// Sends a request with an arbitrary JSON body (as a client could send anything).
    func send(_ method: HTTPMethod, _ path: String, json: Any? = nil, raw: String? = nil, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var headers = headers
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        } else if let raw {
            body = ByteBuffer(string: raw)
        }
        if body != nil, !headers.contains(name: .contentType) { headers.contentType = .json }
        return try await self.testing().sendRequest(method, path, headers: headers, body: body)
    }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

@Suite struct LogPrivacyTests {
    /// Sign-up, SMS code, log-in, a failed log-in, a profile read and a phone change:
    /// none of their log lines holds the family name or the phone number.
    @Test func logsNeverHoldFamilyNamesOrPhoneNumbers() async throws {
        CapturedLogs.start()
        try await withEntraide { app in
            let family = "Zyxwvutsky"
            _ = try await app.send(.POST, "/api/v1/auth/signup", json: ["firstName": "Ahmad", "lastName": family, "goal": "ask_for_help", "phone": "06 98 76 54 32"])
            let code = try await app.lastCode(sentTo: "+33698765432")
            _ = try await app.send(.POST, "/api/v1/auth/sms-login", json: ["phone": "0698765432", "code": "000000" == code ? "111111" : "000000"])
            let login = try await app.send(.POST, "/api/v1/auth/sms-login", json: ["phone": "0698765432", "code": code])
            let token = try login.content.decode(AuthResult.self).token
            let viewer = try await app.signUp(firstName: "Marie")
            _ = try await app.send(.GET, "/api/v1/users/\(try login.content.decode(AuthResult.self).user.id)", headers: viewer.auth)
            _ = try await app.send(.POST, "/api/v1/me/phone", json: ["phone": "07 98 76 54 31"], headers: ["Authorization": "Bearer \(token)"])

            let lines = CapturedLogs.all()
            #expect(lines.contains { $0.contains("sms kept in outbox") }, "the SMS driver did log, masked")
            for line in lines {
                #expect(!line.contains(family), "log reveals the family name: \(line)")
                #expect(!line.contains("98765432") && !line.contains("98 76 54") && !line.contains("98765431"), "log reveals a phone number: \(line)")
                #expect(!line.contains(code), "log reveals an SMS code: \(line)")
            }
        }
    }
}

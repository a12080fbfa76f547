import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

@Suite struct PhoneAccountTests {
    func phoneSignup(_ app: Application, phone: String = "06 12 34 56 78") async throws -> TestingHTTPResponse {
        try await app.send(.POST, "/api/v1/auth/signup", json: [
            "firstName": "Ahmad", "lastName": "Rahimi", "goal": "ask_for_help", "language": "en", "phone": phone])
    }

    @Test func phoneSignupSendsACodeThatLogsIn() async throws {
        try await withEntraide { app in
            let signup = try await phoneSignup(app)
            #expect(signup.status == .accepted)
            #expect(try signup.content.decode(CodeSentDTO.self).phone == "+33612345678")

            let sms = try #require(try await app.lastSMS(to: "+33612345678"))
            #expect(sms.body.hasPrefix("Entraide: your code is"), "the SMS is in the member's language")
            let code = try await app.lastCode(sentTo: "+33612345678")

            let login = try await app.send(.POST, "/api/v1/auth/sms-login", json: ["phone": "+33 6 12 34 56 78", "code": code])
            #expect(login.status == .ok)
            let result = try login.content.decode(AuthResult.self)
            #expect(result.user.phone == "+33612345678" && result.user.goal == "ask_for_help")
            #expect(try await app.send(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(result.token)"]).status == .ok)

            // A used code does not work twice.
            let replay = try await app.send(.POST, "/api/v1/auth/sms-login", json: ["phone": "0612345678", "code": code])
            #expect(replay.status == .unauthorized)
        }
    }

    @Test func codesAreStoredHashed() async throws {
        try await withEntraide { app in
            _ = try await phoneSignup(app)
            let code = try await app.lastCode(sentTo: "+33612345678")
            let stored = try #require(try await OneTimeCode.query(on: app.db).first())
            #expect(!stored.codeHash.contains(code))
            #expect(stored.codeHash.count == 64)
        }
    }

    @Test func aCodeIsDeadAfterFiveWrongTries() async throws {
        try await withEntraide { app in
            _ = try await phoneSignup(app)
            let code = try await app.lastCode(sentTo: "+33612345678")
            let wrong = code == "000000" ? "111111" : "000000"
            for _ in 0..<5 {
                let res = try await app.send(.POST, "/api/v1/auth/sms-login", json: ["phone": "0612345678", "code": wrong])
                #expect(res.status == .unauthorized)
                #expect(errorCode(res) == "auth.code_invalid")
            }
            let right = try await app.send(.POST, "/api/v1/auth/sms-login", json: ["phone": "0612345678", "code": code])
            #expect(right.status == .unauthorized)

            // A fresh code works again.
            #expect(try await app.send(.POST, "/api/v1/auth/sms-code", json: ["phone": "0612345678"]).status == .accepted)
            let fresh = try await app.lastCode(sentTo: "+33612345678")
            #expect(try await app.send(.POST, "/api/v1/auth/sms-login", json: ["phone": "0612345678", "code": fresh]).status == .ok)
        }
    }

    @Test func codesExpireAfterTenMinutes() async throws {
        try await withEntraide { app in
            _ = try await phoneSignup(app)
            let code = try await app.lastCode(sentTo: "+33612345678")
            let stored = try #require(try await OneTimeCode.query(on: app.db).first())
            #expect(abs(stored.expiresAt.timeIntervalSinceNow - 600) < 30)
            stored.expiresAt = Date().addingTimeInterval(-1)
            try await stored.update(on: app.db)
            let res = try await app.send(.POST, "/api/v1/auth/sms-login", json: ["phone": "0612345678", "code": code])
            #expect(res.status == .unauthorized)
            #expect(errorCode(res) == "auth.code_expired")
        }
    }

    @Test func anewCodeReplacesTheOldOne() async throws {
        try await withEntraide { app in
            _ = try await phoneSignup(app)
            let first = try await app.lastCode(sentTo: "+33612345678")
            _ = try await app.send(.POST, "/api/v1/auth/sms-code", json: ["phone": "+33612345678"])
            let second = try await app.lastCode(sentTo: "+33612345678")
            if first != second {
                #expect(try await app.send(.POST, "/api/v1/auth/sms-login", json: ["phone": "0612345678", "code": first]).status == .unauthorized)
            }
            #expect(try await app.send(.POST, "/api/v1/auth/sms-login", json: ["phone": "0612345678", "code": second]).status == .ok)
        }
    }

    @Test func smsCodeForAnUnknownNumberSendsNothingButAnswersTheSame() async throws {
        try await withEntraide { app in
            let res = try await app.send(.POST, "/api/v1/auth/sms-code", json: ["phone": "07 00 00 00 01"])
            #expect(res.status == .accepted)
            #expect(try await app.lastSMS(to: "+33700000001") == nil)
        }
    }

    @Test(arguments: ["12", "06 12 34", "+999 1234567", "not a phone", "06123456789012"])
    func invalidPhonesAreRefusedWithACode(phone: String) async throws {
        try await withEntraide { app in
            let res = try await phoneSignup(app, phone: phone)
            #expect(res.status == .unprocessableEntity)
            let error = try res.content.decode(ErrorEnvelope.self).error
            #expect(error.code == "validation.phone_invalid" && error.field == "phone")
        }
    }

    @Test func internationalNumbersAreAccepted() async throws {
        try await withEntraide { app in
            let res = try await phoneSignup(app, phone: "+44 7700 900123")
            #expect(res.status == .accepted)
            #expect(try res.content.decode(CodeSentDTO.self).phone == "+447700900123")
        }
    }

    @Test func aConfirmedNumberCannotSignUpAgain() async throws {
        try await withEntraide { app in
            _ = try await phoneSignup(app)
            let code = try await app.lastCode(sentTo: "+33612345678")
            _ = try await app.send(.POST, "/api/v1/auth/sms-login", json: ["phone": "0612345678", "code": code])
            let again = try await phoneSignup(app)
            #expect(again.status == .conflict)
            #expect(errorCode(again) == "account.phone_taken")
        }
    }

    @Test func changingMyNumberKeepsMyAccount() async throws {
        try await withEntraide { app in
            let member = try await app.signUp(firstName: "Olena")
            let request = try await app.send(.POST, "/api/v1/me/phone", json: ["phone": "07 11 22 33 44"], headers: member.auth)
            #expect(request.status == .accepted)
            let code = try await app.lastCode(sentTo: "+33711223344")
            let wrongOwner = try await app.signUp(firstName: "Bob")
            #expect(try await app.send(.POST, "/api/v1/me/phone/confirm", json: ["phone": "0711223344", "code": code], headers: wrongOwner.auth).status == .unauthorized)

            // The other member never reached the code: it still works for its owner.
            let confirm = try await app.send(.POST, "/api/v1/me/phone/confirm", json: ["phone": "0711223344", "code": code], headers: member.auth)
            #expect(confirm.status == .ok)
            #expect(try confirm.content.decode(MeDTO.self).phone == "+33711223344")
            let changes = try await PhoneChange.query(on: app.db).filter(\.$user.$id == member.id).all()
            #expect(changes.count == 1 && changes[0].newPhone == "+33711223344" && changes[0].oldPhone == nil)

            // The member now logs in with the new number.
            _ = try await app.send(.POST, "/api/v1/auth/sms-code", json: ["phone": "0711223344"])
            let login = try await app.send(.POST, "/api/v1/auth/sms-login", json: ["phone": "0711223344", "code": try await app.lastCode(sentTo: "+33711223344")])
            #expect(try login.content.decode(AuthResult.self).user.id == member.id)
        }
    }

    @Test func staffReattachAMemberAndTheChangeIsLogged() async throws {
        try await withEntraide { app in
            let member = try await app.signUp(firstName: "Mohamed")
            let animator = try await app.signUp(firstName: "Sophie", lastName: "Moreau")
            let body: [String: Any] = ["phone": "06 99 88 77 66", "reason": "Téléphone volé, vu en permanence"]

            let refused = try await app.send(.POST, "/api/v1/staff/users/\(member.id)/phone", json: body, headers: animator.auth)
            #expect(refused.status == .forbidden)

            let staffUser = try #require(try await User.find(animator.id, on: app.db))
            try await RoleService.grant(.animator, to: staffUser, by: "test", on: app.db)
            let noReason = try await app.send(.POST, "/api/v1/staff/users/\(member.id)/phone", json: ["phone": "0699887766", "reason": " "], headers: animator.auth)
            #expect(noReason.status == .unprocessableEntity)
            let done = try await app.send(.POST, "/api/v1/staff/users/\(member.id)/phone", json: body, headers: animator.auth)
            #expect(done.status == .noContent)

            let change = try #require(try await PhoneChange.query(on: app.db).filter(\.$user.$id == member.id).first())
            #expect(change.newPhone == "+33699887766")
            #expect(change.$changedBy.id == animator.id)
            #expect(change.reason == "Téléphone volé, vu en permanence")
            #expect(try await User.find(member.id, on: app.db)?.phone == "+33699887766")
        }
    }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

@Suite struct EmailAccountTests {
    @Test func signupGivesATokenThatOpensMyAccountUntilLogout() async throws {
        try await withEntraide { app in
            let member = try await app.signUp(firstName: "Marie", lastName: "Dupont", email: "Marie@Example.org")
            let me = try await app.send(.GET, "/api/v1/me", headers: member.auth)
            #expect(me.status == .ok)
            let dto = try me.content.decode(MeDTO.self)
            #expect(dto.lastName == "Dupont" && dto.email == "marie@example.org" && dto.displayName == "Marie D.")

            #expect(try await app.send(.POST, "/api/v1/auth/logout", headers: member.auth).status == .noContent)
            let after = try await app.send(.GET, "/api/v1/me", headers: member.auth)
            #expect(after.status == .unauthorized)
            #expect(errorCode(after) == "auth.required")
        }
    }

    @Test func loginChecksThePassword() async throws {
        try await withEntraide { app in
            let member = try await app.signUp(password: "correct horse")
            let wrong = try await app.send(.POST, "/api/v1/auth/login", json: ["email": member.email, "password": "wrong horse"])
            #expect(wrong.status == .unauthorized)
            #expect(errorCode(wrong) == "auth.invalid_credentials")
            let right = try await app.send(.POST, "/api/v1/auth/login", json: ["email": member.email.uppercased(), "password": "correct horse"])
            #expect(right.status == .ok)
            #expect(try right.content.decode(AuthResult.self).user.id == member.id)
        }
    }

    @Test func anEmailCanOnlyBeUsedOnce() async throws {
        try await withEntraide { app in
            try await app.signUp(email: "same@example.org")
            let again = try await app.send(.POST, "/api/v1/auth/signup", json: [
                "firstName": "Other", "lastName": "Person", "goal": "offer_help", "email": "SAME@example.org", "password": "longenough"])
            #expect(again.status == .conflict)
            #expect(errorCode(again) == "account.email_taken")
        }
    }

    @Test func tokensAndPasswordsAreNeverStoredInClear() async throws {
        try await withEntraide { app in
            let member = try await app.signUp(password: "correct horse")
            let sessions = try await MemberSession.query(on: app.db).all()
            #expect(sessions.count == 1)
            #expect(sessions[0].tokenHash != member.token && !sessions[0].tokenHash.contains(member.token))
            let user = try #require(try await User.find(member.id, on: app.db))
            #expect(user.passwordHash?.hasPrefix("$2") == true)
        }
    }

    @Test func sessionsAreListedAndRevocable() async throws {
        try await withEntraide { app in
            let member = try await app.signUp(password: "correct horse")
            let second = try await app.send(.POST, "/api/v1/auth/login", json: ["email": member.email, "password": "correct horse"], headers: ["User-Agent": "PhoneBrowser/1.0"])
            let secondToken = try second.content.decode(AuthResult.self).token

            let list = try await app.send(.GET, "/api/v1/me/sessions", headers: member.auth)
            let sessions = try list.content.decode([SessionDTO].self)
            #expect(sessions.count == 2)
            #expect(sessions.filter(\.current).count == 1)
            let other = try #require(sessions.first { !$0.current })
            #expect(other.userAgent == "PhoneBrowser/1.0")

            #expect(try await app.send(.DELETE, "/api/v1/me/sessions/\(other.id)", headers: member.auth).status == .noContent)
            #expect(try await app.send(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(secondToken)"]).status == .unauthorized)
            #expect(try await app.send(.GET, "/api/v1/me", headers: member.auth).status == .ok)
        }
    }

    @Test func aMemberCannotRevokeSomeoneElsesSession() async throws {
        try await withEntraide { app in
            let alice = try await app.signUp(firstName: "Alice")
            let bob = try await app.signUp(firstName: "Bob")
            let bobSession = try await app.send(.GET, "/api/v1/me/sessions", headers: bob.auth).content.decode([SessionDTO].self)[0]
            let attempt = try await app.send(.DELETE, "/api/v1/me/sessions/\(bobSession.id)", headers: alice.auth)
            #expect(attempt.status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/me", headers: bob.auth).status == .ok)
        }
    }

    @Test func deletingMyAccountAnonymisesItAndEndsLogin() async throws {
        try await withEntraide { app in
            let member = try await app.signUp(firstName: "Marie", lastName: "Dupont", password: "correct horse")
            let viewer = try await app.signUp(firstName: "Bob")
            #expect(try await app.send(.DELETE, "/api/v1/me", headers: member.auth).status == .noContent)

            #expect(try await app.send(.GET, "/api/v1/me", headers: member.auth).status == .unauthorized)
            let login = try await app.send(.POST, "/api/v1/auth/login", json: ["email": member.email, "password": "correct horse"])
            #expect(login.status == .unauthorized)
            #expect(try await app.send(.GET, "/api/v1/users/\(member.id)", headers: viewer.auth).status == .notFound)

            let row = try #require(try await User.find(member.id, on: app.db))
            #expect(row.lastName.isEmpty && row.firstName.isEmpty && row.email == nil && row.passwordHash == nil && row.anonymisedAt != nil)
            // The e-mail is free again.
            try await app.signUp(email: member.email)
        }
    }

    @Test func exportHoldsEverythingAboutMe() async throws {
        try await withEntraide { app in
            let member = try await app.signUp(firstName: "Marie", lastName: "Dupont")
            _ = try await app.send(.PATCH, "/api/v1/me", json: ["about": "J'aime le jardinage", "city": "Paris", "postalCode": "75011"], headers: member.auth)
            let export = try await app.send(.GET, "/api/v1/me/export", headers: member.auth)
            #expect(export.status == .ok)
            #expect(export.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            let body = export.body.string
            for expected in ["Dupont", member.email.lowercased(), "J'aime le jardinage", "75011", "\"sessions\""] {
                #expect(body.contains(expected), "export lacks \(expected)")
            }
        }
    }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

/// The rules that never bend: another member sees "Firstname L.", a city and postal code,
/// never a family name, contact details, goal or address.
@Suite struct PublicProfilePrivacyTests {
    @Test func anotherMemberSeesFirstNameAndInitialOnly() async throws {
        try await withEntraide { app in
            let ahmad = try await app.signUp(firstName: "Ahmad", lastName: "Rahimi", goal: "ask_for_help", email: "ahmad.rahimi@example.org")
            _ = try await app.send(.PATCH, "/api/v1/me", json: ["postalCode": "75019", "city": "Paris", "about": "Je joue au foot"], headers: ahmad.auth)
            let viewer = try await app.signUp(firstName: "Marie")

            let res = try await app.send(.GET, "/api/v1/users/\(ahmad.id)", headers: viewer.auth)
            #expect(res.status == .ok)
            let body = res.body.string
            #expect(body.contains("\"Ahmad R.\""))
            #expect(body.contains("Paris (75019)"))
            for secret in ["Rahimi", "rahimi", "ahmad.rahimi@example.org", "ask_for_help", "lastName", "email", "phone", "goal"] {
                #expect(!body.contains(secret), "public profile reveals \(secret)")
            }
        }
    }

    @Test func theProfilePageShowsTheSameAndNoMore() async throws {
        try await withEntraide { app in
            let ahmad = try await app.signUp(firstName: "Ahmad", lastName: "Rahimi", goal: "ask_for_help")
            let web = try await WebClient.signedIn(app, firstName: "Marie")
            let page = try await web.get("/users/\(ahmad.id)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Ahmad R."))
            #expect(!page.body.string.contains("Rahimi"))
        }
    }

    @Test func profilesNeedAnAccount() async throws {
        try await withEntraide { app in
            let ahmad = try await app.signUp(firstName: "Ahmad")
            #expect(try await app.send(.GET, "/api/v1/users/\(ahmad.id)").status == .unauthorized)
            #expect(try await app.send(.GET, "/api/v1/users/not-a-uuid", headers: ahmad.auth).status == .notFound)
        }
    }

    @Test func outboxAndSMSLogsMaskNumbers() async throws {
        try await withEntraide { app in
            _ = try await app.send(.POST, "/api/v1/auth/signup", json: ["firstName": "Ahmad", "lastName": "Rahimi", "goal": "ask_for_help", "phone": "0612345678"])
            let message = try #require(try await app.lastSMS(to: "+33612345678"))
            let line = OutboxLine.format(message)
            #expect(line.contains("+336••••5678"))
            #expect(!line.contains("0612345678") && !line.contains("612345678"))
            #expect(!message.body.contains("Rahimi"))
        }
    }
}

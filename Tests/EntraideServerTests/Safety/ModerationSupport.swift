import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer
import EntraideCore

extension Application {
    /// A member with a staff role (moderator, admin).
    func staff(_ firstName: String, _ role: StaffRole, postalCode: String = "75011") async throws -> TestMember {
        let member = try await self.member(firstName, "Moderatrice", postalCode: postalCode)
        let user = try #require(try await User.find(member.id, on: db))
        try await RoleService.grant(role, to: user, by: "test", on: db)
        return member
    }

    /// The open cases of the queue, as a moderator reads them.
    func queue(_ moderator: TestMember, _ query: String = "") async throws -> [JSONBody] {
        let res = try await send(.GET, "/api/v1/moderation/queue" + query, headers: moderator.auth)
        #expect(res.status == .ok, "queue: \(res.body.string)")
        return try JSONBody(res)["items"].array
    }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import EntraideCore
@testable import EntraideServer

/// A committee to test with: an author on staff and committee members.
struct TestCommittee {
    let author: TestMember
    let members: [TestMember]
}

extension Application {
    func user(_ member: TestMember) async throws -> User {
        try #require(try await User.find(member.id, on: db))
    }

    static let memberNames = ["Awa", "Bruno", "Chloé", "Driss", "Emma"]

    func committee(members count: Int, authorRoles: [StaffRole] = [.admin]) async throws -> TestCommittee {
        let author = try await signUp(firstName: "Alice", lastName: "Auteur")
        for role in authorRoles { try await grant(role, to: author) }
        var members: [TestMember] = []
        for index in 0..<count {
            let member = try await signUp(firstName: Self.memberNames[index], lastName: "Comite")
            try await grant(.committee, to: member)
            members.append(member)
        }
        return TestCommittee(author: author, members: members)
    }

    /// An `other` proposal through the entry point the learning editor uses.
    func propose(_ kind: ProposalKind = .other, by author: TestMember, before: String = "avant", after: String = "après",
                 payload: some Encodable = [String: String]()) async throws -> CommitteeProposal {
        try await CommitteeService.submit(kind: kind, title: "Une proposition", rationale: "Parce que", before: before, after: after,
                                          payload: payload, by: user(author), on: db)
    }

    func vote(_ choice: String, comment: String? = nil, on proposal: CommitteeProposal, by member: TestMember) async throws -> TestingHTTPResponse {
        var body: [String: Any] = ["choice": choice]
        if let comment { body["comment"] = comment }
        return try await send(.POST, "/api/v1/committee/proposals/\(try proposal.requireID())/votes", json: body, headers: member.auth)
    }

    func reloaded(_ proposal: CommitteeProposal) async throws -> CommitteeProposal {
        try #require(try await CommitteeProposal.find(proposal.requireID(), on: db))
    }
}

extension WebClient {
    /// Signs up on the web and grants these roles.
    static func staff(_ app: Application, roles: [StaffRole]) async throws -> (WebClient, User) {
        let email = "staff.\(UUID().uuidString.prefix(8).lowercased())@example.org"
        let web = try await WebClient.signedIn(app, firstName: "Sami", email: email)
        let user = try #require(try await User.query(on: app.db).filter(\.$email == email).first())
        for role in roles { try await RoleService.grant(role, to: user, by: "test", on: app.db) }
        return (web, user)
    }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import EntraideCore
@testable import EntraideServer

/// Limoges, place Jourdan: a town with life, 60 km from Guéret where nothing happens.
let limoges = (lat: 45.8297, lon: 1.2617)

extension Application {
    func firstWeek(_ member: TestMember) async throws -> JSONBody {
        let res = try await send(.GET, "/api/v1/me/first-week", headers: member.auth)
        #expect(res.status == .ok, "first week: \(res.status) \(res.body.string)")
        return try JSONBody(res)
    }

    /// The steps' names, done or not, in the checklist's order.
    func steps(_ member: TestMember) async throws -> [(step: String, done: Bool)] {
        try await firstWeek(member)["steps"].array.map { ($0["step"].string ?? "", $0["done"].bool ?? false) }
    }

    func recorded(_ step: FirstWeekStep, for member: TestMember) async throws -> [FirstWeekCompletion] {
        try await FirstWeekCompletion.query(on: db).filter(\.$user.$id == member.id).filter(\.$step == step.rawValue).all()
    }

    /// A member of an association (its admin): a local team.
    func association(_ member: TestMember, name: String = "Maraude du Canal") async throws -> UUID {
        let res = try await send(.POST, "/api/v1/organisations", json: ["name": name], headers: member.auth)
        #expect(res.status == .created, "association: \(res.body.string)")
        return try #require(try JSONBody(res)["id"].uuid)
    }
}

extension WebClient {
    /// Logs in by the page's form, as a browser does, a member made through the API.
    static func loggedIn(_ app: Application, _ member: TestMember) async throws -> WebClient {
        let client = WebClient(app)
        let res = try await client.submit("/login", to: "/login", fields: ["email": member.email, "password": "correct horse"])
        #expect(res.status == .seeOther || res.status == .found, "web login answered \(res.status)")
        return client
    }
}

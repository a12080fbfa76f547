import Foundation
import Testing
import Vapor
import VaporTesting
@testable import EntraideServer

/// An association with an admin, a sector and an ongoing round, made through the API.
struct RoundsFixture {
    let admin: TestMember
    let organisationID: UUID
    let sectorID: UUID
    let roundID: UUID

    var base: String { "/api/v1/organisations/\(organisationID)" }
    var round: String { "\(base)/rounds/\(roundID)" }
}

extension Application {
    func json(_ res: TestingHTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any])
    }

    func jsonList(_ res: TestingHTTPResponse) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [[String: Any]])
    }

    /// Posts and expects a 2xx, returning the JSON object answered.
    @discardableResult
    func ok(_ method: HTTPMethod, _ path: String, _ member: TestMember, json body: [String: Any]? = nil,
            sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        let res = try await send(method, path, json: body as Any?, headers: member.auth)
        #expect((200..<300).contains(res.status.code), "\(method) \(path): \(res.status) \(res.body.string)", sourceLocation: sourceLocation)
        return res.body.readableBytes == 0 ? [:] : ((try? JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any]) ?? [:])
    }

    func id(_ object: [String: Any], _ key: String = "id") throws -> UUID {
        try #require((object[key] as? String).flatMap(UUID.init(uuidString:)), "no \(key) in \(object)")
    }

    /// A JSON object body written as a literal of mixed values (ids, texts, lists).
    func send(_ method: HTTPMethod, _ path: String, json object: [String: Any], headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await send(method, path, json: object as Any?, raw: nil, headers: headers)
    }

    /// An association named `name`, its admin (an organisation account), a sector and a round
    /// already started.
    func association(_ name: String = "Maraude du Canal", adminName: String = "Claire") async throws -> RoundsFixture {
        let admin = try await signUp(firstName: adminName, lastName: "Fontaine", goal: "organisation")
        let organisation = try await ok(.POST, "/api/v1/organisations", admin, json: ["name": name])
        let organisationID = try id(organisation)
        let sector = try await ok(.POST, "/api/v1/organisations/\(organisationID)/sectors", admin, json: ["name": "Gare de l'Est"])
        let round = try await ok(.POST, "/api/v1/organisations/\(organisationID)/rounds", admin, json: [
            "kind": "food", "startsAt": Date().formatted(.iso8601), "transport": "on_foot",
            "sectorID": try id(sector).uuidString, "plannedRoute": "Gare de l'Est, canal, Jaurès",
        ])
        let roundID = try id(round)
        try await ok(.POST, "/api/v1/organisations/\(organisationID)/rounds/\(roundID)/start", admin)
        return RoundsFixture(admin: admin, organisationID: organisationID, sectorID: try id(sector), roundID: roundID)
    }

    /// Adds a new member to the association with a role, and returns them.
    func addMember(to fixture: RoundsFixture, role: String, firstName: String = "Paul") async throws -> TestMember {
        let member = try await signUp(firstName: firstName, lastName: "Martin")
        try await ok(.POST, "\(fixture.base)/members", fixture.admin, json: ["email": member.email, "role": role])
        return member
    }
}

import Foundation
import Testing
import Vapor
import VaporTesting
@testable import EntraideServer

/// A JSON object read from a response, for tests that look at a few fields.
struct JSONBody {
    let value: Any

    init(_ res: TestingHTTPResponse) throws {
        value = try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView), options: [.fragmentsAllowed])
    }

    init(value: Any) { self.value = value }

    subscript(_ key: String) -> JSONBody { JSONBody(value: (value as? [String: Any])?[key] ?? NSNull()) }
    subscript(_ index: Int) -> JSONBody {
        guard let array = value as? [Any], array.indices.contains(index) else { return JSONBody(value: NSNull()) }
        return JSONBody(value: array[index])
    }

    var string: String? { value as? String }
    var int: Int? { value as? Int }
    var double: Double? { (value as? NSNumber)?.doubleValue }
    var bool: Bool? { value as? Bool }
    var array: [JSONBody] { (value as? [Any])?.map { JSONBody(value: $0) } ?? [] }
    var isNull: Bool { value is NSNull }
    var uuid: UUID? { string.flatMap(UUID.init(uuidString:)) }
}

/// Paris, Place de la République: the test members' neighbourhood.
let republique = (lat: 48.8674, lon: 2.3636)

extension Application {
    /// Signs up a member and sets what the community needs from a profile.
    func member(_ firstName: String, _ lastName: String = "Martin", goal: String = "offer_help", gender: String? = nil,
                city: String = "Paris", postalCode: String = "75011") async throws -> TestMember {
        let member = try await signUp(firstName: firstName, lastName: lastName, goal: goal)
        var patch: [String: Any] = ["city": city, "postalCode": postalCode]
        if let gender { patch["gender"] = gender }
        let res = try await send(.PATCH, "/api/v1/me", json: patch, headers: member.auth)
        #expect(res.status == .ok, "profile: \(res.body.string)")
        return member
    }

    @discardableResult
    func createAction(by member: TestMember, title: String = "Besoin d'un sac de couchage", kind: String = "request",
                      category: String = "equipment", lat: Double = republique.lat, lon: Double = republique.lon,
                      headers extra: HTTPHeaders = [:]) async throws -> JSONBody {
        var headers = member.auth
        headers.add(contentsOf: extra)
        let res = try await send(.POST, "/api/v1/actions", json: [
            "kind": kind, "category": category, "title": title, "description": "Pour cette nuit",
            "location": ["lat": lat, "lon": lon],
        ], headers: headers)
        #expect(res.status == .created, "create action: \(res.body.string)")
        return try JSONBody(res)
    }

    @discardableResult
    func createEvent(by member: TestMember, title: String = "Café du samedi", startsIn: TimeInterval = 2 * 86_400,
                     extra: [String: Any] = [:]) async throws -> JSONBody {
        let start = Date().addingTimeInterval(startsIn)
        var body: [String: Any] = [
            "title": title, "startsAt": iso(start), "endsAt": iso(start.addingTimeInterval(7200)),
            "placeName": "Café Le Temps", "address": "Place de la République, Paris",
            "location": ["lat": republique.lat, "lon": republique.lon],
        ]
        body.merge(extra) { $1 }
        let res = try await send(.POST, "/api/v1/events", json: body, headers: member.auth)
        #expect(res.status == .created, "create event: \(res.body.string)")
        return try JSONBody(res)
    }

    @discardableResult
    func createGroup(by member: TestMember, name: String = "Voisins du 11e", visibility: String = "public",
                     extra: [String: Any] = [:]) async throws -> JSONBody {
        var body: [String: Any] = ["name": name, "description": "Entraide entre voisins", "welcomeMessage": "Bienvenue !",
                                   "charter": "Bienveillance", "visibility": visibility,
                                   "location": ["lat": republique.lat, "lon": republique.lon]]
        body.merge(extra) { $1 }
        let res = try await send(.POST, "/api/v1/groups", json: body, headers: member.auth)
        #expect(res.status == .created, "create group: \(res.body.string)")
        return try JSONBody(res)
    }
}

func iso(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    return formatter.string(from: date)
}

import Foundation
import Vapor
import NIOConcurrencyHelpers
@testable import EntraideServer

/// A small local HTTP server that speaks LibreTranslate's API (`GET /languages`,
/// `POST /translate`), so the driver is tested over a real socket: it "translates" by
/// prefixing the target code, records what it was asked, and can be told to fail.
final class FakeLibreTranslate: @unchecked Sendable {
    struct Asked: Sendable { let q: [String]; let source: String; let target: String; let apiKey: String? }

    let app: Application
    private let asked = NIOLockedValueBox<[Asked]>([])
    private let failing = NIOLockedValueBox<Bool>(false)
    let targets: [String]
    let apiKey: String

    private init(app: Application, targets: [String], apiKey: String) {
        self.app = app
        self.targets = targets
        self.apiKey = apiKey
    }

    static func start(targets: [String] = ["en", "fr", "ar", "es", "de"], apiKey: String = "secret-key") async throws -> FakeLibreTranslate {
        let app = try await Application.make(.testing)
        let fake = FakeLibreTranslate(app: app, targets: targets, apiKey: apiKey)
        app.get("languages") { _ in
            fake.targets.map { ["code": .string($0), "name": .string($0.uppercased()), "targets": .strings(fake.targets)] as [String: AnyCodable] }
        }
        app.post("translate") { req async throws -> Response in
            struct Body: Decodable { let q: [String]; let source: String; let target: String; let format: String; let api_key: String? }
            let body = try req.content.decode(Body.self)
            fake.asked.withLockedValue { $0.append(Asked(q: body.q, source: body.source, target: body.target, apiKey: body.api_key)) }
            if fake.failing.withLockedValue({ $0 }) {
                return try await ["error": "Internal error"].encodeResponse(status: .internalServerError, for: req)
            }
            guard body.api_key == fake.apiKey else {
                return try await ["error": "Invalid API key"].encodeResponse(status: .forbidden, for: req)
            }
            guard body.format == "text" else { return try await ["error": "format"].encodeResponse(status: .badRequest, for: req) }
            let answer: [String: AnyCodable] = [
                "translatedText": .strings(body.q.map { "[\(body.target)] \($0)" }),
                "detectedLanguage": .detected(body.q.map { _ in "fr" }),
            ]
            return try await answer.encodeResponse(for: req)
        }
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        return fake
    }

    var baseURL: URL {
        URL(string: "http://127.0.0.1:\(app.http.server.shared.localAddress?.port ?? 0)")!
    }

    var requests: [Asked] { asked.withLockedValue { $0 } }
    func fail(_ value: Bool) { failing.withLockedValue { $0 = value } }

    func stop() async throws {
        await app.server.shutdown()
        try await app.asyncShutdown()
    }

    /// The few JSON shapes LibreTranslate answers with.
    enum AnyCodable: Content {
        case string(String), strings([String]), detected([String])
        init(from decoder: any Decoder) throws { fatalError("only encoded") }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .strings(let values): try container.encode(values)
            case .detected(let codes): try container.encode(codes.map { ["language": $0, "confidence": "90"] })
            }
        }
    }
}

extension FakeLibreTranslate.AnyCodable: ExpressibleByStringLiteral {
    init(stringLiteral value: String) { self = .string(value) }
}

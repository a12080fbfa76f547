import Vapor
import NIOConcurrencyHelpers
import NIOCore
import EntraideCore

/// Speaks LibreTranslate's HTTP API: `GET /languages` (which targets it offers, read once an
/// hour) and `POST /translate` with `q` as an array, `source: "auto"`, `format: "text"`.
final class LibreTranslateTranslator: Translator, @unchecked Sendable {
    let baseURL: URL
    let apiKey: String?
    let client: any Client
    /// Providers answer within a few seconds or not at all; a member should not wait longer.
    static let timeout: TimeAmount = .seconds(10)
    static let languagesLifetime: TimeInterval = 3600

    private let targets = NIOLockedValueBox<(codes: Set<String>, readAt: Date)?>(nil)

    init(baseURL: URL, apiKey: String?, client: any Client) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.client = client
    }

    var driver: String { "libretranslate" }
    var isEnabled: Bool { true }

    /// LibreTranslate's code for each of our languages (Dari is read as Persian).
    static func code(_ language: Language) -> String { language.rawValue }

    func translate(_ texts: [String], to target: Language) async throws -> [MachineTranslation] {
        guard !texts.isEmpty else { return [] }
        guard try await offers(target) else { throw TranslatorError.unsupportedLanguage(target) }
        var request = ClientRequest(method: .POST, url: URI(string: endpoint("translate")), timeout: Self.timeout)
        try request.content.encode(TranslateRequest(q: texts, source: "auto", target: Self.code(target), format: "text", api_key: apiKey))
        let response = try await send(request)
        guard response.status == .ok else { throw TranslatorError.providerFailed(status: response.status.code) }
        guard let body = try? response.content.decode(TranslateResponse.self), body.translatedText.count == texts.count else {
            throw TranslatorError.providerFailed(status: response.status.code)
        }
        return body.translatedText.enumerated().map { index, text in
            MachineTranslation(text: text, sourceLanguage: body.detectedLanguage?[safe: index]??.language)
        }
    }

    /// Whether the provider translates into `target`, from its `/languages` list.
    func offers(_ target: Language) async throws -> Bool {
        if let known = targets.withLockedValue({ $0 }), Date().timeIntervalSince(known.readAt) < Self.languagesLifetime {
            return known.codes.contains(Self.code(target))
        }
        let response = try await send(ClientRequest(method: .GET, url: URI(string: endpoint("languages")), timeout: Self.timeout))
        guard response.status == .ok, let languages = try? response.content.decode([ProviderLanguage].self) else {
            throw TranslatorError.providerFailed(status: response.status.code)
        }
        // A language is a target when some source offers it (older servers list no targets: then every listed code).
        var codes = Set(languages.flatMap { $0.targets ?? [] })
        if codes.isEmpty { codes = Set(languages.map(\.code)) }
        targets.withLockedValue { $0 = (codes, Date()) }
        return codes.contains(Self.code(target))
    }

    private func endpoint(_ path: String) -> String {
        baseURL.appendingPathComponent(path).absoluteString
    }

    /// A refused connection or a timeout is the provider failing, not the server.
    private func send(_ request: ClientRequest) async throws -> ClientResponse {
        do {
            return try await client.send(request)
        } catch {
            throw TranslatorError.providerFailed(status: 0)
        }
    }

    struct TranslateRequest: Content {
        let q: [String]
        let source: String
        let target: String
        let format: String
        let api_key: String?
    }

    struct TranslateResponse: Content {
        struct Detected: Content { let language: String? }
        let translatedText: [String]
        let detectedLanguage: [Detected?]?
    }

    struct ProviderLanguage: Content {
        let code: String
        let targets: [String]?
    }
}

private extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

import Foundation
import Testing
import Vapor
import VaporTesting
@testable import EntraideServer

/// A browser stand-in: keeps cookies between requests and reads the CSRF field of forms.
final class WebClient: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var lastSetCookies: [String] = []

    init(_ app: Application) { self.app = app }

    static func signedIn(_ app: Application, firstName: String = "Marie", email: String = "web.\(UUID().uuidString.prefix(8))@example.org") async throws -> WebClient {
        let client = WebClient(app)
        let form = try await client.get("/signup")
        let csrf = try #require(WebClient.csrf(in: form.body.string))
        let res = try await client.post("/signup", form: [
            "csrf": csrf, "firstName": firstName, "lastName": "Martin", "goal": "offer_help", "method": "email",
            "email": email, "password": "correct horse"])
        #expect(res.status == .seeOther || res.status == .found, "web sign-up answered \(res.status)")
        return client
    }

    static func csrf(in html: String) -> String? {
        html.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/).map { String($0.1) }
    }

    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await send(.GET, path, body: nil as ByteBuffer?, headers: headers)
    }

    func post(_ path: String, form: [String: String], headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = form.map { key, value in
            "\(key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\(value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
        var headers = headers
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, body: ByteBuffer(string: body), headers: headers)
    }

    /// Posts a file form (`multipart/form-data`) as a browser does: text fields, then one file.
    func postFile(_ path: String, fields: [String: String], file: (name: String, filename: String, type: String, bytes: [UInt8])) async throws -> TestingHTTPResponse {
        let boundary = "----entraide\(UUID().uuidString.prefix(8))"
        var body = ByteBuffer()
        for (key, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: \(file.type)\r\n\r\n")
        body.writeBytes(file.bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        return try await send(.POST, path, body: body, headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"])
    }

    /// Posts a page's own form: fetches it, then sends the fields with its CSRF token.
    func submit(_ formPath: String, to action: String, fields: [String: String]) async throws -> TestingHTTPResponse {
        let page = try await get(formPath)
        var fields = fields
        fields["csrf"] = try #require(WebClient.csrf(in: page.body.string), "no CSRF field on \(formPath)")
        return try await post(action, form: fields)
    }

    private func send(_ method: HTTPMethod, _ path: String, body: ByteBuffer?, headers: HTTPHeaders) async throws -> TestingHTTPResponse {
        var headers = headers
        headers.replaceOrAdd(name: .accept, value: "text/html")
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let res = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        lastSetCookies = res.headers[.setCookie]
        for header in lastSetCookies {
            guard let pair = header.split(separator: ";").first, let eq = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<eq]), value = String(pair[pair.index(after: eq)...])
            if value.isEmpty || header.contains("Max-Age=0") || header.lowercased().contains("expires=thu, 01 jan 1970") {
                cookies[name] = nil
            } else {
                cookies[name] = value
            }
        }
        return res
    }
}

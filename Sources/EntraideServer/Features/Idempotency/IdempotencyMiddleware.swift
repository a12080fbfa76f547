import Vapor
import Fluent

/// Honours the `Idempotency-Key` header on every POST of a signed-in member: the API's
/// (bearer token) and the web pages' (session cookie, sent again by the service worker
/// when a form written offline finally leaves the phone).
///
/// The key is claimed (a row with a unique (member, key)) before the handler runs, so two
/// copies of one request arriving together cannot both create: the second is told the
/// first is in progress. A successful answer — 2xx, or the 3xx a web form answers with — is
/// stored and replayed to every retry, marked `Idempotent-Replayed: true`; a failed one
/// releases the key, so the client may retry.
struct IdempotencyMiddleware: AsyncMiddleware {
    static let header = "Idempotency-Key"
    /// Offline clients replay within days; a week covers a long time without signal.
    static let lifetime: TimeInterval = 7 * 24 * 3600
    static let maxStoredBody = 1 << 20

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard req.method == .POST, let key = req.headers.first(name: Self.header) else { return try await next.respond(to: req) }
        guard let user = req.auth.get(User.self), let userID = user.id else { return try await next.respond(to: req) }
        guard (1...200).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline }) else {
            throw AppError(.badRequest, "idempotency.invalid_key")
        }
        // Collected the way the route would (same limit, kept on the request): a body that
        // arrived in several reads is otherwise consumed here and the route waits for it forever.
        let body = try await req.body.collect(max: req.application.routes.defaultMaxBodySize.value).get() ?? ByteBuffer()
        let hash = Self.fingerprint(body, contentType: req.headers.contentType)
        let path = req.url.path

        if let existing = try await find(userID, key, on: req.db) {
            return try replay(existing, method: req.method.rawValue, path: path, hash: hash)
        }
        let claim = IdempotencyKey()
        claim.$user.id = userID
        claim.key = key
        claim.method = req.method.rawValue
        claim.path = path
        claim.requestHash = hash
        do {
            try await claim.create(on: req.db)
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            guard let existing = try await find(userID, key, on: req.db) else { throw error }
            return try replay(existing, method: req.method.rawValue, path: path, hash: hash)
        }

        let response: Response
        do {
            response = try await next.respond(to: req)
        } catch {
            try? await claim.delete(on: req.db)
            throw error
        }
        let status = Int(response.status.code)
        guard (200..<400).contains(status) else {
            try? await claim.delete(on: req.db)
            return response
        }
        let stored: Data
        if Self.isRedirect(status) {
            // What a redirect says is where it goes; its body is empty. The Location is kept
            // in the body column, so a replayed web form leads to the same page.
            stored = Data((response.headers.first(name: .location) ?? "").utf8)
        } else {
            stored = response.body.buffer.map { Data(buffer: $0) } ?? response.body.data ?? Data()
        }
        claim.status = status
        claim.contentType = response.headers.first(name: .contentType)
        claim.body = stored.count <= Self.maxStoredBody ? stored : Data()
        try await claim.save(on: req.db)
        return response
    }

    static func isRedirect(_ status: Int) -> Bool { (300..<400).contains(status) }

    /// The body's digest; a JSON body is read and written back with sorted keys first, so a
    /// client that serialises the same object in another key order is still recognised. A
    /// web form's CSRF token is left out: it is not what the member wrote, and a form kept
    /// offline may be sent again with a newer token than the first try's.
    static func fingerprint(_ body: ByteBuffer, contentType: HTTPMediaType? = nil) -> String {
        let data = Data(body.readableBytesView)
        if contentType == .urlEncodedForm {
            let fields = String(decoding: data, as: UTF8.self).split(separator: "&", omittingEmptySubsequences: false)
                .filter { $0 != CSRFMiddleware.fieldName && !$0.hasPrefix(CSRFMiddleware.fieldName + "=") }
            return Secrets.sha256(fields.joined(separator: "&"))
        }
        if let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
           let canonical = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed]) {
            return Secrets.sha256(String(decoding: canonical, as: UTF8.self))
        }
        return Secrets.sha256(String(decoding: data, as: UTF8.self))
    }

    private func find(_ userID: UUID, _ key: String, on database: any Database) async throws -> IdempotencyKey? {
        try await IdempotencyKey.query(on: database).filter(\.$user.$id == userID).filter(\.$key == key).first()
    }

    private func replay(_ stored: IdempotencyKey, method: String, path: String, hash: String) throws -> Response {
        guard stored.method == method, stored.path == path, stored.requestHash == hash else {
            throw AppError(.unprocessableEntity, "idempotency.key_reused")
        }
        guard let status = stored.status else { throw AppError(.conflict, "idempotency.in_progress") }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
        if Self.isRedirect(status) {
            let location = String(decoding: stored.body ?? Data(), as: UTF8.self)
            if !location.isEmpty { headers.replaceOrAdd(name: .location, value: location) }
            return Response(status: HTTPResponseStatus(statusCode: status), headers: headers)
        }
        if let contentType = stored.contentType { headers.replaceOrAdd(name: .contentType, value: contentType) }
        return Response(status: HTTPResponseStatus(statusCode: status), headers: headers, body: .init(data: stored.body ?? Data()))
    }

    static func sweep(on database: any Database, now: Date = Date()) async throws {
        try await IdempotencyKey.query(on: database).filter(\.$createdAt < now.addingTimeInterval(-lifetime)).delete()
    }
}

import Vapor
import Fluent

/// Honours the `Idempotency-Key` header on every POST of a signed-in member.
///
/// The key is claimed (a row with a unique (member, key)) before the handler runs, so two
/// copies of one request arriving together cannot both create: the second is told the
/// first is in progress. A successful answer is stored and replayed to every retry, marked
/// `Idempotent-Replayed: true`; a failed one releases the key, so the client may retry.
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
        let hash = Self.fingerprint(body)
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
        guard (200..<300).contains(Int(response.status.code)) else {
            try? await claim.delete(on: req.db)
            return response
        }
        let stored = response.body.buffer.map { Data(buffer: $0) } ?? response.body.data ?? Data()
        claim.status = Int(response.status.code)
        claim.contentType = response.headers.first(name: .contentType)
        claim.body = stored.count <= Self.maxStoredBody ? stored : Data()
        try await claim.save(on: req.db)
        return response
    }

    /// The body's digest; a JSON body is read and written back with sorted keys first, so a
    /// client that serialises the same object in another key order is still recognised.
    static func fingerprint(_ body: ByteBuffer) -> String {
        let data = Data(body.readableBytesView)
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
        if let contentType = stored.contentType { headers.replaceOrAdd(name: .contentType, value: contentType) }
        headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
        return Response(status: HTTPResponseStatus(statusCode: status), headers: headers, body: .init(data: stored.body ?? Data()))
    }

    static func sweep(on database: any Database, now: Date = Date()) async throws {
        try await IdempotencyKey.query(on: database).filter(\.$createdAt < now.addingTimeInterval(-lifetime)).delete()
    }
}

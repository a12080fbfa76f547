import Vapor
import Fluent

/// Opens, finds and revokes signed-in sessions (API tokens and web cookies alike).
enum SessionService {
    /// Sessions unused for this long stop working and are removed when next presented.
    static let idleLifetime: TimeInterval = 180 * 24 * 3600
    /// `last_used_at` is refreshed at most this often, so reads do not turn into writes.
    static let touchInterval: TimeInterval = 3600

    /// Returns the raw secret: it is shown once to the client and never stored.
    static func open(for user: User, kind: MemberSession.Kind, userAgent: String?, on database: any Database) async throws -> (secret: String, session: MemberSession) {
        let secret = Secrets.randomToken()
        let session = MemberSession(userID: try user.requireID(), tokenHash: Secrets.sha256(secret), kind: kind, userAgent: userAgent)
        try await session.create(on: database)
        return (secret, session)
    }

    /// The member behind a secret, with their staff roles, in one query: this runs on every
    /// authenticated request, so it goes through SQLKit rather than three Fluent queries.
    static func find(secret: String, kind: MemberSession.Kind, on database: any Database) async throws -> Authenticated? {
        guard secret.count >= 20, secret.count <= 100 else { return nil }
        let rows = try await database.sql.raw("""
            SELECT u.*, s.id AS session_id, s.last_used_at AS session_last_used_at, r.role AS staff_role
            FROM member_sessions s
            JOIN users u ON u.id = s.user_id
            LEFT JOIN user_roles r ON r.user_id = u.id
            WHERE s.token_hash = \(bind: Secrets.sha256(secret)) AND s.kind = \(bind: kind.rawValue)
            """).all()
        guard let first = rows.first else { return nil }
        let sessionID = try first.decode(column: "session_id", as: UUID.self)
        let lastUsedAt = try first.decode(column: "session_last_used_at", as: Date.self)
        let now = Date()
        if now.timeIntervalSince(lastUsedAt) > idleLifetime {
            try await MemberSession.query(on: database).filter(\.$id == sessionID).delete()
            return nil
        }
        let user = try User.decode(row: first)
        guard user.isActive, !user.isSanctioned(at: now) else { return nil }
        if now.timeIntervalSince(lastUsedAt) > touchInterval {
            try await MemberSession.query(on: database).filter(\.$id == sessionID).set(\.$lastUsedAt, to: now).update()
        }
        let roles = try rows.compactMap { try $0.decodeNil(column: "staff_role") ? nil : $0.decode(column: "staff_role", as: String.self) }
        return Authenticated(sessionID: sessionID, user: user, roles: roles.sorted())
    }

    struct Authenticated {
        let sessionID: UUID
        let user: User
        let roles: [String]
    }

    /// Ends the session a request was authenticated with.
    static func close(_ sessionID: UUID, on database: any Database) async throws {
        try await MemberSession.query(on: database).filter(\.$id == sessionID).delete()
    }

    static func list(for userID: UUID, on database: any Database) async throws -> [MemberSession] {
        try await MemberSession.query(on: database)
            .filter(\.$user.$id == userID)
            .sort(\.$lastUsedAt, .descending)
            .all()
    }

    /// Revokes one of the member's own sessions; another member's session id is "not found".
    static func revoke(sessionID: UUID, of userID: UUID, on database: any Database) async throws {
        guard let session = try await MemberSession.query(on: database)
            .filter(\.$id == sessionID).filter(\.$user.$id == userID).first()
        else { throw AppError.notFound("session.not_found") }
        try await session.delete(on: database)
    }

    static func revokeAll(of userID: UUID, on database: any Database) async throws {
        try await MemberSession.query(on: database).filter(\.$user.$id == userID).delete()
    }
}

extension Request {
    private struct AuthenticatedKey: StorageKey { typealias Value = SessionService.Authenticated }

    /// The session this request was authenticated with, and the member's roles, if any.
    var authenticated: SessionService.Authenticated? {
        get { storage[AuthenticatedKey.self] }
        set { storage[AuthenticatedKey.self] = newValue }
    }

    var currentSessionID: UUID? { authenticated?.sessionID }

    func requireMember() throws -> User {
        guard let user = auth.get(User.self) else { throw AppError.unauthenticated }
        return user
    }
}

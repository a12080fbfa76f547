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

    static func find(secret: String, kind: MemberSession.Kind, on database: any Database) async throws -> (MemberSession, User)? {
        guard secret.count >= 20, secret.count <= 100 else { return nil }
        guard let session = try await MemberSession.query(on: database)
            .filter(\.$tokenHash == Secrets.sha256(secret))
            .filter(\.$kind == kind.rawValue)
            .with(\.$user)
            .first()
        else { return nil }
        let now = Date()
        if now.timeIntervalSince(session.lastUsedAt) > idleLifetime {
            try await session.delete(on: database)
            return nil
        }
        guard session.user.isActive else { return nil }
        if now.timeIntervalSince(session.lastUsedAt) > touchInterval {
            session.lastUsedAt = now
            try await session.update(on: database)
        }
        return (session, session.user)
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
    private struct CurrentSessionKey: StorageKey { typealias Value = MemberSession }

    /// The session this request was authenticated with, if any.
    var currentSession: MemberSession? {
        get { storage[CurrentSessionKey.self] }
        set { storage[CurrentSessionKey.self] = newValue }
    }

    func requireMember() throws -> User {
        guard let user = auth.get(User.self) else { throw AppError.unauthenticated }
        return user
    }
}

import Vapor
import Fluent
import SQLKit

/// How many attempts one key may make in a window.
struct RateLimit: Sendable {
    let name: String
    let allowance: Int
    let windowSeconds: Int

    static let signupPerIP = RateLimit(name: "signup.ip", allowance: 20, windowSeconds: 3600)
    static let loginPerIP = RateLimit(name: "login.ip", allowance: 30, windowSeconds: 900)
    static let loginPerAccount = RateLimit(name: "login.account", allowance: 10, windowSeconds: 900)
    static let smsPerIP = RateLimit(name: "sms.ip", allowance: 10, windowSeconds: 3600)
    static let smsPerPhone = RateLimit(name: "sms.phone", allowance: 5, windowSeconds: 3600)
    static let codeCheckPerIP = RateLimit(name: "code.ip", allowance: 30, windowSeconds: 900)
    /// Public writes (actions, events, groups, posts, comments) and messages, per member.
    static let publishPerMember = RateLimit(name: "publish.member", allowance: 60, windowSeconds: 3600)
    static let messagePerMember = RateLimit(name: "message.member", allowance: 300, windowSeconds: 3600)
    static let reportPerMember = RateLimit(name: "report.member", allowance: 30, windowSeconds: 3600)
    /// Each miss costs the association a provider request.
    static let translatePerMember = RateLimit(name: "translate.member", allowance: 120, windowSeconds: 3600)
}

/// Fixed-window counters kept in the database, so a limit holds across every instance.
///
/// One upsert per check: the row for (limit, key) is reset when its window has passed and
/// incremented otherwise, and the new count comes back in the same statement. Works the
/// same on SQLite (3.35+) and PostgreSQL.
enum RateLimiter {
    static func hit(_ limit: RateLimit, key: String, factor: Int, on database: any Database, now: Date = Date()) async throws {
        let nowSeconds = Int(now.timeIntervalSince1970)
        let windowStart = nowSeconds - nowSeconds % limit.windowSeconds
        let bucket = limit.name + ":" + String(key.prefix(200))
        struct Row: Decodable { let hits: Int }
        let row = try await database.sql.raw("""
            INSERT INTO rate_limit_counters (bucket, window_start, hits) VALUES (\(bind: bucket), \(bind: windowStart), 1)
            ON CONFLICT (bucket) DO UPDATE SET
              hits = CASE WHEN rate_limit_counters.window_start = excluded.window_start THEN rate_limit_counters.hits + 1 ELSE 1 END,
              window_start = excluded.window_start
            RETURNING hits
            """).first(decoding: Row.self)
        let allowance = limit.allowance * factor
        if let hits = row?.hits, hits > allowance {
            throw AppError.tooManyRequests(retryAfter: max(1, windowStart + limit.windowSeconds - nowSeconds))
        }
    }

    /// Old windows are useless; the background sweep removes them.
    static func sweep(on database: any Database, now: Date = Date()) async throws {
        let cutoff = Int(now.timeIntervalSince1970) - 24 * 3600
        try await database.sql.raw("DELETE FROM rate_limit_counters WHERE window_start < \(bind: cutoff)").run()
    }
}

extension Request {
    /// Counts one attempt against a limit, for this client address or another key.
    func rateLimit(_ limit: RateLimit, key: String? = nil) async throws {
        try await RateLimiter.hit(limit, key: key ?? clientAddress, factor: config.rateLimitFactor, on: db)
    }

    /// The caller's address: the socket's peer, or the first `X-Forwarded-For` hop when the
    /// platform runs behind a trusted proxy.
    var clientAddress: String {
        if config.trustForwardedFor,
           let forwarded = headers.first(name: "X-Forwarded-For")?.split(separator: ",").first {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }
}

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

/// Limits kept in the database, so they hold across every instance.
///
/// Generic cell rate: each key has a "theoretical arrival time" (TAT) that every accepted
/// attempt pushes one interval (`window / allowance`) further. An attempt is accepted while
/// the TAT stays within one window of now, so a full allowance may come at once, then one
/// more per interval. Unlike clock windows there is no edge where the count resets: twice
/// the allowance never passes in one window.
///
/// One upsert per check. In an UPDATE every SET expression reads the row as it was, on
/// SQLite and PostgreSQL alike, so `allowed` and `tat_ms` are decided from the same TAT.
enum RateLimiter {
    static func hit(_ limit: RateLimit, key: String, factor: Int, on database: any Database, now: Date = Date()) async throws {
        let nowMs = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let windowMs = Int64(limit.windowSeconds) * 1000
        let intervalMs = max(1, windowMs / Int64(max(1, limit.allowance * factor)))
        let bucket = limit.name + ":" + String(key.prefix(200))
        // Accepted when max(TAT, now) + interval <= now + window; as interval <= window,
        // that is TAT <= latest.
        let latest = nowMs + windowMs - intervalMs
        struct Row: Decodable { let tat_ms: Int64; let allowed: Int }
        let row = try await database.sql.raw("""
            INSERT INTO rate_limit_buckets (bucket, tat_ms, allowed) VALUES (\(bind: bucket), \(bind: nowMs + intervalMs), 1)
            ON CONFLICT (bucket) DO UPDATE SET
              allowed = CASE WHEN rate_limit_buckets.tat_ms <= \(bind: latest) THEN 1 ELSE 0 END,
              tat_ms = CASE WHEN rate_limit_buckets.tat_ms <= \(bind: latest)
                THEN (CASE WHEN rate_limit_buckets.tat_ms > \(bind: nowMs) THEN rate_limit_buckets.tat_ms ELSE \(bind: nowMs) END) + \(bind: intervalMs)
                ELSE rate_limit_buckets.tat_ms END
            RETURNING tat_ms, allowed
            """).first(decoding: Row.self)
        if let row, row.allowed == 0 {
            // The next attempt fits once the TAT, plus one interval, is back within a window.
            let waitMs = row.tat_ms + intervalMs - nowMs - windowMs
            throw AppError.tooManyRequests(retryAfter: max(1, Int((waitMs + 999) / 1000)))
        }
    }

    /// A bucket whose TAT has passed is back to a full allowance, the same as no row at all.
    static func sweep(on database: any Database, now: Date = Date()) async throws {
        let nowMs = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        try await database.sql.raw("DELETE FROM rate_limit_buckets WHERE tat_ms < \(bind: nowMs)").run()
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

import Vapor
import Fluent
import SQLKit
import EntraideCore

/// Issues and checks the 6-digit SMS codes. A code is stored as an HMAC keyed by the
/// platform secret and bound to its phone number, lives 10 minutes, and dies after 5 tries.
enum PhoneCodes {
    static func fingerprint(code: String, phone: String, secret: String) -> String {
        Secrets.hmac(phone + ":" + code, key: secret)
    }

    /// Replaces any earlier code for the same number and purpose: only the newest one works.
    static func issue(phone: String, purpose: OneTimeCode.Purpose, userID: UUID?, secret: String, on database: any Database, now: Date = Date()) async throws -> String {
        let code = OneTimeCodePolicy.generate()
        try await OneTimeCode.query(on: database)
            .filter(\.$phone == phone).filter(\.$purpose == purpose.rawValue).delete()
        let record = OneTimeCode(
            phone: phone, purpose: purpose, userID: userID,
            codeHash: fingerprint(code: code, phone: phone, secret: secret),
            expiresAt: now.addingTimeInterval(TimeInterval(OneTimeCodePolicy.lifetimeSeconds)))
        try await record.create(on: database)
        return code
    }

    /// Every try counts before the comparison, in one conditional update, so parallel
    /// guesses cannot slip past the limit.
    /// `owner` restricts the search to codes issued for that member (a phone change), so
    /// another member's guesses never touch them.
    static func verify(phone: String, purpose: OneTimeCode.Purpose, code: String, owner: UUID? = nil, secret: String, on database: any Database, now: Date = Date()) async throws -> OneTimeCode {
        let query = OneTimeCode.query(on: database)
            .filter(\.$phone == phone).filter(\.$purpose == purpose.rawValue)
            .filter(\.$usedAt == nil)
        if let owner { query.filter(\.$user.$id == owner) }
        guard let record = try await query.sort(\.$createdAt, .descending).first(),
            let id = record.id
        else { throw AppError(.unauthorized, "auth.code_invalid", field: "code") }

        struct Row: Decodable { let attempts: Int }
        let counted = try await database.sql.raw("""
            UPDATE one_time_codes SET attempts = attempts + 1
            WHERE id = \(bind: id) AND attempts < \(bind: OneTimeCodePolicy.maxAttempts) AND used_at IS NULL
            RETURNING attempts
            """).first(decoding: Row.self)
        guard counted != nil else { throw AppError(.unauthorized, "auth.code_invalid", field: "code") }
        guard record.expiresAt > now else { throw AppError(.unauthorized, "auth.code_expired", field: "code") }
        let expected = fingerprint(code: code, phone: phone, secret: secret)
        guard OneTimeCodePolicy.isWellFormed(code), Secrets.constantTimeEquals(expected, record.codeHash) else {
            throw AppError(.unauthorized, "auth.code_invalid", field: "code")
        }
        record.usedAt = now
        try await record.update(on: database)
        return record
    }
}

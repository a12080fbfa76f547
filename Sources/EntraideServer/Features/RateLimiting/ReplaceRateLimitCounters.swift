import Fluent
import SQLKit

/// Fixed-window counters reset on the clock's edges, so twice the allowance could pass
/// across one edge (and a test straddling one saw no limit at all). Buckets keep one
/// "theoretical arrival time" per key instead; see `RateLimiter`.
struct ReplaceRateLimitCounters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.create(table: "rate_limit_buckets")
            .column("bucket", type: .text, .primaryKey(autoIncrement: false))
            .column("tat_ms", type: .bigint, .notNull)
            .column("allowed", type: .int, .notNull)
            .run()
        try await database.sql.drop(table: "rate_limit_counters").run()
    }

    func revert(on database: any Database) async throws {
        try await CreateRateLimitCounters().prepare(on: database)
        try await database.sql.drop(table: "rate_limit_buckets").run()
    }
}

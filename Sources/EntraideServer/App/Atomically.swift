import Fluent
import SQLKit

extension Database {
    /// Runs `work` as one piece: in a transaction of its own, or, when the caller is already in
    /// one, in a savepoint. An error thrown by `work` then undoes its writes and only them,
    /// even when the caller catches it and goes on. Fluent's `transaction` inside a transaction
    /// runs `work` in the outer one without a savepoint (what it wrote before failing stayed),
    /// and in a task of its own, away from the caller's thread.
    func atomically<T: Sendable>(_ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard inTransaction else { return try await transaction(work) }
        try await sql.raw("SAVEPOINT atomically").run()
        let value: T
        do {
            value = try await work(self)
        } catch {
            try await sql.raw("ROLLBACK TO SAVEPOINT atomically").run()
            try await sql.raw("RELEASE SAVEPOINT atomically").run()
            throw error
        }
        try await sql.raw("RELEASE SAVEPOINT atomically").run()
        return value
    }
}

import Vapor
import Fluent
import SQLKit

/// SQLite lets one connection write at a time, so received texts are written one after the
/// other whatever we do; what costs is a transaction and a commit per text, and a connection
/// sleeping on the lock while another commits. So texts that arrive while a batch is being
/// written wait here together and become the next batch: one transaction that takes the write
/// lock first, each text in its own savepoint (a text that fails rolls back alone and its
/// webhook gets an error, so the provider sends it again), one commit. A webhook still answers
/// only once its text and its answer are committed. PostgreSQL needs none of this: rows are
/// locked one by one and texts are written side by side, each in its own transaction.
actor SMSGroupCommit {
    typealias Exchange = @Sendable (any Database) async throws -> SMSInboundService.Outcome

    private struct Waiting {
        let exchange: Exchange
        let database: any Database
        let continuation: CheckedContinuation<SMSInboundService.Outcome, any Error>
    }

    /// A batch's texts are written one by one while the next batch gathers; a bound keeps the
    /// first text of a batch from waiting for too many others.
    static let maxBatch = 64

    private var waiting: [Waiting] = []
    private var writing = false

    func run(on database: any Database, _ exchange: @escaping Exchange) async throws -> SMSInboundService.Outcome {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(Waiting(exchange: exchange, database: database, continuation: continuation))
            if !writing {
                writing = true
                Task { await self.writeWhileWaiting() }
            }
        }
    }

    private func writeWhileWaiting() async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(Self.maxBatch))
            waiting.removeFirst(batch.count)
            // Texts arriving meanwhile join `waiting` (the actor is free while this awaits).
            await write(batch)
        }
        writing = false
    }

    private func write(_ batch: [Waiting]) async {
        let exchanges = batch.map(\.exchange)
        do {
            let outcomes = try await batch[0].database.transaction { db in
                // A write that matches no row still takes SQLite's write lock, so no other
                // writer can commit between this batch's reads and its writes.
                try await db.sql.raw("UPDATE sms_inbound SET id = id WHERE 0 = 1").run()
                var outcomes: [Result<SMSInboundService.Outcome, any Error>] = []
                outcomes.reserveCapacity(exchanges.count)
                for exchange in exchanges {
                    try await db.sql.raw("SAVEPOINT sms_text").run()
                    do {
                        let outcome = try await exchange(db)
                        try await db.sql.raw("RELEASE sms_text").run()
                        outcomes.append(.success(outcome))
                    } catch {
                        try await db.sql.raw("ROLLBACK TO sms_text").run()
                        try await db.sql.raw("RELEASE sms_text").run()
                        outcomes.append(.failure(error))
                    }
                }
                return outcomes
            }
            for (waiting, outcome) in zip(batch, outcomes) { waiting.continuation.resume(with: outcome) }
        } catch {
            // The commit itself failed: nothing of the batch was kept, every sender retries.
            for waiting in batch { waiting.continuation.resume(throwing: error) }
        }
    }
}

extension Application {
    private struct SMSGroupCommitKey: StorageKey { typealias Value = SMSGroupCommit }

    /// The group commit on SQLite; nil on PostgreSQL.
    var smsGroupCommit: SMSGroupCommit? {
        get { storage[SMSGroupCommitKey.self] }
        set { storage[SMSGroupCommitKey.self] = newValue }
    }
}

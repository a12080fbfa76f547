import Vapor
import Fluent
import SQLKit

/// SQLite lets one connection write at a time, so received texts are written one after the
/// other whatever we do; what costs is a transaction and a commit per text, and a connection
/// sleeping on the lock while another commits. So texts that arrive while a batch is being
/// written wait here together and become the next batch: one transaction that takes the write
/// lock first, the texts one after the other, one commit. When a text fails, the batch is
/// rolled back and written again with each text in its own savepoint, so that text fails
/// alone (its webhook gets an error and the provider sends it again). A webhook still answers
/// only once its text and its answer are committed. PostgreSQL needs none of this: rows are
/// locked one by one and texts are written side by side, each in its own transaction.
///
/// A text's exchange may be run twice (the second time after a rollback), so it does nothing
/// outside the database that it would regret; what it queues for the live hub is the one
/// exception, as it already was for a text that failed alone.
actor SMSGroupCommit {
    typealias Exchange = @Sendable (any Database) async throws -> SMSInboundService.Outcome

    private struct Waiting {
        let exchange: Exchange
        let continuation: CheckedContinuation<SMSInboundService.Outcome, any Error>
    }

    /// A batch's texts are written one by one while the next batch gathers; a bound keeps the
    /// first text of a batch from waiting for too many others.
    static let maxBatch = 64

    private var waiting: [Waiting] = []
    private var writing = false

    func run(on database: any Database, _ exchange: @escaping Exchange) async throws -> SMSInboundService.Outcome {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(Waiting(exchange: exchange, continuation: continuation))
            if !writing {
                writing = true
                // The batches run on the event loop of the connection they write with: each
                // statement's answer then comes back to the thread that waits for it, instead
                // of waking another thread to go on (a good part of a statement's cost here).
                let executor = EventLoopTaskExecutor(database.eventLoop)
                Task(executorPreference: executor) { await self.writeWhileWaiting(on: database) }
            }
        }
    }

    private func writeWhileWaiting(on database: any Database) async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(Self.maxBatch))
            waiting.removeFirst(batch.count)
            // Texts arriving meanwhile join `waiting` (the actor is free while this awaits).
            await write(batch, on: database)
        }
        writing = false
    }

    private func write(_ batch: [Waiting], on database: any Database) async {
        let exchanges = batch.map(\.exchange)
        do {
            let outcomes = try await writeTogether(exchanges, on: database)
            for (waiting, outcome) in zip(batch, outcomes) { waiting.continuation.resume(with: .success(outcome)) }
        } catch let failed as TextFailed where batch.count > 1 {
            // One text failed and the whole batch was rolled back: write it again, each text
            // in its own savepoint this time, so the others are kept and that one fails alone.
            _ = failed
            await writeApart(batch, on: database)
        } catch let failed as TextFailed {
            batch[0].continuation.resume(throwing: failed.error)
        } catch {
            // The commit itself failed: nothing of the batch was kept, every sender retries.
            for waiting in batch { waiting.continuation.resume(throwing: error) }
        }
    }

    /// A text of an optimistic batch failed; the transaction rolls back.
    private struct TextFailed: Error { let error: any Error }

    /// The usual case: every text succeeds, and a savepoint per text (two statements each,
    /// a good part of a text's time in the lock) would be spent for nothing.
    private func writeTogether(_ exchanges: [Exchange], on database: any Database) async throws -> [SMSInboundService.Outcome] {
        try await database.transaction { db in
            try await Self.lockForWriting(db)
            var outcomes: [SMSInboundService.Outcome] = []
            outcomes.reserveCapacity(exchanges.count)
            for exchange in exchanges {
                do {
                    outcomes.append(try await exchange(db))
                } catch {
                    throw TextFailed(error: error)
                }
            }
            return outcomes
        }
    }

    private func writeApart(_ batch: [Waiting], on database: any Database) async {
        let exchanges = batch.map(\.exchange)
        do {
            let outcomes = try await database.transaction { db in
                try await Self.lockForWriting(db)
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
            for waiting in batch { waiting.continuation.resume(throwing: error) }
        }
    }

    /// A write that matches no row still takes SQLite's write lock, so no other writer can
    /// commit between this batch's reads and its writes.
    private static func lockForWriting(_ db: any Database) async throws {
        try await db.sql.raw("UPDATE sms_inbound SET id = id WHERE 0 = 1").run()
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

import Vapor
import Fluent
import SQLKit
import NIOConcurrencyHelpers

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
/// The batches are written by a thread and a SQLite connection of their own
/// (`DirectSQLiteConnection`), whose statements run where they are called.
///
/// A text's exchange may be run twice (the second time after a rollback), so it does nothing
/// outside the database that it would regret; what it queues for the live hub is the one
/// exception, as it already was for a text that failed alone.
final class SMSGroupCommit: Sendable {
    typealias Exchange = @Sendable (any Database) async throws -> SMSInboundService.Outcome

    private struct Waiting {
        let exchange: Exchange
        let continuation: CheckedContinuation<SMSInboundService.Outcome, any Error>
    }

    /// A batch's texts are written one by one while the next batch gathers; a bound keeps the
    /// first text of a batch from waiting for too many others.
    static let maxBatch = 64

    /// The database file, and the writer's own thread and connection to it, made at the
    /// first text. Its statements run on that thread as they are called: SQLiteNIO's pool
    /// would send each one to another thread and its answer back, and those wake-ups, not
    /// SQLite, were most of a text's time in the write lock.
    private let path: String

    private struct Writer: Sendable {
        let thread: MultiThreadedEventLoopGroup
        let connection: DirectSQLiteConnection
        let database: DirectSQLiteDatabase
    }

    /// A lock rather than an actor: the writer takes each batch without leaving its thread
    /// (an actor may run its turn on whichever thread last held it).
    private struct State {
        var waiting: [Waiting] = []
        var writing = false
        var writer: Writer?
    }
    private let state = NIOLockedValueBox(State())

    init(path: String) {
        self.path = path
    }

    /// `database` is the application's: its configuration (model middleware) and logger are
    /// the writer's too.
    func run(on database: any Database, _ exchange: @escaping Exchange) async throws -> SMSInboundService.Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let start: Result<Writer?, any Error> = state.withLockedValue { state in
                do {
                    let writer = try state.writer ?? open(like: database)
                    state.writer = writer
                    state.waiting.append(Waiting(exchange: exchange, continuation: continuation))
                    guard !state.writing else { return .success(nil) }
                    state.writing = true
                    return .success(writer)
                } catch {
                    return .failure(error)
                }
            }
            switch start {
            case .failure(let error):
                continuation.resume(throwing: error)
            case .success(let writer?):
                let executor = EventLoopTaskExecutor(writer.database.eventLoop)
                Task(executorPreference: executor) { await self.writeWhileWaiting(on: writer.database) }
            case .success(nil):
                break
            }
        }
    }

    private func open(like database: any Database) throws -> Writer {
        let thread = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let connection: DirectSQLiteConnection
        do {
            connection = try DirectSQLiteConnection(path: path)
        } catch {
            thread.shutdownGracefully { _ in }
            throw error
        }
        let context = DatabaseContext(configuration: database.context.configuration, logger: database.logger, eventLoop: thread.next())
        return Writer(thread: thread, connection: connection, database: DirectSQLiteDatabase(connection: connection, context: context))
    }

    /// Closes the writer's connection and stops its thread, once the texts it holds are written.
    func close() async {
        while state.withLockedValue({ $0.writing }) { try? await Task.sleep(for: .milliseconds(5)) }
        let writer: Writer? = state.withLockedValue { state in
            defer { state.writer = nil }
            return state.writer
        }
        guard let writer else { return }
        writer.connection.close()
        try? await writer.thread.shutdownGracefully()
    }

    private func writeWhileWaiting(on database: DirectSQLiteDatabase) async {
        while true {
            // Texts arriving while a batch is written wait for the next one.
            let batch: [Waiting] = state.withLockedValue { state in
                let batch = Array(state.waiting.prefix(Self.maxBatch))
                state.waiting.removeFirst(batch.count)
                if batch.isEmpty { state.writing = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            await write(batch, on: database)
        }
    }

    private func write(_ batch: [Waiting], on database: DirectSQLiteDatabase) async {
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
    private func writeTogether(_ exchanges: [Exchange], on database: DirectSQLiteDatabase) async throws -> [SMSInboundService.Outcome] {
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

    private func writeApart(_ batch: [Waiting], on database: DirectSQLiteDatabase) async {
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

/// The group commit's connection is closed, and its thread stopped, with the application.
struct SMSGroupCommitLifecycle: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await application.smsGroupCommit?.close()
    }
}

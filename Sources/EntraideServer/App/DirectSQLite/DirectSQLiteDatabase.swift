import NIOCore
import Logging
import FluentKit
import FluentSQL
import SQLKit
import SQLiteKit
import SQLiteNIO

/// Fluent and SQLKit over a `DirectSQLiteConnection`: the same SQL, encodings and model
/// middleware as fluent-sqlite-driver's databases, so code written for `any Database` runs on
/// it unchanged. Every statement has run when its call returns (its future is already
/// complete), on the caller's thread.
struct DirectSQLiteDatabase: Database, SQLDatabase {
    let connection: DirectSQLiteConnection
    let context: DatabaseContext
    let inTransaction: Bool

    private static let encoder = SQLiteDataEncoder()
    private static let decoder = SQLiteDataDecoder()

    init(connection: DirectSQLiteConnection, context: DatabaseContext, inTransaction: Bool = false) {
        self.connection = connection
        self.context = context
        self.inTransaction = inTransaction
    }

    // MARK: Database

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        var sql = SQLQueryConverter(delegate: DirectSQLiteConverter()).convert(query)
        // A created row's id is read back, as fluent-sqlite-driver does (an empty custom id key
        // means a composite id, which has none to return).
        if case .create = query.action, query.customIDKey != .some(.string("")) {
            sql = SQLList([sql, SQLReturning(SQLColumn((query.customIDKey ?? .id).description))], separator: SQLRaw(" "))
        }
        return execute(sql: sql) { onOutput(DirectSQLiteOutput(row: $0, schema: nil)) }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        // Migrations run on the pool's connections; this one only reads and writes rows.
        eventLoop.makeFailedFuture(DirectSQLiteError(code: 1, message: "schema changes are not run on a direct connection"))
    }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> {
        eventLoop.makeSucceededFuture(())
    }

    func withConnection<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        closure(self)
    }

    func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        guard !inTransaction else { return closure(self) }
        let inside = DirectSQLiteDatabase(connection: connection, context: context, inTransaction: true)
        do {
            _ = try connection.query("BEGIN TRANSACTION", [])
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        return closure(inside).flatMap { value in
            do {
                _ = try connection.query("COMMIT TRANSACTION", [])
                return eventLoop.makeSucceededFuture(value)
            } catch {
                _ = try? connection.query("ROLLBACK TRANSACTION", [])
                return eventLoop.makeFailedFuture(error)
            }
        }.flatMapErrorThrowing { error in
            if connection.inTransaction { _ = try? connection.query("ROLLBACK TRANSACTION", []) }
            throw error
        }
    }

    /// The writer calls this one directly (not through `any Database`, whose async
    /// `transaction` starts a task of its own): the closure goes on in the caller's task.
    func transaction<T: Sendable>(_ closure: @Sendable (any Database) async throws -> T) async throws -> T {
        guard !inTransaction else { return try await closure(self) }
        let inside = DirectSQLiteDatabase(connection: connection, context: context, inTransaction: true)
        _ = try connection.query("BEGIN TRANSACTION", [])
        do {
            let value = try await closure(inside)
            _ = try connection.query("COMMIT TRANSACTION", [])
            return value
        } catch {
            if connection.inTransaction { _ = try? connection.query("ROLLBACK TRANSACTION", []) }
            throw error
        }
    }

    // MARK: SQLDatabase

    var logger: Logger { context.logger }
    var eventLoop: any EventLoop { context.eventLoop }
    var dialect: any SQLDialect { DirectSQLiteDialect() }
    /// Bound values hold names and numbers: queries are logged at trace level only, as the pool's are.
    var queryLogLevel: Logger.Level? { .trace }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try run(query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        let (sql, binds) = serialize(query)
        if let level = queryLogLevel, logger.logLevel <= level {
            logger.log(level: level, "Executing query", metadata: ["sql": .string(sql)])
        }
        let rows = try connection.query(sql, binds.map { try Self.encoder.encode($0) })
        guard !rows.columns.isEmpty else { return }
        let names = DirectSQLiteRow.Names(rows.columns)
        let width = rows.columns.count
        var start = 0
        while start < rows.values.count {
            onRow(DirectSQLiteRow(names: names, values: rows.values[start..<start + width], decoder: Self.decoder))
            start += width
        }
    }
}

/// Column types only matter to schema changes, which this database does not run.
private struct DirectSQLiteConverter: SQLConverterDelegate {
    func customDataType(_ dataType: DatabaseSchema.DataType) -> (any SQLExpression)? { nil }
}

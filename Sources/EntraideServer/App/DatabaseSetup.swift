import Vapor
import Fluent
import FluentSQLiteDriver
import FluentPostgresDriver
import SQLKit

/// Chooses the store from `DATABASE_URL`: a `postgres://` URL, or a SQLite file path.
enum DatabaseSetup {
    static func configure(_ app: Application, url: String, postgresSearchPath: [String]? = nil) throws {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            var configuration = try SQLPostgresConfiguration(url: url)
            if let postgresSearchPath { configuration.searchPath = postgresSearchPath }
            // Queries are logged with their bound values (names, numbers): only at trace level.
            app.databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(10), sqlLogLevel: .trace), as: .psql)
        } else {
            let path = sqlitePath(url) ?? url
            app.databases.use(.sqlite(.file(path), maxConnectionsPerEventLoop: 1, connectionPoolTimeout: .seconds(10), sqlLogLevel: .trace), as: .sqlite)
        }
    }

    /// The SQLite file a `DATABASE_URL` names; nil for PostgreSQL.
    static func sqlitePath(_ url: String) -> String? {
        guard !url.hasPrefix("postgres://"), !url.hasPrefix("postgresql://") else { return nil }
        return url.hasPrefix("sqlite://") ? String(url.dropFirst("sqlite://".count)) : url
    }

    /// WAL lets readers go on while the single writer writes; foreign keys are off by default
    /// in SQLite. The journal mode is stored in the file, the foreign-key switch per connection
    /// (fluent-sqlite-driver turns it on for each connection it opens).
    static func prepare(_ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }

    /// `synchronous` and the busy handler are per connection. Each event loop has one SQLite
    /// connection, so each loop's database reaches its own: without this, one connection
    /// fsynced every commit, and a connection waiting for the other's write lock spun on the
    /// CPU (SQLiteNIO's handler retries at once), which took 40 % of the CPU under writes.
    /// `busy_timeout` replaces that handler with one that sleeps between tries.
    static func prepareConnections(_ app: Application) async throws {
        guard !app.config.databaseURL.hasPrefix("postgres") else { return }
        for eventLoop in app.eventLoopGroup.makeIterator() {
            guard let sql = app.databases.database(logger: app.logger, on: eventLoop) as? any SQLDatabase else { continue }
            try await sql.raw("PRAGMA synchronous=NORMAL").run()
            try await sql.raw("PRAGMA busy_timeout=10000").run()
        }
    }
}

extension Database {
    var sql: any SQLDatabase { self as! any SQLDatabase }
    var isPostgres: Bool { sql.dialect.name == "postgresql" }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import SQLKit
import FluentPostgresDriver
@testable import EntraideServer

/// One application per test, on its own store: a fresh SQLite file in a temporary folder,
/// or — when `ENTRAIDE_TEST_DATABASE` is a `postgres://` URL — a fresh schema of that
/// database. Both are removed afterwards.
func withEntraide<T>(
    rateLimitFactor: Int = 1,
    _ body: (Application) async throws -> T
) async throws -> T {
    let target = ProcessInfo.processInfo.environment["ENTRAIDE_TEST_DATABASE"] ?? "sqlite"
    let app = try await Application.make(.testing)
    var cleanup: () async throws -> Void = {}
    var shutDown = false
    do {
        var config = AppConfig.fromEnvironment(.testing)
        config.secret = "test-secret"
        config.rateLimitFactor = rateLimitFactor
        config.secureCookies = false
        config.smsWorker = false
        var searchPath: [String]?
        if target.hasPrefix("postgres") {
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await PostgresSchemas.create(schema, url: target)
            config.databaseURL = target
            searchPath = [schema]
            cleanup = { try await PostgresSchemas.drop(schema, url: target) }
        } else {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("entraide-tests-" + UUID().uuidString)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            config.databaseURL = folder.appendingPathComponent("test.sqlite").path
            cleanup = { try? FileManager.default.removeItem(at: folder) }
        }
        try await configure(app, config: config, postgresSearchPath: searchPath)
        let result = try await body(app)
        shutDown = true
        try await app.asyncShutdown()
        try await cleanup()
        return result
    } catch {
        // Shut down once only (a failing cleanup must not shut the application down again).
        if !shutDown { try? await app.asyncShutdown() }
        try? await cleanup()
        throw error
    }
}

var isPostgresRun: Bool {
    (ProcessInfo.processInfo.environment["ENTRAIDE_TEST_DATABASE"] ?? "").hasPrefix("postgres")
}

/// Creates and drops the per-test schemas through a short-lived connection of its own.
enum PostgresSchemas {
    static func run(_ sql: String, url: String) async throws {
        let app = try await Application.make(.testing)
        do {
            app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url)), as: .psql)
            try await (app.db as! any SQLDatabase).raw(SQLQueryString(sql)).run()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    static func create(_ schema: String, url: String) async throws {
        try await run("CREATE SCHEMA \"\(schema)\"", url: url)
    }

    static func drop(_ schema: String, url: String) async throws {
        try await run("DROP SCHEMA IF EXISTS \"\(schema)\" CASCADE", url: url)
    }
}

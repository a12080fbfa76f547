import Foundation
import Testing
import Vapor
import Fluent
import SQLKit
@testable import EntraideServer

/// The SMS writer's own SQLite connection must read and write rows exactly as the pool's
/// connections do: both write the same tables, and each reads what the other wrote.
@Suite(.enabled(if: !isPostgresRun, "a SQLite connection of its own; PostgreSQL has none"))
struct DirectSQLiteTests {
    static func direct(_ app: Application) throws -> (DirectSQLiteConnection, DirectSQLiteDatabase) {
        let connection = try DirectSQLiteConnection(path: app.config.databaseURL)
        let context = DatabaseContext(configuration: app.db.context.configuration, logger: app.logger, eventLoop: app.eventLoopGroup.next())
        return (connection, DirectSQLiteDatabase(connection: connection, context: context))
    }

    @Test func aMemberWrittenOnOneConnectionReadsTheSameOnTheOther() async throws {
        try await withEntraide { app in
            let (connection, direct) = try Self.direct(app)
            defer { connection.close() }
            let written = User(firstName: "Awa", lastName: "Diallo", goal: .askForHelp, language: .fr)
            written.phone = "+33612345678"
            written.spokenLanguages = ["fr", "wo"]
            written.travelDistanceKm = 12
            written.lowData = true
            written.phoneVerifiedAt = Date(timeIntervalSince1970: 1_790_000_000.25)
            try await written.create(on: direct)
            let id = try #require(written.id)

            let read = try #require(try await User.find(id, on: app.db))
            #expect(read.firstName == "Awa")
            #expect(read.phone == "+33612345678")
            #expect(read.spokenLanguages == ["fr", "wo"])
            #expect(read.travelDistanceKm == 12)
            #expect(read.lowData)
            #expect(read.suspendedUntil == nil)
            #expect(abs(read.phoneVerifiedAt!.timeIntervalSince1970 - 1_790_000_000.25) < 0.001)
            #expect(read.createdAt != nil)

            // And back: a change made through the pool is what the direct connection reads.
            read.city = "Lyon"
            read.spokenLanguages = []
            try await read.save(on: app.db)
            let again = try #require(try await User.query(on: direct).filter(\.$phone == "+33612345678").first())
            #expect(again.id == id)
            #expect(again.city == "Lyon")
            #expect(again.spokenLanguages.isEmpty)
            #expect(again.createdAt == read.createdAt)
            let count = try await User.query(on: direct).filter(\.$lowData == true).count()
            #expect(count == 1)
        }
    }

    @Test func aBrokenConstraintIsAConstraintFailureAndTheTransactionGoesOn() async throws {
        try await withEntraide { app in
            let (connection, direct) = try Self.direct(app)
            defer { connection.close() }
            try await direct.transaction { (db: any Database) in
                try await db.sql.raw("""
                    INSERT INTO sms_inbound (id, from_phone, body, driver, provider_message_id, command, created_at)
                    VALUES (\(bind: UUID()), '+33600000001', 'a', 'test', 'same', 'menu', \(bind: Date()))
                    """).run()
                do {
                    try await db.sql.raw("""
                        INSERT INTO sms_inbound (id, from_phone, body, driver, provider_message_id, command, created_at)
                        VALUES (\(bind: UUID()), '+33600000002', 'b', 'test', 'same', 'menu', \(bind: Date()))
                        """).run()
                    Issue.record("a second text under one provider id was accepted")
                } catch let error as any DatabaseError {
                    #expect(error.isConstraintFailure)
                    #expect(!error.isSyntaxError)
                }
                try await db.sql.raw("""
                    INSERT INTO sms_inbound (id, from_phone, body, driver, provider_message_id, command, created_at)
                    VALUES (\(bind: UUID()), '+33600000003', 'c', 'test', 'other', 'menu', \(bind: Date()))
                    """).run()
            }
            let phones = try await SMSInbound.query(on: app.db).all().map(\.fromPhone).sorted()
            #expect(phones == ["+33600000001", "+33600000003"])
        }
    }

    @Test func aTransactionThatThrowsLeavesNothingAndTheConnectionIsFreeAgain() async throws {
        struct Refused: Error {}
        try await withEntraide { app in
            let (connection, direct) = try Self.direct(app)
            defer { connection.close() }
            await #expect(throws: Refused.self) {
                try await direct.transaction { (db: any Database) in
                    let user = User(firstName: "Karim", lastName: "", goal: .askForHelp, language: .ar)
                    try await user.create(on: db)
                    // A nested transaction is the same one, as on the pool's connections.
                    try await db.transaction { inner in
                        try await User(firstName: "Lina", lastName: "", goal: .askForHelp, language: .ar).create(on: inner)
                    }
                    throw Refused()
                }
            }
            #expect(!connection.inTransaction)
            #expect(try await User.query(on: app.db).count() == 0)
            // The pool can write at once: the lock was let go.
            try await User(firstName: "Nour", lastName: "", goal: .askForHelp, language: .ar).create(on: app.db)
            #expect(try await User.query(on: direct).all().map(\.firstName) == ["Nour"])
        }
    }

    @Test func aMistakeInAStatementIsASyntaxErrorAndManyStatementsStayCorrect() async throws {
        try await withEntraide { app in
            let (connection, direct) = try Self.direct(app)
            defer { connection.close() }
            do {
                try await direct.sql.raw("SELEC 1").run()
                Issue.record("a broken statement ran")
            } catch let error as any DatabaseError {
                #expect(error.isSyntaxError)
            }
            // More statement texts than the prepared-statement cache holds: each still gives its own answer.
            for value in 0..<(DirectSQLiteConnection.preparedLimit + 20) {
                let row = try #require(try await direct.sql.raw("SELECT \(unsafeRaw: String(value)) AS n, \(bind: "x\(value)") AS s").first())
                #expect(try row.decode(column: "n", as: Int.self) == value)
                #expect(try row.decode(column: "s", as: String.self) == "x\(value)")
            }
            let none = try await direct.sql.raw("SELECT id FROM users WHERE 0 = 1").all()
            #expect(none.isEmpty)
        }
    }

    /// The writer's dialect only skips escaping quotes inside names (there are none): every
    /// statement it writes is the text the pool's connections would run.
    @Test func statementsAreWrittenAsThePoolWritesThem() async throws {
        try await withEntraide { app in
            let (connection, direct) = try Self.direct(app)
            defer { connection.close() }
            let pool = app.db.sql
            let select = direct.sql.select().column("first_name").column(SQLColumn("id", table: "users")).from("users")
                .where("phone", .equal, "+33600000000").where("low_data", .equal, true)
                .orderBy("created_at", .descending).limit(3).offset(1)
            #expect(direct.sql.serialize(select.query).sql == pool.serialize(select.query).sql)
            let upsert = direct.sql.insert(into: "rate_limit_buckets").columns("bucket", "tat_ms", "allowed").values("k", 1, 1)
                .onConflict(with: ["bucket"]) { $0.set("allowed", to: 0) }.returning("allowed")
            #expect(direct.sql.serialize(upsert.query).sql == pool.serialize(upsert.query).sql)
            #expect(direct.sql.serialize(upsert.query).sql.contains("ON CONFLICT (\"bucket\") DO UPDATE SET"))
        }
    }
}

import Foundation
import Testing
import Vapor
import Fluent
import SQLKit
@testable import EntraideServer

@Suite struct SMSGroupCommitTests {
    struct Refused: Error {}

    /// Writes one received text the way an exchange does, under its provider id.
    static func keep(_ providerID: String, on db: any Database) async throws {
        try await db.sql.raw("""
            INSERT INTO sms_inbound (id, from_phone, body, driver, provider_message_id, command, created_at)
            VALUES (\(bind: UUID()), '+33600000000', 'test', 'test', \(bind: providerID), 'menu', \(bind: Date()))
            """).run()
    }

    static func kept(_ app: Application) async throws -> Set<String> {
        Set(try await SMSInbound.query(on: app.db).all().compactMap(\.providerMessageID))
    }

    /// Texts that queue behind a batch are written together; one that fails is rolled back
    /// alone, its sender gets the error (so the provider sends it again) and the others are kept.
    @Test(.enabled(if: !isPostgresRun, "the group commit is SQLite's"))
    func aTextThatFailsInABatchIsRolledBackAlone() async throws {
        try await withEntraide { app in
            let commit = SMSGroupCommit(path: app.config.databaseURL)
            let db = app.db
            // The first text holds the write while the three others arrive and gather.
            async let first = commit.run(on: db) { db in
                try await Self.keep("first", on: db)
                try await Task.sleep(for: .milliseconds(300))
                return .handled(command: "menu")
            }
            try await Task.sleep(for: .milliseconds(100))
            async let a = commit.run(on: db) { db in try await Self.keep("a", on: db); return .handled(command: "menu") }
            let b = Task { try await commit.run(on: db) { db in try await Self.keep("b", on: db); throw Refused() } }
            async let c = commit.run(on: db) { db in try await Self.keep("c", on: db); return .handled(command: "menu") }

            #expect(try await first == .handled(command: "menu"))
            #expect(try await a == .handled(command: "menu"))
            #expect(try await c == .handled(command: "menu"))
            let refused = await b.result
            #expect(throws: Refused.self) { _ = try refused.get() }
            #expect(try await Self.kept(app) == ["first", "a", "c"])
            await commit.close()
        }
    }

    actor Runs {
        var counts: [String: Int] = [:]
        func add(_ name: String) { counts[name, default: 0] += 1 }
    }

    /// A batch is written without a savepoint per text; only when one of its texts fails is it
    /// written again, text by text. A text alone that fails is not written twice.
    @Test(.enabled(if: !isPostgresRun, "the group commit is SQLite's"))
    func aBatchIsWrittenAgainOnlyWhenOneOfItsTextsFails() async throws {
        try await withEntraide { app in
            let commit = SMSGroupCommit(path: app.config.databaseURL)
            let db = app.db
            let runs = Runs()
            func text(_ name: String, fails: Bool = false, holding: Duration = .zero) -> SMSGroupCommit.Exchange {
                { db in
                    await runs.add(name)
                    try await Self.keep(name, on: db)
                    if holding > .zero { try await Task.sleep(for: holding) }
                    if fails { throw Refused() }
                    return .handled(command: "menu")
                }
            }
            // Alone, and failing: run once, nothing kept.
            await #expect(throws: Refused.self) { try await commit.run(on: db, text("alone", fails: true)) }
            // A batch where all goes well: each text once.
            async let holder = commit.run(on: db, text("holder", holding: .milliseconds(300)))
            try await Task.sleep(for: .milliseconds(100))
            async let x = commit.run(on: db, text("x"))
            async let y = commit.run(on: db, text("y"))
            _ = try await (holder, x, y)
            #expect(await runs.counts == ["alone": 1, "holder": 1, "x": 1, "y": 1])
            #expect(try await Self.kept(app) == ["holder", "x", "y"])
            await commit.close()
        }
    }

    /// Texts at once, and a provider delivering one of them twice at the same moment: every
    /// text is kept and answered once. On PostgreSQL each text holds a pooled connection for
    /// its transaction, so there are no more texts than the pool's four connections: beside
    /// the other suites, more would wait on the pool rather than test anything.
    @Test func textsReceivedTogetherAreEachAnsweredOnce() async throws {
        try await withEntraide { app in
            let service = SMSInboundService(channel: SMSChannel(application: app))
            let phones = (0..<(isPostgresRun ? 2 : 12)).map { String(format: "+336123400%02d", $0) }
            let outcomes = try await withThrowingTaskGroup(of: SMSInboundService.Outcome.self) { group in
                for (index, phone) in phones.enumerated() {
                    group.addTask {
                        try await service.handle(InboundSMS(from: phone, body: "AIDE", providerMessageID: "m\(index)"), driver: "test")
                    }
                }
                for _ in 0..<2 {
                    group.addTask {
                        try await service.handle(InboundSMS(from: phones[0], body: "AIDE", providerMessageID: "again"), driver: "test")
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .duplicate }.count == 1)
            #expect(outcomes.filter { $0 != .duplicate }.count == phones.count + 1)
            #expect(try await Self.kept(app).count == phones.count + 1)
            for phone in phones.dropFirst() {
                let answers = try await app.outbox(to: phone)
                #expect(answers.count == 1, "\(phone) got \(answers.count) answers")
            }
            #expect(try await app.outbox(to: phones[0]).count == 2)
        }
    }
}

import Foundation
import Testing
import Vapor
import Fluent
@testable import EntraideServer

@Suite struct AtomicallyTests {
    struct Refused: Error {}

    /// A piece of work that fails inside a transaction undoes its own writes only: the caller
    /// that catches its error keeps what it wrote before and after.
    @Test func aFailingPieceInsideATransactionUndoesOnlyItsOwnWrites() async throws {
        try await withEntraide { app in
            try await app.db.transaction { db in
                try await User(firstName: "Awa", lastName: "", goal: .askForHelp, language: .fr).create(on: db)
                do {
                    try await db.atomically { inner in
                        try await User(firstName: "Bintou", lastName: "", goal: .askForHelp, language: .fr).create(on: inner)
                        // Pieces nest: this one is undone with the one around it.
                        try await inner.atomically { innermost in
                            try await User(firstName: "Chloé", lastName: "", goal: .askForHelp, language: .fr).create(on: innermost)
                        }
                        throw Refused()
                    }
                } catch is Refused {}
                try await db.atomically { inner in
                    try await User(firstName: "Dalia", lastName: "", goal: .askForHelp, language: .fr).create(on: inner)
                }
            }
            let names = try await User.query(on: app.db).all().map(\.firstName).sorted()
            #expect(names == ["Awa", "Dalia"])
        }
    }

    /// Outside a transaction it is one: all or nothing.
    @Test func onItsOwnItIsATransaction() async throws {
        try await withEntraide { app in
            await #expect(throws: Refused.self) {
                try await app.db.atomically { db in
                    try await User(firstName: "Eli", lastName: "", goal: .askForHelp, language: .fr).create(on: db)
                    throw Refused()
                }
            }
            let count = try await User.query(on: app.db).count()
            #expect(count == 0)
        }
    }
}

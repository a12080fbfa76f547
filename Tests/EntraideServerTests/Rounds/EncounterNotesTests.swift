import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import SQLKit
@testable import EntraideServer

@Suite struct EncounterNotesTests {
    static let note = "Dort sous le pont Marie depuis mardi, tousse beaucoup"

    /// The stored bytes never hold the note: not the row, not an answer kept for replays, and
    /// on SQLite not the database file nor its journal. Members read it back in clear.
    @Test func notesAreEncryptedAtRest() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            let recorded = try await app.send(.POST, "\(fixture.round)/encounters", json: [
                "person": ["alias": "Jojo"], "needs": [["need": "blankets"]], "notes": Self.note,
            ], headers: fixture.admin.auth.withHeader("Idempotency-Key", "k-1"))
            #expect(recorded.status == .created)
            #expect(!recorded.body.string.contains("pont Marie"), "a write's answer echoes the note")
            let encounterID = try app.id(try app.json(recorded))

            let rows = try await (app.db as! any SQLDatabase).raw("SELECT notes_sealed FROM encounters").all()
            let sealed = try #require(try rows.first?.decode(column: "notes_sealed", as: Data?.self))
            #expect(sealed.count > Self.note.utf8.count)
            #expect(sealed.range(of: Data(Self.note.utf8)) == nil)
            #expect(sealed.range(of: Data("pont Marie".utf8)) == nil)
            let kept = try await IdempotencyKey.query(on: app.db).all()
            #expect(!kept.isEmpty && kept.allSatisfy { ($0.body ?? Data()).range(of: Data("pont Marie".utf8)) == nil })
            if !isPostgresRun {
                // Everything written to disk so far: the file and its write-ahead log.
                for suffix in ["", "-wal"] {
                    let bytes = FileManager.default.contents(atPath: app.config.databaseURL + suffix) ?? Data()
                    #expect(bytes.range(of: Data("pont Marie".utf8)) == nil, "the note is in clear in \(app.config.databaseURL + suffix)")
                }
            }

            let read = try await app.json(try await app.send(.GET, "\(fixture.base)/encounters/\(encounterID)", headers: fixture.admin.auth))
            #expect(read["notes"] as? String == Self.note)
            #expect(read["notesUnreadable"] as? Bool == false)
        }
    }

    /// A sealed note opens only for its own association and its own encounter: copied onto
    /// another row, or read with another key, it stays closed (and the page says so).
    @Test func aSealedNoteOpensOnlyWhereItWasWritten() throws {
        let cipher = EncounterNotesCipher(master: SymmetricKey(size: .bits256))
        let organisation = UUID(), encounter = UUID()
        let sealed = try cipher.seal(Self.note, organisationID: organisation, encounterID: encounter)
        #expect(cipher.open(sealed, organisationID: organisation, encounterID: encounter) == Self.note)
        #expect(cipher.open(sealed, organisationID: UUID(), encounterID: encounter) == nil)
        #expect(cipher.open(sealed, organisationID: organisation, encounterID: UUID()) == nil)
        #expect(EncounterNotesCipher(master: SymmetricKey(size: .bits256)).open(sealed, organisationID: organisation, encounterID: encounter) == nil)
        var damaged = sealed
        damaged[damaged.count - 1] ^= 0x01
        #expect(cipher.open(damaged, organisationID: organisation, encounterID: encounter) == nil)
        // Two seals of one note differ (a fresh nonce each time).
        #expect(try cipher.seal(Self.note, organisationID: organisation, encounterID: encounter) != sealed)
    }

    /// The key comes from ENCOUNTER_NOTES_KEY; production refuses to start without a valid one.
    @Test func productionNeedsAKey() throws {
        var config = AppConfig.fromEnvironment(.testing)
        config.encounterNotesKey = nil
        let logger = Logger(label: "test")
        #expect(throws: EncounterNotesCipher.KeyError.self) { try EncounterNotesCipher.make(config, environment: .production, logger: logger) }
        config.encounterNotesKey = "too-short"
        #expect(throws: EncounterNotesCipher.KeyError.self) { try EncounterNotesCipher.make(config, environment: .development, logger: logger) }
        config.encounterNotesKey = Data(repeating: 7, count: 32).base64EncodedString()
        let configured = try EncounterNotesCipher.make(config, environment: .production, logger: logger)
        let organisation = UUID(), encounter = UUID()
        let sealed = try configured.seal("x", organisationID: organisation, encounterID: encounter)
        #expect(try EncounterNotesCipher.make(config, environment: .production, logger: logger).open(sealed, organisationID: organisation, encounterID: encounter) == "x")
        config.encounterNotesKey = nil
        let development = try EncounterNotesCipher.make(config, environment: .development, logger: logger)
        #expect(development.open(sealed, organisationID: organisation, encounterID: encounter) == nil)
    }

    /// A note sealed with a key the server no longer has does not break the page: the
    /// encounter is shown, with its notes marked unreadable.
    @Test func aNoteUnderAnotherKeyIsMarkedUnreadable() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            let encounter = try await app.ok(.POST, "\(fixture.round)/encounters", fixture.admin, json: ["person": ["alias": "Jojo"], "notes": "Va mieux"])
            let encounterID = try app.id(encounter)
            let other = EncounterNotesCipher(master: SymmetricKey(size: .bits256))
            let row = try #require(try await Encounter.find(encounterID, on: app.db))
            row.notesSealed = try other.seal("Va mieux", organisationID: fixture.organisationID, encounterID: encounterID)
            try await row.save(on: app.db)
            let read = try await app.json(try await app.send(.GET, "\(fixture.base)/encounters/\(encounterID)", headers: fixture.admin.auth))
            #expect(read["notes"] == nil && read["notesUnreadable"] as? Bool == true)
        }
    }
}

extension HTTPHeaders {
    func withHeader(_ name: String, _ value: String) -> HTTPHeaders {
        var copy = self
        copy.add(name: name, value: value)
        return copy
    }
}

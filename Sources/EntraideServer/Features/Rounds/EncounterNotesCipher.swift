import Vapor
import Crypto

/// Seals the free notes of encounters with AES-GCM before they reach the store, so a copy of
/// the database (a backup, a dump) holds no note in clear.
///
/// One master key comes from `ENCOUNTER_NOTES_KEY` (32 bytes in base64). Each association's
/// notes use a key derived from it (HKDF-SHA256, the association's id as info), and each note
/// is bound to its encounter's id (authenticated data): a sealed note copied onto another
/// encounter, or into another association's rows, does not open.
struct EncounterNotesCipher: Sendable {
    /// The first byte of every sealed note: the format, so that a later key rotation can tell
    /// old notes from new ones.
    static let version: UInt8 = 1
    static let environmentName = "ENCOUNTER_NOTES_KEY"

    private let master: SymmetricKey

    init(master: SymmetricKey) {
        self.master = master
    }

    enum KeyError: Error, CustomStringConvertible {
        case missingInProduction
        case invalid

        var description: String {
            switch self {
            case .missingInProduction:
                "\(EncounterNotesCipher.environmentName) is not set: encounter notes cannot be encrypted. Set it to 32 random bytes in base64 (openssl rand -base64 32), the same on every instance, and keep it: notes sealed with a lost key are lost."
            case .invalid:
                "\(EncounterNotesCipher.environmentName) must be 32 bytes in base64 (openssl rand -base64 32)."
            }
        }
    }

    /// The configured key; in development and tests without one, a key derived from
    /// `APP_SECRET`, said loudly in the log. Production refuses to start without a key.
    static func make(_ config: AppConfig, environment: Environment, logger: Logger) throws -> EncounterNotesCipher {
        if let encoded = config.encounterNotesKey {
            guard let bytes = Data(base64Encoded: encoded.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
                throw KeyError.invalid
            }
            return EncounterNotesCipher(master: SymmetricKey(data: bytes))
        }
        guard environment != .production else { throw KeyError.missingInProduction }
        logger.warning("\(environmentName) is not set: encounter notes are sealed with a key derived from APP_SECRET. Fine on a laptop; set a real key before any real note is written.")
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: Data(config.secret.utf8)),
                                             salt: Data("entraide-encounter-notes".utf8), outputByteCount: 32)
        return EncounterNotesCipher(master: derived)
    }

    private func key(for organisationID: UUID) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: master, salt: Data("entraide-encounter-notes".utf8),
                               info: Data(organisationID.uuidString.lowercased().utf8), outputByteCount: 32)
    }

    private static func context(_ encounterID: UUID) -> Data {
        Data("encounter:\(encounterID.uuidString.lowercased())".utf8)
    }

    func seal(_ notes: String, organisationID: UUID, encounterID: UUID) throws -> Data {
        let box = try AES.GCM.seal(Data(notes.utf8), using: key(for: organisationID), authenticating: Self.context(encounterID))
        guard let combined = box.combined else { throw Abort(.internalServerError) }
        return Data([Self.version]) + combined
    }

    /// The notes, or nil when the box does not open (another key, another encounter, damaged
    /// bytes): the page then says the notes cannot be read, it never fails as a whole.
    func open(_ sealed: Data, organisationID: UUID, encounterID: UUID) -> String? {
        guard sealed.first == Self.version else { return nil }
        guard let box = try? AES.GCM.SealedBox(combined: sealed.dropFirst()),
              let plain = try? AES.GCM.open(box, using: key(for: organisationID), authenticating: Self.context(encounterID))
        else { return nil }
        return String(data: plain, encoding: .utf8)
    }
}

extension Application {
    private struct NotesCipherKey: StorageKey { typealias Value = EncounterNotesCipher }

    var encounterNotes: EncounterNotesCipher {
        get {
            guard let cipher = storage[NotesCipherKey.self] else { fatalError("configure(_:) sets the notes cipher first") }
            return cipher
        }
        set { storage[NotesCipherKey.self] = newValue }
    }
}

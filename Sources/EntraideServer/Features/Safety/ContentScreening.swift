import Vapor
import Crypto
import NIOConcurrencyHelpers
import EntraideCore

/// Reads every public text a member writes before anyone else sees it (`SensitiveContentDetector`):
/// a text that could locate a person, or that hits a sensitive-word list, is held for review.
///
/// The word lists are the shipped files with the committee's approved changes applied over
/// them (`SensitiveWordEdit`): `rebuild` swaps the detector for every copy of this value (they
/// share one box), so the middlewares built at start see the new lists at once.
struct ContentScreening: Sendable {
    /// The lists as shipped in `Resources/Safety`.
    let shippedLists: [SensitiveWordList]
    private let current: NIOLockedValueBox<(lists: [SensitiveWordList], detector: SensitiveContentDetector)>

    init(lists: [SensitiveWordList]) {
        shippedLists = lists
        current = NIOLockedValueBox((lists, SensitiveContentDetector(wordLists: lists)))
    }

    static func load(from directory: String) throws -> ContentScreening {
        ContentScreening(lists: try SensitiveWordList.load(from: URL(fileURLWithPath: directory)))
    }

    var detector: SensitiveContentDetector { current.withLockedValue { $0.detector } }
    /// The lists in force: shipped, with approved changes applied.
    var wordLists: [SensitiveWordList] { current.withLockedValue { $0.lists } }

    /// Builds the detector again from the shipped lists and these changes, in order.
    func rebuild(applying edits: [SensitiveWordEdit]) {
        let lists = edits.reduce(shippedLists) { $1.applied(to: $0) }
        let detector = SensitiveContentDetector(wordLists: lists)
        current.withLockedValue { $0 = (lists, detector) }
    }

    /// What the detector finds in these texts, in the order given.
    func findings(in texts: [String?], language: String?) -> [SensitiveFinding] {
        texts.compactMap { $0 }.flatMap { detector.scan($0, language: language) }
    }

    /// The reasons a text is held, without repeats, as the author is shown them.
    static func reasons(_ findings: [SensitiveFinding]) -> [String] {
        var seen: Set<String> = []
        return findings.map(\.reasonCode).filter { seen.insert($0).inserted }
    }

    /// A fingerprint of texts, kept when a moderator approves them: the same texts are not
    /// held again; a changed text is read afresh.
    static func fingerprint(_ texts: [String?]) -> String {
        let joined = texts.map { $0 ?? "" }.joined(separator: "\u{1F}")
        return SHA256.hash(data: Data(joined.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension Application {
    private struct ContentScreeningKey: StorageKey {
        typealias Value = ContentScreening
    }

    /// Loaded at configuration time from `Resources/Safety`.
    var screening: ContentScreening {
        get {
            guard let screening = storage[ContentScreeningKey.self] else { fatalError("configure(_:) loads the screening first") }
            return screening
        }
        set { storage[ContentScreeningKey.self] = newValue }
    }
}

/// Why a text is held, as its author reads it.
struct HeldReasonDTO: Content, Equatable {
    let code: String
    let message: String

    static func list(_ codes: String?, _ req: Request) -> [HeldReasonDTO]? {
        list(codes, explain: { req.t($0) })
    }

    static func list(_ codes: String?, explain: (String) -> String = { $0 }) -> [HeldReasonDTO]? {
        guard let codes, !codes.isEmpty else { return nil }
        return codes.split(separator: ",").map { HeldReasonDTO(code: String($0), message: explain(String($0))) }
    }
}

/// A DTO that tells its author why their text is held.
protocol ExplainsHolding {
    var heldReasons: [HeldReasonDTO]? { get set }
}

extension ExplainsHolding {
    /// The reasons in the reader's language.
    func explained(by req: Request) -> Self {
        var copy = self
        copy.heldReasons = heldReasons.map { $0.map { HeldReasonDTO(code: $0.code, message: req.t($0.code)) } }
        return copy
    }
}

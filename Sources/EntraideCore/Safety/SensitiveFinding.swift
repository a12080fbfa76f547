/// What kind of thing a detector found in a text.
public enum SensitiveKind: String, Sendable, Codable, CaseIterable {
    /// A phone number, in digits or spelled out.
    case phone
    /// An e-mail address, also written "marie [at] exemple [dot] fr".
    case email
    /// A street address with a number ("12 rue de la Paix", "221B Baker Street").
    case address
    /// A statement that places someone near a landmark ("sous le pont", "devant le Monoprix").
    case placeHint
    /// A word or phrase from a sensitive-word list.
    case word
}

/// Why a word is sensitive. Raw values are the ones word lists and reason codes use.
public enum SensitiveCategory: String, Sendable, Codable, CaseIterable {
    case insult, hate, sexual, solicitation
    case selfHarm = "self_harm"
    case violence, drugs
}

/// Something in a text that holds it for review, and where it is.
public struct SensitiveFinding: Sendable, Equatable, Codable {
    public var kind: SensitiveKind
    /// Set for `.word` findings only.
    public var category: SensitiveCategory?
    /// Where the finding starts in the original text, in UTF-16 code units: the same number on
    /// every platform and in JavaScript (`String.prototype.substr`).
    public var offset: Int
    public var length: Int
    /// The original text at that place, as written.
    public var excerpt: String

    public init(kind: SensitiveKind, category: SensitiveCategory? = nil, offset: Int, length: Int, excerpt: String) {
        self.kind = kind
        self.category = category
        self.offset = offset
        self.length = length
        self.excerpt = excerpt
    }

    /// Whether the finding could lead someone to a person: the rule that never bends.
    public var locatesSomeone: Bool {
        switch kind {
        case .phone, .email, .address, .placeHint: true
        case .word: false
        }
    }

    /// The translation key that tells the author why their text waits for a moderator.
    public var reasonCode: String {
        switch kind {
        case .phone: "safety.held.phone"
        case .email: "safety.held.email"
        case .address: "safety.held.address"
        case .placeHint: "safety.held.place_hint"
        case .word: "safety.held.word.\((category ?? .insult).rawValue)"
        }
    }

    var end: Int { offset + length }
}

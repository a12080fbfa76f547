/// Reads a text a member wrote and says what in it should hold it for a moderator: what could
/// locate a person (phone, e-mail, address, place hint) and sensitive words.
///
/// Word lists: every list applies to every text, because members write in more than one
/// language (a French member may insult in English, an Afghan member may write in French). An
/// entry that is an ordinary word in another language ("con", "retard", "bite", "crack") is
/// marked `ownLanguageOnly` and applies only when the text's language is the list's or is
/// unknown (nil): then we cannot tell, and a moderator's minute costs less than a missed insult.
///
/// Built once (the word trie and the place vocabulary), shared by every request: `scan` only
/// reads.
public struct SensitiveContentDetector: Sendable {
    private let matcher: SensitiveWordMatcher

    public init(wordLists: [SensitiveWordList]) {
        matcher = SensitiveWordMatcher(lists: wordLists)
        _ = CharacterTable.shared
        _ = PlaceVocabulary.shared
    }

    /// Findings sorted by offset; findings of the same kind never overlap (the earliest, then
    /// longest, wins).
    public func scan(_ text: String, language: String? = nil) -> [SensitiveFinding] {
        guard !text.isEmpty else { return [] }
        let normalised = TextNormaliser.normalise(text)
        let lexed = LexedText(normalised)
        var found = ContactDetector.findings(in: lexed)
        found += PlaceDetector.findings(in: lexed)
        found += wordFindings(in: normalised, tokens: normalised.tokens, language: language)
        if let joined = normalised.joinedTokens {
            found += wordFindings(in: normalised, tokens: joined, language: language)
        }
        return Self.tidy(found)
    }

    /// Any finding holds the text: the author sees why, a moderator decides.
    public func shouldHold(_ findings: [SensitiveFinding]) -> Bool {
        !findings.isEmpty
    }

    private func wordFindings(in text: NormalisedText, tokens: [NormalisedToken], language: String?) -> [SensitiveFinding] {
        matcher.matches(in: text, tokens: tokens, language: language).map { match in
            let range = text.originalRange(from: tokens[match.firstToken], to: tokens[match.lastToken])
            return SensitiveFinding(kind: .word, category: match.category, offset: range.offset, length: range.length,
                                    excerpt: text.excerpt(offset: range.offset, length: range.length))
        }
    }

    static func tidy(_ findings: [SensitiveFinding]) -> [SensitiveFinding] {
        let ordered = findings.sorted {
            ($0.offset, -$0.length, SensitiveKind.allCases.firstIndex(of: $0.kind)!)
                < ($1.offset, -$1.length, SensitiveKind.allCases.firstIndex(of: $1.kind)!)
        }
        var kept: [SensitiveFinding] = []
        var endOfKind: [SensitiveKind: Int] = [:]
        for finding in ordered where finding.offset >= endOfKind[finding.kind, default: 0] {
            kept.append(finding)
            endOfKind[finding.kind] = finding.end
        }
        return kept
    }
}

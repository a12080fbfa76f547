/// The languages Entraide speaks. French first: the catalogue every other one is checked against.
public enum Language: String, CaseIterable, Sendable, Codable {
    case fr, en, ar, uk, ro, es, de, pl, fa, ps

    public static let reference: Language = .fr

    /// Languages written right to left get `dir="rtl"` on every page.
    public var isRightToLeft: Bool { self == .ar || self == .fa || self == .ps }

    /// The language's own name, as shown in the language picker.
    public var endonym: String {
        switch self {
        case .fr: "Français"
        case .en: "English"
        case .ar: "العربية"
        case .uk: "Українська"
        case .ro: "Română"
        case .es: "Español"
        case .de: "Deutsch"
        case .pl: "Polski"
        case .fa: "دری / فارسی"
        case .ps: "پښتو"
        }
    }
}

/// Picks the language of a reply: the member's own setting, else an explicit `?lang=`,
/// else the browser's `Accept-Language`, else the platform default — among the languages
/// that have a catalogue.
public enum LanguageNegotiation {
    public static func choose(
        memberSetting: String?, queryParameter: String?, cookie: String? = nil, acceptLanguage: String?,
        available: Set<Language>, fallback: Language
    ) -> Language {
        for candidate in [memberSetting, queryParameter, cookie] {
            if let language = candidate.flatMap(parse), available.contains(language) { return language }
        }
        for tag in preferences(acceptLanguage ?? "") {
            if let language = parse(tag), available.contains(language) { return language }
        }
        return fallback
    }

    /// "fr-FR", "EN_gb", "prs" (Dari) → a supported language, if any.
    public static func parse(_ tag: String) -> Language? {
        let primary = tag.trimmingCharacters(in: .whitespaces).lowercased()
            .split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        if primary == "prs" { return .fa }
        if primary == "pbt" || primary == "pbu" { return .ps }
        return Language(rawValue: primary)
    }

    /// The tags of an Accept-Language header, most preferred first (q-values honoured, q=0 dropped).
    public static func preferences(_ header: String) -> [String] {
        var weighted: [(tag: String, q: Double, index: Int)] = []
        for (index, part) in header.split(separator: ",").prefix(20).enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, !tag.isEmpty, tag != "*" else { continue }
            var q = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                q = Double(parameter.dropFirst(2)) ?? 0
            }
            if q > 0 { weighted.append((tag, q, index)) }
        }
        return weighted.sorted { $0.q != $1.q ? $0.q > $1.q : $0.index < $1.index }.map(\.tag)
    }
}

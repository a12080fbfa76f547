import Vapor
import Fluent
import EntraideCore

/// `SERVICES manger`: the three nearest places of the services directory that are open now,
/// around the member's zone (or a postal code written in the text), with their address,
/// until when they are open, how far, and their phone. Places are public services: their
/// address is not anyone's location, so it is given in full.
///
/// A number with no account may ask too, with a postal code: people without a home need
/// the directory most, and it is public on the web already.
struct SMSServices {
    let context: SMSConversationContext
    var channel: SMSChannel { context.channel }

    static let listed = 3
    /// Three places with their address, hours and phone take about 400 characters: three
    /// segments in GSM-7, but six in Arabic, Ukrainian or Persian (UCS-2). Five segments keep
    /// two or three of them in every script; a place that does not fit whole is left out
    /// rather than cut in the middle of its phone number.
    static let segments = 5

    func find(_ text: String, for user: User?) async throws {
        guard let match = channel.serviceWords.match(text, language: context.language) else {
            return try await context.say("sms.services.choose", ["words": channel.text("sms.services.words", context.language)])
        }
        // A number that never said its language is answered in the language of its words.
        let language = context.languageIsKnown ? context.language : match.language
        let written = Self.postalCode(in: text)
        guard let postalCode = written ?? user?.postalCode, let centre = PostalZone.centre(of: postalCode) else {
            let example = Self.advertised(channel.text("sms.services.words", language)).first ?? ""
            let key = written == nil ? "sms.services.ask_postal_code" : "sms.join.postal_code_invalid"
            return try await context.sayRaw(channel.text(key, language, ["word": example]))
        }
        let what = match.codes.map { code in
            channel.text(PlaceCategory.isFamily(code) ? "category_family.\(code)" : "category.\(code)", language)
        }.joined(separator: ", ")
        let hits = try await PlaceSearch.nearestOpen(categories: SMSServiceWords.categories(match.codes), from: centre,
                                                     count: Self.listed, now: context.now, on: channel.database)
        guard !hits.isEmpty else { return try await context.sayRaw(channel.text("sms.services.none", language, ["what": what])) }
        let wording = PlaceWording(channel.catalogue, language)
        var body = SMSSegments.gsmFriendly(channel.text("sms.services.intro", language, ["what": what, "zone": postalCode]))
        for (index, hit) in hits.enumerated() {
            let longer = body + "\n" + SMSSegments.gsmFriendly(line(index + 1, hit, wording, language))
            guard index == 0 || SMSSegments.count(longer).segments <= Self.segments else { break }
            body = longer
        }
        try await context.sayRaw(body, segments: Self.segments)
    }

    /// "1) Halte de nuit, 12 rue X 75011 Paris, open until 14:00, 800 m, 01 23 45 67 89".
    private func line(_ number: Int, _ hit: PlaceSearch.Hit, _ wording: PlaceWording, _ language: Language) -> String {
        let row = hit.row
        let name = [row.name, row.stopName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " - ")
        let street = row.stopID != nil ? row.stopAddress : row.address
        let city = row.stopID != nil ? row.stopCity : row.city
        let code = row.stopID != nil ? row.stopPostalCode : row.postalCode
        let town = [code, city].compactMap { $0 }.joined(separator: " ")
        // Imported addresses often carry their postal code and town already.
        let address = [street, [code, city].contains { $0.map { street?.contains($0) ?? false } ?? false } ? nil : town]
            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
        var open = ""
        if case .open(let until) = hit.status {
            if let until {
                let today = LocalDay(context.now, in: row.zone)
                let time = until.day == today || (until.day == today.adding(days: 1) && until.minute == 0) ? until.clock : wording.dayAndTime(until)
                open = channel.text("sms.services.open_until", language, ["time": time])
            } else {
                open = channel.text("sms.services.open_always", language)
            }
        }
        // In a right-to-left answer, a Latin name, address or phone number keeps its own direction.
        func isolated(_ text: String) -> String { language.isRightToLeft && !text.isEmpty ? "\u{2068}\(text)\u{2069}" : text }
        let parts = [isolated(name), isolated(address), open, wording.distance(hit.distanceMeters) ?? "", isolated(row.phone ?? "")]
            .filter { !$0.isEmpty }
        return "\(number)) " + parts.joined(separator: ", ")
    }

    /// The first five-digit word of the text (Arabic and Persian digits read as ASCII).
    static func postalCode(in text: String) -> String? {
        SMSDigits.ascii(text).split(whereSeparator: { !$0.isNumber || !$0.isASCII }).first { $0.count == 5 }.map(String.init)
    }

    /// The words the menu advertises, one per family in the families' order.
    static func advertised(_ list: String) -> [String] {
        list.split(whereSeparator: { $0 == "," || $0 == "\u{060C}" }).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The advertised words and the directory's names in every language, read once at start
    /// (`Application.smsServiceWords`): the catalogue does not change while the server runs.
    static func words(_ catalogue: Catalogue) -> SMSServiceWords {
        var entries: [SMSServiceWords.Entry] = []
        for language in Language.allCases {
            for (family, word) in zip(PlaceCategory.families, advertised(catalogue.text("sms.services.words", language))) {
                entries.append(.init(language: language, code: family.code, text: word))
            }
            for family in PlaceCategory.families {
                entries.append(.init(language: language, code: family.code, text: catalogue.text("category_family.\(family.code)", language)))
                for category in family.categories {
                    entries.append(.init(language: language, code: category, text: catalogue.text("category.\(category)", language)))
                }
            }
        }
        return SMSServiceWords(entries)
    }
}

extension Application {
    private struct SMSServiceWordsKey: StorageKey { typealias Value = SMSServiceWords }

    var smsServiceWords: SMSServiceWords {
        get { storage[SMSServiceWordsKey.self] ?? SMSServices.words(catalogue) }
        set { storage[SMSServiceWordsKey.self] = newValue }
    }
}

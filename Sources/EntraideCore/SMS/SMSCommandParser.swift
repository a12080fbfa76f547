import Foundation

/// Reads a received text as a command: the first word (or words, "BUENOS DÍAS", "السلام عليكم")
/// must be a keyword of `SMSKeywords`, in any case, with or without accents, followed by what
/// the command needs.
///
/// A keyword is only looked for at the start: "j'ai besoin d'aide" is not a need, because
/// guessing from words inside sentences would turn answers to the server's own questions (a
/// first name, a code) into commands. Whatever is passed on (a need, a reply, a first name) is
/// kept as the person wrote it, only trimmed.
public enum SMSCommandParser {
    public static func parse(_ text: String) -> ParsedSMS {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.allSatisfy({ $0 == "?" || $0 == "\u{061F}" }) {
            return ParsedSMS(command: .menu, language: nil)
        }
        let words = SMSWord.split(trimmed)
        guard let (meaning, count) = keyword(starting: words) else {
            // "SORTIE2", typed without the space.
            if let (meaning, number) = gluedNumber(words.first) {
                return ParsedSMS(command: event(number), language: meaning.language)
            }
            return ParsedSMS(command: .unknown, language: nil)
        }
        let arguments = words[count...]
        let rest = remainder(of: trimmed, after: words[count - 1])
        let command: SMSCommand? = switch meaning.kind {
        case .menu: .menu
        case .need: .need(rest)
        case .events: arguments.first.map { event(number(in: $0)) } ?? .events
        case .services: .services(rest)
        case .reply: reply(arguments, in: trimmed)
        case .language: arguments.first.flatMap { $0.bare.isEmpty ? nil : .language($0.bare.lowercased()) } ?? .language(nil)
        case .stop: .stop
        case .start: .start
        case .hello: hello(arguments)
        case .newNumber: .newNumber(SMSKeywords.asciiDigits(rest))
        case .digest: digest(arguments.first)
        }
        // A keyword with nothing usable after it (R alone, RÉSUMÉ peut-être) still tells the language.
        return ParsedSMS(command: command ?? .unknown, language: meaning.language)
    }

    /// The longest keyword the text starts with, and how many words it takes.
    private static func keyword(starting words: [SMSWord]) -> (SMSKeywords.Meaning, Int)? {
        for count in stride(from: min(SMSKeywords.longestKeyword, words.count), through: 1, by: -1) {
            let phrase = words[..<count]
            guard phrase.allSatisfy({ !$0.bare.isEmpty }) else { continue }
            let key = phrase.map { SMSKeywords.fold($0.bare) }.joined(separator: " ")
            if let meaning = SMSKeywords.meanings[key] { return (meaning, count) }
        }
        return nil
    }

    /// The text after a word, without the ":" or "," that introduces it.
    private static func remainder(of text: String, after word: SMSWord) -> String {
        var rest = text[word.text.endIndex...].drop(while: \.isWhitespace)
        if let first = rest.first, SMSWord.introducers.contains(first) { rest = rest.dropFirst() }
        return rest.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: Events

    /// SORTIE 2 joins the second event listed; any other number shows the list again.
    private static func event(_ number: Int?) -> SMSCommand {
        guard let number, (1...99).contains(number) else { return .events }
        return .joinEvent(number)
    }

    /// "2", "٢", "#2", "n°2" → 2.
    private static func number(in word: SMSWord) -> Int? {
        var digits = Substring(SMSKeywords.asciiDigits(word.bare))
        if digits.lowercased().hasPrefix("n°") { digits = digits.dropFirst(2) }
        guard (1...3).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    private static func gluedNumber(_ word: SMSWord?) -> (SMSKeywords.Meaning, Int)? {
        guard let word else { return nil }
        let folded = SMSKeywords.fold(word.bare)
        let letters = folded.prefix(while: { !($0.isASCII && $0.isNumber) })
        let digits = folded[letters.endIndex...]
        guard !letters.isEmpty, (1...3).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let meaning = SMSKeywords.meanings[String(letters)], meaning.kind == .events else { return nil }
        return (meaning, Int(digits) ?? 0)
    }

    // MARK: Reply

    /// R K7P Merci: a code of 2 to 6 letters or digits, then the text.
    private static func reply(_ arguments: ArraySlice<SMSWord>, in text: String) -> SMSCommand? {
        guard let codeWord = arguments.first else { return nil }
        let code = SMSKeywords.asciiDigits(codeWord.bare)
        guard (2...6).contains(code.unicodeScalars.count),
              code.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
        else { return nil }
        return .reply(code: code.uppercased(), text: remainder(of: text, after: codeWord))
    }

    // MARK: Digest

    private static func digest(_ word: SMSWord?) -> SMSCommand? {
        guard let word else { return nil }
        let folded = SMSKeywords.fold(word.bare)
        if SMSKeywords.switchOn.contains(folded) { return .digest(true) }
        if SMSKeywords.switchOff.contains(folded) { return .digest(false) }
        return nil
    }

    // MARK: Hello

    /// BONJOUR Marie 75011 → "Marie", "75011". The first name is at most two words, as written;
    /// it ends at a comma, a full stop or a new line, at a postal code, or at a word that is
    /// never a name ("HELLO I need…" gives no name, so the server asks for it). The postal
    /// code is the first five-digit word anywhere after the greeting.
    private static func hello(_ arguments: ArraySlice<SMSWord>) -> SMSCommand {
        var words = arguments
        if let leadIn = leadInLength(words) { words = words.dropFirst(leadIn) }
        var name: [Substring] = []
        var nameClosed = false
        var postalCode: String?
        for word in words {
            let bare = SMSKeywords.asciiDigits(word.bare)
            if bare.contains(where: \.isNumber) {
                if postalCode == nil, bare.count == 5, bare.allSatisfy({ $0.isASCII && $0.isNumber }) { postalCode = bare }
                if !name.isEmpty { nameClosed = true }
                continue
            }
            guard !nameClosed, !word.bare.isEmpty else { continue }
            if SMSKeywords.notNames.contains(SMSKeywords.fold(word.bare)) {
                nameClosed = true
                continue
            }
            name.append(word.bare)
            if name.count == 2 || word.endsClause { nameClosed = true }
        }
        return .hello(firstName: name.joined(separator: " "), postalCode: postalCode)
    }

    /// How many words "je suis", "my name is", "اسمي"… take at the start of the arguments.
    private static func leadInLength(_ words: ArraySlice<SMSWord>) -> Int? {
        for count in stride(from: min(3, words.count - 1), through: 1, by: -1) {
            let key = words.prefix(count).map { SMSKeywords.fold($0.bare) }.joined(separator: " ")
            if SMSKeywords.nameLeadIns.contains(key) { return count }
        }
        return nil
    }
}

/// One word of a text: as written, without the punctuation around it, and whether a clause
/// ends after it.
struct SMSWord {
    let text: Substring
    /// The word without leading or trailing punctuation and symbols ("Stop." → "Stop").
    let bare: Substring
    /// A comma, full stop, question or exclamation mark or a new line follows it.
    let endsClause: Bool

    /// What may separate a keyword from what follows ("BESOIN: une couverture").
    static let introducers: Set<Character> = [":", ",", ";", "\u{060C}", "\u{061B}"]
    private static let clauseEnds: Set<Character> = [",", ".", ";", ":", "!", "?", "\u{2026}", "\u{060C}", "\u{061B}", "\u{061F}", "\u{06D4}"]

    static func split(_ text: String) -> [SMSWord] {
        var words: [SMSWord] = []
        var index = text.startIndex
        func isSeparator(_ character: Character) -> Bool { character.isWhitespace || introducers.contains(character) }
        while index < text.endIndex {
            while index < text.endIndex, isSeparator(text[index]) { index = text.index(after: index) }
            guard index < text.endIndex else { break }
            let start = index
            while index < text.endIndex, !isSeparator(text[index]) { index = text.index(after: index) }
            let word = text[start..<index]
            var endsClause = false
            var next = index
            while next < text.endIndex, isSeparator(text[next]) {
                if text[next].isNewline || clauseEnds.contains(text[next]) { endsClause = true }
                next = text.index(after: next)
            }
            var lower = word.startIndex, upper = word.endIndex
            while lower < upper, !isWordCharacter(word[lower]) { lower = word.index(after: lower) }
            while upper > lower, !isWordCharacter(word[word.index(before: upper)]) { upper = word.index(before: upper) }
            let bareWord = word[lower..<upper]
            if word[bareWord.endIndex...].contains(where: { clauseEnds.contains($0) }) { endsClause = true }
            words.append(SMSWord(text: word, bare: bareWord, endsClause: endsClause))
        }
        return words
    }

    private static func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber }
}

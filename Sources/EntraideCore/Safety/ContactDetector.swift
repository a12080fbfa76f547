/// Finds phone numbers and e-mail addresses in a text, however they are written.
///
/// Phones, read on the original characters:
/// - with a country code: "+33 6 12 34 56 78", "+33 (0)6…", "0033 6…", "+44 7700 900123",
///   "+1 (415) 555-0100": 8 to 15 digits after the code prefix;
/// - national, starting with 0 (France, Belgium, Switzerland): 9 or 10 digits, written in one
///   block or in groups of 2 to 4 (or digit by digit) with one kind of separator; British: 11
///   digits in up to three groups ("07700 900123");
/// - North American without a prefix: "(415) 555-0100", "415-555-0100" (groups 3-3-4);
/// - Arabic-Indic digits ("٠٦ ١٢ ٣٤ ٥٦ ٧٨") and a letter O for a zero ("O6 12 34 56 78").
/// Dates (12/05/2024, 2024-05-12, 12.05.2024), times (18h30), prices (12,50 €), postal codes,
/// years and quantities are not phones: too few digits, a "/" or ":" inside, mixed separators,
/// or a unit right after.
///
/// Spelled-out phones are detected too ("zéro six douze trente-quatre cinquante-six
/// soixante-dix-huit", "zero seven seven zero…"): a run of at least six number words (or
/// digits) that starts with "zéro"/"zero"/"oh"/"plus" or a digit group starting with 0. Six
/// number words in a row almost never happen otherwise; "trois couvertures et deux sacs" is
/// far from it.
///
/// E-mails: "marie@exemple.fr", and the written-out forms "marie [at] exemple [dot] fr",
/// "marie at exemple dot com", "marie(arobase)exemple.fr", "marie arobase gmail point com".
/// Written-out forms need a known top-level domain or a webmail name, so "meet me at noon"
/// stays a sentence.
public enum ContactDetector {
    public static func findings(in text: String) -> [SensitiveFinding] {
        findings(in: LexedText(TextNormaliser.normalise(text)))
    }

    static func findings(in lexed: LexedText) -> [SensitiveFinding] {
        var found: [SensitiveFinding] = []
        phones(in: lexed.text, into: &found)
        spelledPhones(in: lexed, into: &found)
        emails(in: lexed, into: &found)
        return found
    }

    // MARK: Phones in digits

    private static let plus = UInt16(ascii: "+"), open = UInt16(ascii: "("), close = UInt16(ascii: ")")

    @inline(__always) static func digitValue(_ unit: UInt16) -> UInt8? {
        switch unit {
        case 0x30...0x39: UInt8(unit - 0x30)
        case 0x0660...0x0669: UInt8(unit - 0x0660)
        case 0x06F0...0x06F9: UInt8(unit - 0x06F0)
        case 0xFF10...0xFF19: UInt8(unit - 0xFF10)
        default: nil
        }
    }

    /// 1 for spaces, 2 for dots, 3 for hyphens; nil for anything else.
    @inline(__always) private static func separatorKind(_ unit: UInt16) -> UInt8? {
        switch unit {
        case 0x20, 0xA0, 0x202F: 1
        case 0x2E: 2
        case 0x2D, 0x2010, 0x2011: 3
        default: nil
        }
    }

    @inline(__always) private static func isZeroLetter(_ unit: UInt16) -> Bool {
        unit == UInt16(ascii: "o") || unit == UInt16(ascii: "O")
    }

    private static func phones(in text: NormalisedText, into found: inout [SensitiveFinding]) {
        let s = text.original
        let table = CharacterTable.shared
        var index = 0
        while index < s.count {
            let unit = s[index]
            // Most characters cannot start a number: leave them at once.
            guard unit < 0x80 ? (unit >= 0x30 && unit <= 0x39) || unit == plus || unit == open || unit == 0x4F || unit == 0x6F
                              : digitValue(unit) != nil else { index += 1; continue }
            let previous: UInt16 = index > 0 ? s[index - 1] : 0x20
            let followedByDigit = index + 1 < s.count && digitValue(s[index + 1]) != nil
            let startsHere = table.kind(previous) & (CharacterTable.letter | CharacterTable.digit) == 0 && previous != plus
                && (digitValue(unit) != nil || ((unit == plus || unit == open || isZeroLetter(unit)) && followedByDigit))
            guard startsHere else { index += 1; continue }
            if let end = phone(in: s, from: index) {
                found.append(SensitiveFinding(kind: .phone, offset: index, length: end - index, excerpt: text.excerpt(offset: index, length: end - index)))
                index = end
            } else {
                index += 1
            }
        }
    }

    /// The end of the phone number that starts at `start`, if one does.
    private static func phone(in s: [UInt16], from start: Int) -> Int? {
        var digits: [UInt8] = []
        var groups: [Int] = []
        var groupEnds: [Int] = []
        var current = 0
        var separators: Set<UInt8> = []
        var international = false
        var index = start
        var end = start
        if s[index] == plus { international = true; index += 1 }
        while index < s.count {
            let unit = s[index]
            if let digit = digitValue(unit) ?? (isZeroLetter(unit) && index + 1 < s.count && digitValue(s[index + 1]) != nil ? 0 : nil) {
                digits.append(digit)
                current += 1
                index += 1
                end = index
                continue
            }
            if unit == open, current == 0 {
                // "(415)" or the trunk "(0)" of "+33 (0)6".
                var inner: [UInt8] = []
                var probe = index + 1
                while probe < s.count, let digit = digitValue(s[probe]), inner.count < 4 { inner.append(digit); probe += 1 }
                guard !inner.isEmpty, probe < s.count, s[probe] == close else { break }
                if !(international && inner == [0]) {
                    digits += inner
                    groups.append(inner.count)
                    groupEnds.append(probe + 1)
                }
                index = probe + 1
                end = index
                continue
            }
            if let kind = separatorKind(unit), index + 1 < s.count,
               digitValue(s[index + 1]) != nil || (s[index + 1] == open && index + 2 < s.count && digitValue(s[index + 2]) != nil) {
                if current > 0 { groups.append(current); groupEnds.append(index); current = 0 }
                separators.insert(kind)
                index += 1
                continue
            }
            break
        }
        if current > 0 { groups.append(current); groupEnds.append(end) }
        guard digits.count >= 8 else { return nil }
        // What follows says what it was: "12,50 €", "100 %", "18h30", "12/05/2024", "10:30".
        if end < s.count {
            let next = s[end]
            if CharacterTable.shared.kind(next) & (CharacterTable.letter | CharacterTable.symbol) != 0 { return nil }
            if next == UInt16(ascii: "%") || next == UInt16(ascii: ","), end + 1 < s.count, digitValue(s[end + 1]) != nil { return nil }
            if next == UInt16(ascii: "/") || next == UInt16(ascii: ":"), end + 1 < s.count, digitValue(s[end + 1]) != nil { return nil }
        }
        if start > 0, s[start - 1] == UInt16(ascii: "/") || s[start - 1] == UInt16(ascii: ":") { return nil }

        let count = digits.count
        if international {
            return (8...15).contains(count) && digits[0] != 0 ? end : nil
        }
        if digits[0] == 0, digits[1] == 0 {
            return (8...15).contains(count - 2) && digits[2] != 0 ? end : nil
        }
        if digits[0] == 0 {
            let looksLikeDate = groups.count >= 3 && groups[0] == 2 && groups[1] == 2 && groups[2] == 4
            let phoneGroups = groups.count == 1 || groups.allSatisfy { (2...4).contains($0) } || groups.allSatisfy { $0 == 1 }
            if (9...10).contains(count), separators.count <= 1, phoneGroups, !looksLikeDate { return end }
            // British national numbers: "07700 900123", "020 7946 0958", "0207 946 0958".
            if count == 11, separators.count <= 1, groups.count <= 3, groups.allSatisfy({ (3...6).contains($0) }) || groups.count == 1 { return end }
            // Two numbers in a row ("06 12 34 56 78 07 …"): the first ten digits are one.
            if count > 10, separators.count <= 1, groups.count >= 5, groups.prefix(5).allSatisfy({ $0 == 2 }) { return groupEnds[4] }
            return nil
        }
        return groups == [3, 3, 4] ? end : nil
    }

    // MARK: Phones in words

    /// Read into `Lexicon` (French with Belgian and Swiss tens, English, Spanish).
    static let numberWords = """
        zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt vingts trente \
        quarante cinquante soixante septante huitante octante nonante cent et \
        oh one two three four five seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen \
        nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred double and \
        cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince veinte treinta cuarenta \
        cincuenta sesenta setenta ochenta noventa y
        """
    static let spokenPhoneStarts = "zéro zero oh cero plus más"
    static let atWords = "at arobase arobas arrobase arroba"

    private static func spelledPhones(in lexed: LexedText, into found: inout [SensitiveFinding]) {
        let text = lexed.text
        let tokens = text.tokens
        func closeEnough(_ a: NormalisedToken, _ b: NormalisedToken) -> Bool {
            let gap = b.offset - a.end
            guard (1...3).contains(gap) else { return false }
            return text.original[a.end..<b.offset].allSatisfy { separatorKind($0) != nil || $0 == UInt16(ascii: ",") }
        }
        var index = 0
        while index < tokens.count {
            let startsWithZeroGroup = tokens[index].isNumber && text.units[tokens[index].unitStart] == UInt16(ascii: "0")
            guard startsWithZeroGroup || lexed.has(index, .spokenPhoneStart) else { index += 1; continue }
            var last = index
            var spoken = !tokens[index].isNumber
            while last + 1 < tokens.count, closeEnough(tokens[last], tokens[last + 1]),
                  tokens[last + 1].isNumber || lexed.has(last + 1, .numberWord) {
                if !tokens[last + 1].isNumber { spoken = true }
                last += 1
            }
            if spoken, last - index + 1 >= 6 {
                let range = text.originalRange(from: tokens[index], to: tokens[last])
                found.append(SensitiveFinding(kind: .phone, offset: range.offset, length: range.length, excerpt: text.excerpt(offset: range.offset, length: range.length)))
                index = last + 1
            } else {
                index += 1
            }
        }
    }

    // MARK: E-mails

    /// Read into `Lexicon`, like the number words.
    static let dotWords = "dot point punto"
    static let topLevelDomains = """
        fr com net org eu be ch ca uk co de es it pt nl io info me ma dz tn sn ci cm ml af ua ru ro pl us edu gov gouv asso re lu mc
        """
    static let webmails = "gmail hotmail yahoo outlook live orange free sfr laposte icloud wanadoo protonmail proton gmx aol msn bbox neuf"

    /// What the lexicon knows of the ASCII word at `range`, read in lower case, without building a `String`.
    private static func word(_ s: [UInt16], _ range: Range<Int>, in lexicon: Lexicon, is trait: Lexicon.Traits) -> Bool {
        guard !range.isEmpty, range.count <= 24 else { return false }
        var lowered: [UInt16] = []
        lowered.reserveCapacity(range.count)
        for unit in s[range] { lowered.append(unit >= 0x41 && unit <= 0x5A ? unit + 0x20 : unit) }
        return lexicon.bits(of: lexicon.id(of: lowered[...])) & trait.rawValue != 0
    }

    @inline(__always) private static func isLocalPart(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2E, 0x5F, 0x25, 0x2B, 0x2D: true
        default: unit >= 0xC0 && CharacterTable.shared.kind(unit) & CharacterTable.letter != 0
        }
    }

    @inline(__always) private static func isDomainPart(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D: true
        default: unit >= 0xC0 && CharacterTable.shared.kind(unit) & CharacterTable.letter != 0
        }
    }

    private static func skipSpaces(_ s: [UInt16], _ index: Int, upTo limit: Int, backwards: Bool = false) -> Int {
        var index = index
        var skipped = 0
        if backwards {
            while index > 0, skipped < limit, s[index - 1] == 0x20 { index -= 1; skipped += 1 }
        } else {
            while index < s.count, skipped < limit, s[index] == 0x20 { index += 1; skipped += 1 }
        }
        return index
    }

    /// "[at]", "(dot)", "{point}", "[.]": what is inside the brackets (spaces trimmed), and where they end.
    private static func bracketed(_ s: [UInt16], at index: Int) -> (inner: Range<Int>, end: Int)? {
        guard index < s.count else { return nil }
        let closing: UInt16
        switch s[index] {
        case UInt16(ascii: "["): closing = UInt16(ascii: "]")
        case UInt16(ascii: "("): closing = UInt16(ascii: ")")
        case UInt16(ascii: "{"): closing = UInt16(ascii: "}")
        case UInt16(ascii: "<"): closing = UInt16(ascii: ">")
        default: return nil
        }
        var probe = index + 1
        while probe < s.count, probe - index <= 9, s[probe] != closing { probe += 1 }
        guard probe < s.count, s[probe] == closing else { return nil }
        var lower = index + 1, upper = probe
        while lower < upper, s[lower] == 0x20 { lower += 1 }
        while upper > lower, s[upper - 1] == 0x20 { upper -= 1 }
        return (lower..<upper, probe + 1)
    }

    private static func isSymbol(_ s: [UInt16], _ range: Range<Int>, _ symbol: Unicode.Scalar) -> Bool {
        range.count == 1 && s[range.lowerBound] == UInt16(ascii: symbol)
    }

    private static func emails(in lexed: LexedText, into found: inout [SensitiveFinding]) {
        let text = lexed.text
        let s = text.original
        // "@" or "＠", and bracketed "[at]", "(arobase)", "(@)".
        for index in 0..<s.count {
            let unit = s[index]
            if unit == UInt16(ascii: "@") || unit == 0xFF20 {
                email(in: lexed, atStart: index, atEnd: index + 1, writtenOut: false, into: &found)
            } else if unit == UInt16(ascii: "[") || unit == UInt16(ascii: "(") || unit == UInt16(ascii: "{") || unit == UInt16(ascii: "<"),
                      let (inner, end) = bracketed(s, at: index),
                      isSymbol(s, inner, "@") || word(s, inner, in: lexed.lexicon, is: .atWord) {
                email(in: lexed, atStart: index, atEnd: end, writtenOut: true, into: &found)
            }
        }
        // The bare words: "marie at exemple dot com", "marie arobase gmail point com".
        for index in text.tokens.indices where lexed.has(index, .atWord) {
            let token = text.tokens[index]
            guard token.offset > 0, s[token.offset - 1] == 0x20, token.end < s.count, s[token.end] == 0x20 else { continue }
            email(in: lexed, atStart: token.offset, atEnd: token.end, writtenOut: true, into: &found)
        }
    }

    private static func email(in lexed: LexedText, atStart: Int, atEnd: Int, writtenOut: Bool, into found: inout [SensitiveFinding]) {
        let text = lexed.text
        let s = text.original
        // The part before the "at".
        let localEnd = skipSpaces(s, atStart, upTo: 1, backwards: true)
        var localStart = localEnd
        while localStart > 0, isLocalPart(s[localStart - 1]) { localStart -= 1 }
        while localStart < localEnd, s[localStart] == UInt16(ascii: ".") { localStart += 1 }
        guard localStart < localEnd else { return }
        // The domain, its labels separated by "." or a written-out dot.
        var index = skipSpaces(s, atEnd, upTo: 1)
        var first: Range<Int>?
        var last: Range<Int>?
        var labels = 0
        var dots = 0
        while index < s.count {
            let labelStart = index
            while index < s.count, isDomainPart(s[index]) { index += 1 }
            guard index > labelStart else { break }
            labels += 1
            if first == nil { first = labelStart..<index }
            last = labelStart..<index
            if index + 1 < s.count, s[index] == UInt16(ascii: "."), isDomainPart(s[index + 1]) {
                index += 1
                dots += 1
                continue
            }
            let afterSpaces = skipSpaces(s, index, upTo: 1)
            if let (inner, end) = bracketed(s, at: afterSpaces),
               isSymbol(s, inner, ".") || word(s, inner, in: lexed.lexicon, is: .dotWord) {
                index = skipSpaces(s, end, upTo: 1)
                dots += 1
                continue
            }
            if afterSpaces > index {
                var wordEnd = afterSpaces
                while wordEnd < s.count, isDomainPart(s[wordEnd]) { wordEnd += 1 }
                if wordEnd + 1 < s.count, s[wordEnd] == 0x20, isDomainPart(s[wordEnd + 1]),
                   word(s, afterSpaces..<wordEnd, in: lexed.lexicon, is: .dotWord) {
                    index = wordEnd + 1
                    dots += 1
                    continue
                }
            }
            break
        }
        guard let first, let last else { return }
        let isWebmail = word(s, first, in: lexed.lexicon, is: .webmail)
        let isEmail: Bool
        if dots > 0 && labels > dots {
            let letters = last.count >= 2 && s[last].allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
            isEmail = letters && (!writtenOut || isWebmail || word(s, last, in: lexed.lexicon, is: .topLevelDomain))
        } else {
            isEmail = isWebmail
        }
        guard isEmail else { return }
        let end = last.upperBound
        found.append(SensitiveFinding(kind: .email, offset: localStart, length: end - localStart, excerpt: text.excerpt(offset: localStart, length: end - localStart)))
    }
}

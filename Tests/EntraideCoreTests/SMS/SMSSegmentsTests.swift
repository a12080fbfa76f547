import Testing
@testable import EntraideCore

@Suite struct SMSSegmentsTests {
    @Test func knowsTheWholeGSMAlphabet() {
        #expect(SMSSegments.gsmBasic.count == 127)
        #expect(SMSSegments.gsmExtension.count == 10)
        let alphabet = String(String.UnicodeScalarView(SMSSegments.gsmBasic))
        #expect(SMSSegments.count(alphabet).encoding == .gsm7)
        #expect(SMSSegments.count("£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà@").encoding == .gsm7)
    }

    @Test(arguments: [(0, 1), (1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)])
    func countsPlainTextSegments(length: Int, segments: Int) {
        let count = SMSSegments.count(String(repeating: "a", count: length))
        #expect(count == SMSSegmentCount(encoding: .gsm7, units: length, segments: segments))
    }

    @Test func countsExtensionCharactersTwice() {
        #expect(SMSSegments.count("€") == SMSSegmentCount(encoding: .gsm7, units: 2, segments: 1))
        #expect(SMSSegments.count("[x]{y}|~^\\").units == 18)
        #expect(SMSSegments.count("\u{000C}").units == 2)
        // 80 euro signs are 160 septets: one segment; one more letter makes two.
        #expect(SMSSegments.count(String(repeating: "€", count: 80)).segments == 1)
        #expect(SMSSegments.count(String(repeating: "€", count: 80) + "a").segments == 2)
    }

    @Test func neverSplitsAnEscapedCharacter() {
        // 152 septets then "€": the pair moves whole to the second part, which then overflows
        // into a third although 306 septets would fill two.
        let text = String(repeating: "a", count: 152) + "€" + String(repeating: "a", count: 152)
        #expect(SMSSegments.count(text).units == 306)
        #expect(SMSSegments.count(text).segments == 3)
        // Without the split rule, 306 septets would be two parts.
        let even = String(repeating: "a", count: 151) + "€" + String(repeating: "a", count: 153)
        #expect(SMSSegments.count(even).units == 306)
        #expect(SMSSegments.count(even).segments == 2)
    }

    @Test func countsCarriageReturnAndNewLineAsTwo() {
        #expect(SMSSegments.count("a\r\nb") == SMSSegmentCount(encoding: .gsm7, units: 4, segments: 1))
    }

    @Test func keepsFrenchInGSMUntilALetterOutsideIt() {
        #expect(SMSSegments.count("Réunion à l'école, où ça ? Près du marché").encoding == .ucs2)  // ç
        #expect(SMSSegments.count("Rendez-vous à l'école près du marché, où il y a de l'entraide").encoding == .gsm7)
        #expect(SMSSegments.count("fête").encoding == .ucs2)
        #expect(SMSSegments.count("ça").encoding == .ucs2)
        #expect(SMSSegments.count("Ça").encoding == .gsm7)  // Ç is in the alphabet, ç is not
        #expect(SMSSegments.count("ÇA").encoding == .gsm7)
        #expect(SMSSegments.count("’").encoding == .ucs2)
    }

    @Test(arguments: [(70, 1), (71, 2), (134, 2), (135, 3)])
    func countsArabicInUCS2(length: Int, segments: Int) {
        let count = SMSSegments.count(String(repeating: "ب", count: length))
        #expect(count == SMSSegmentCount(encoding: .ucs2, units: length, segments: segments))
    }

    @Test func countsAnEmojiAsTwoUnits() {
        #expect(SMSSegments.count("Merci 🙂") == SMSSegmentCount(encoding: .ucs2, units: 8, segments: 1))
        #expect(SMSSegments.count(String(repeating: "🙂", count: 35)).segments == 1)
        #expect(SMSSegments.count(String(repeating: "🙂", count: 35) + "a").segments == 2)
    }

    @Test func neverSplitsASurrogatePair() {
        // 66 units then an emoji: the pair cannot straddle the boundary at 67, so 134 units
        // take three parts instead of two.
        let straddling = String(repeating: "ب", count: 66) + "🙂" + String(repeating: "ب", count: 66)
        #expect(SMSSegments.count(straddling).units == 134)
        #expect(SMSSegments.count(straddling).segments == 3)
        let aligned = String(repeating: "ب", count: 65) + "🙂" + String(repeating: "ب", count: 67)
        #expect(SMSSegments.count(aligned).units == 134)
        #expect(SMSSegments.count(aligned).segments == 2)
    }

    @Test func leavesAShortTextAsItIs() {
        #expect(SMSSegments.fit("Bonjour Marie", maxSegments: 1) == "Bonjour Marie")
        #expect(SMSSegments.fit("", maxSegments: 1) == "")
        let twoParts = String(repeating: "a ", count: 150)
        #expect(SMSSegments.fit(twoParts, maxSegments: 2) == twoParts)
    }

    @Test func shortensAtAWordBoundary() {
        let text = String(repeating: "entraide ", count: 40)
        let fitted = SMSSegments.fit(text, maxSegments: 1)
        #expect(fitted.hasSuffix("entraide..."))
        #expect(SMSSegments.count(fitted).segments == 1)
        #expect(fitted.count > 140)
    }

    @Test(arguments: [1, 2, 3])
    func fitsEveryKindOfText(maxSegments: Int) {
        let texts = [
            String(repeating: "Une sortie au parc dimanche à 15 h, venez nombreux. ", count: 20),
            String(repeating: "€", count: 500),
            String(repeating: "سيتم توزيع وجبات ساخنة غداً أمام المحطة ", count: 20),
            String(repeating: "🙂", count: 300),
            String(repeating: "a", count: 1000),
            String(repeating: "Пакет з їжею чекає на вас 🙂 ", count: 30),
        ]
        for text in texts {
            let fitted = SMSSegments.fit(text, maxSegments: maxSegments)
            #expect(SMSSegments.count(fitted).segments <= maxSegments)
            #expect(fitted.hasSuffix("..."))
            #expect(text.hasPrefix(String(fitted.dropLast(3))))
            #expect(fitted.count > 20)
        }
    }

    @Test func fitsInOneSegmentWhenAskedForNone() {
        let fitted = SMSSegments.fit(String(repeating: "a", count: 400), maxSegments: 0)
        #expect(SMSSegments.count(fitted).segments == 1)
    }

    @Test func placeNamesFromImportsTravelInGSM() {
        let imported = "Restos du C\u{0153}ur \u{2013} l\u{2019}\u{00EE}le \u{00AB}Saint\u{2011}Maur\u{00BB}, h\u{00F4}tel, gar\u{00E7}on\u{2026}"
        #expect(SMSSegments.count(imported).encoding == .ucs2)
        let plain = SMSSegments.gsmFriendly(imported)
        #expect(plain == "Restos du Coeur - l'ile \"Saint-Maur\", hotel, garcon...")
        #expect(SMSSegments.count(plain).encoding == .gsm7)
        // GSM letters keep their accents; other scripts are left whole.
        #expect(SMSSegments.gsmFriendly("Café Éclair à Nîmes") == "Café Éclair à Nimes")
        #expect(SMSSegments.gsmFriendly("مطعم القلب") == "مطعم القلب")
        #expect(SMSSegments.gsmFriendly("Їжа для всіх") == "Їжа для всіх")
    }
}

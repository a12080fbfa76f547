import Foundation
import Testing
@testable import EntraideCore

@Suite struct SensitiveWordTests {
    @Test(arguments: [
        // French, and the ways people get past a filter.
        ("T'es qu'un connard", "fr", ["word.insult"]),
        ("espèce de CONNNNARD !!!", "fr", ["word.insult"]),
        ("c.o.n.n.a.r.d va", "fr", ["word.insult"]),
        ("c o n n a r d", "fr", ["word.insult"]),
        ("t'es un c0nn4rd", "fr", ["word.insult"]),
        ("bande d'enculés", "fr", ["word.insult"]),
        ("sale pute", "fr", ["word.insult"]),
        ("ferme ta gueule", "fr", ["word.insult"]),
        ("nique ta mère", "fr", ["word.insult"]),
        ("t'es con ou quoi", "fr", ["word.insult"]),
        ("Les clodos du quartier", "fr", ["word.insult"]),
        ("sale arabe", "fr", ["word.hate"]),
        ("retourne dans ton pays", "fr", ["word.hate"]),
        ("plan cul ce soir ?", "fr", ["word.solicitation"]),
        ("c'est combien la passe", "fr", ["word.solicitation"]),
        ("envoie par Western Union", "fr", ["word.solicitation"]),
        ("je veux me suicider", "fr", ["word.self_harm"]),
        ("j'ai envie d'en finir", "fr", ["word.self_harm"]),
        ("je vais m'ouvrir les veines", "fr", ["word.self_harm"]),
        ("je vais te tuer", "fr", ["word.violence"]),
        ("il s'est fait tabasser hier", "fr", ["word.violence"]),
        ("qui a de la coke ?", "fr", ["word.drugs"]),
        ("du crack à Stalingrad", "fr", ["word.drugs"]),
        // English, also from a member whose language is French.
        ("fuck you", "en", ["word.insult"]),
        ("you stupid b1tch", "en", ["word.insult"]),
        ("what a moron", "fr", ["word.insult"]),
        ("send nudes", "en", ["word.sexual"]),
        ("how much for the night", "en", ["word.solicitation"]),
        ("I want to kill myself", "en", ["word.self_harm"]),
        ("I feel suicidal tonight", "en", ["word.self_harm"]),
        ("I'm gonna kill you", "en", ["word.violence"]),
        ("anyone selling weed?", "en", ["word.drugs"]),
        ("go back to your country", "en", ["word.hate"]),
        // Arabic, with and without vowel marks, with an attached article.
        ("يا ابن الكلب", "ar", ["word.insult"]),
        ("أنت حَقِير", "ar", ["word.insult"]),
        ("أفكر في الانتحار", "ar", ["word.self_harm"]),
        ("سأقتلك", "ar", ["word.violence"]),
        ("عندك حشيش؟", "ar", ["word.drugs"]),
        // Spanish.
        ("eres un gilipollas", "es", ["word.insult"]),
        ("hijo de puta", "es", ["word.insult"]),
        ("quiero suicidarme", "es", ["word.self_harm"]),
        ("te voy a matar", "es", ["word.violence"]),
        // Several findings, in order.
        ("connard, appelle le 06 12 34 56 78", "fr", ["word.insult", "phone"]),
    ])
    func findsSensitiveWords(text: String, language: String, expected: [String]) {
        let found = SafetyFixtures.labels(text, language: language)
        #expect(found == expected, "\(text)")
    }

    /// Words that contain, resemble or are spelled like a sensitive one, and ordinary words of
    /// another language.
    @Test(arguments: [
        ("Une salopette et des bottes pour l'hiver", "fr"),
        ("Une baisse des prix à l'épicerie solidaire", "fr"),
        ("Quel succès, la collecte !", "fr"),
        ("Une écharpe violette et un violon", "fr"),
        ("Une randonnée pédestre dimanche", "fr"),
        ("Le contenu de la formation est en ligne", "fr"),
        ("Désolé pour le retard, le bus était bloqué", "fr"),
        ("Je voudrais un café con leche", "es"),
        ("There is a crack in the wall of the shelter", "en"),
        ("Let's grab a bite to eat", "en"),
        ("Elle porte le niqab et parle arabe", "fr"),
        ("Je connais bien le quartier", "fr"),
        ("Prévention du harcèlement : ateliers pour en finir avec les idées reçues", "fr"),
        ("A great escape game with the volunteers", "en"),
        ("Merci pour le passage de la maraude, il y a du monde", "fr"),
        ("Il a passé la nuit au chaud, merci à tous", "fr"),
        ("Scunthorpe is a town in England", "en"),
        ("شكرا على المساعدة والطعام", "ar"),
        ("Gracias por la comida y las mantas", "es"),
    ])
    func leavesOrdinaryWordsAlone(text: String, language: String) {
        let found = SafetyFixtures.labels(text, language: language)
        #expect(found.isEmpty, "\(text) → \(found)")
    }

    @Test func wordFromAnotherLanguageAppliesUnlessItIsAnOrdinaryWordThere() {
        // "retard" is an English slur but French for "delay": only English (or unknown) texts.
        #expect(SafetyFixtures.labels("tu es un retard", language: "fr").isEmpty)
        #expect(SafetyFixtures.labels("you retard", language: "en") == ["word.insult"])
        #expect(SafetyFixtures.labels("you retard", language: nil) == ["word.insult"])
        // "connard" is nobody's ordinary word: it applies to an English text too.
        #expect(SafetyFixtures.labels("you connard", language: "en-GB") == ["word.insult"])
    }

    @Test func shippedListsLoadAndCoverEveryCategory() throws {
        let lists = try SensitiveWordList.load(from: SafetyFixtures.wordListsDirectory)
        let languages = lists.map(\.language)
        #expect(languages == ["ar", "en", "es", "fr"])
        for list in lists {
            #expect(list.entries.count >= 15, "\(list.language)")
            #expect(Set(list.entries.map(\.category)) == Set(SensitiveCategory.allCases), "\(list.language)")
        }
        let french = lists.first { $0.language == "fr" }
        let english = lists.first { $0.language == "en" }
        #expect((30...80).contains(french?.entries.count ?? 0))
        #expect((30...80).contains(english?.entries.count ?? 0))
    }

    @Test func decodesAListFromJSON() throws {
        let json = #"{"language":"fr","entries":[{"term":"connard","category":"insult","match":"stem"},{"term":"me pendre","category":"self_harm","match":"exact"}]}"#
        let list = try JSONDecoder().decode(SensitiveWordList.self, from: Data(json.utf8))
        #expect(list.entries == [
            .init(term: "connard", category: .insult, match: .stem),
            .init(term: "me pendre", category: .selfHarm, match: .exact),
        ])
        let detector = SensitiveContentDetector(wordLists: [list])
        let found = detector.scan("Connards ! je vais me pendre")
        #expect(found.map(\.category) == [.insult, .selfHarm])
        #expect(found.map(\.excerpt) == ["Connards", "me pendre"])
    }

    @Test func stemMatchesInflectionsExactMatchesTheWordAndItsPlural() {
        let detector = SensitiveContentDetector(wordLists: [SensitiveWordList(language: "fr", entries: [
            .init(term: "encul", category: .insult, match: .stem),
            .init(term: "viol", category: .violence, match: .exact),
        ])])
        let found = detector.scan("enculé, enculés, viol, viols, violet, violon")
        #expect(found.map(\.excerpt) == ["enculé", "enculés", "viol", "viols"])
    }
}

@Suite struct SensitiveContentDetectorTests {
    @Test func findingsAreSortedAndSameKindFindingsNeverOverlap() {
        let text = "fils de pute, appelle le 06 12 34 56 78 ou marie@exemple.fr, je dors sous le pont"
        let found = SafetyFixtures.detector.scan(text, language: "fr")
        #expect(found.map(\.kind) == [.word, .phone, .email, .placeHint])
        #expect(found.map(\.offset) == found.map(\.offset).sorted())
        #expect(found.first?.excerpt == "fils de pute")
        let nsText = text as NSString
        for finding in found {
            #expect(nsText.substring(with: NSRange(location: finding.offset, length: finding.length)) == finding.excerpt)
        }
    }

    @Test func reasonCodesAndHolding() {
        let found = SafetyFixtures.detector.scan("connard, 06 12 34 56 78, a@b.fr, 12 rue de la Paix, sous le pont", language: "fr")
        #expect(found.map(\.reasonCode) == ["safety.held.word.insult", "safety.held.phone", "safety.held.email",
                                            "safety.held.address", "safety.held.place_hint"])
        #expect(found.map(\.locatesSomeone) == [false, true, true, true, true])
        #expect(SafetyFixtures.detector.shouldHold(found))
        let clean = SafetyFixtures.detector.scan("Merci pour les couvertures !", language: "fr")
        #expect(!SafetyFixtures.detector.shouldHold(clean))
        let selfHarm = SensitiveFinding(kind: .word, category: .selfHarm, offset: 0, length: 1, excerpt: "x")
        #expect(selfHarm.reasonCode == "safety.held.word.self_harm")
    }

    @Test func findingsEncodeAsJSON() throws {
        let finding = SensitiveFinding(kind: .placeHint, offset: 3, length: 12, excerpt: "sous le pont")
        let data = try JSONEncoder().encode(finding)
        let decoded = try JSONDecoder().decode(SensitiveFinding.self, from: data)
        #expect(decoded == finding)
    }

    @Test func emptyAndBlankTextsHaveNoFinding() {
        #expect(SafetyFixtures.detector.scan("").isEmpty)
        #expect(SafetyFixtures.detector.scan("   \n ").isEmpty)
        #expect(SafetyFixtures.detector.scan("👋🙏").isEmpty)
    }
}

@Suite struct TextNormaliserTests {
    @Test(arguments: [
        ("Élève CoNNNNard !", "eleve connard"),
        ("c.o.n.n.a.r.d l'œuf", "connard l oeuf"),
        ("Ça va, garçon ?", "ca va garcon"),
        ("t'es un c0nn4rd", "t es un connard"),
        ("$alope", "salope"),
        ("12bis rue, 18h30, 3ème", "12bis rue 18h30 3eme"),
        ("مُحَمَّد أحمد", "محمد احمد"),
        ("كلـــب", "كلب"),
    ])
    func normalisesForMatching(text: String, expected: String) {
        #expect(TextNormaliser.normalise(text).text == expected)
    }

    @Test func tokensPointBackToTheOriginalText() {
        let text = "Ça c'est 👍 génial"
        let normalised = TextNormaliser.normalise(text)
        let last = normalised.tokens[normalised.tokens.count - 1]
        #expect(normalised.word(last) == "genial")
        #expect(normalised.excerpt(offset: last.offset, length: last.length) == "génial")
    }
}

import Testing
@testable import EntraideCore

@Suite struct ContactDetectorTests {
    @Test(arguments: [
        ("Appelle-moi au 06 12 34 56 78 ce soir", "06 12 34 56 78"),
        ("mon numéro : 06.12.34.56.78", "06.12.34.56.78"),
        ("06-12-34-56-78 (Karim)", "06-12-34-56-78"),
        ("tel 0612345678", "0612345678"),
        ("Joignable au +33 6 12 34 56 78 après 18h", "+33 6 12 34 56 78"),
        ("+33612345678", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33 (0)6 12 34 56 78"),
        ("écris au 0033 6 12 34 56 78 sur WhatsApp", "0033 6 12 34 56 78"),
        ("My UK number is +44 7700 900123", "+44 7700 900123"),
        ("Call +1 (415) 555-0100 anytime", "+1 (415) 555-0100"),
        ("text me at (415) 555-0100", "(415) 555-0100"),
        ("Belgique : 0470 12 34 56", "0470 12 34 56"),
        ("O6 12 34 56 78 c'est moi", "O6 12 34 56 78"),
        ("0 6 1 2 3 4 5 6 7 8", "0 6 1 2 3 4 5 6 7 8"),
        ("رقمي ٠٦١٢٣٤٥٦٧٨", "٠٦١٢٣٤٥٦٧٨"),
        ("zéro six douze trente-quatre cinquante-six soixante-dix-huit", "zéro six douze trente-quatre cinquante-six soixante-dix-huit"),
        ("appelle le 06 douze 34 cinquante-six 78", "06 douze 34 cinquante-six 78"),
        ("zero seven seven zero zero nine zero zero one two three", "zero seven seven zero zero nine zero zero one two three"),
        ("+380 50 123 4567 (Olena)", "+380 50 123 4567"),
        ("I need help with my CV, call me 07700 900123", "07700 900123"),
        ("Tél. de l'accueil de jour : 01 42 68 53 00", "01 42 68 53 00"),
    ])
    func findsPhoneNumbers(text: String, excerpt: String) {
        let findings = ContactDetector.findings(in: text)
        #expect(findings.map(\.kind) == [.phone])
        #expect(findings.first?.excerpt == excerpt)
    }

    @Test(arguments: [
        "Distribution le 12/05/2024 à 18h30",
        "Réunion le 2024-05-12, salle 3",
        "Rendez-vous le 12.05.2024 à 18h30",
        "Le café coûte 12,50 € et le repas 3,20 €",
        "J'habite dans le 75011 depuis 2019",
        "On a besoin de 3 couvertures et 2 sacs de couchage",
        "100 repas servis, 250 kg de dons, 1 200 bénévoles",
        "Collecte de 1 000 000 € en 2023",
        "Ouvert de 9h à 12h puis de 14h à 18h30",
        "Il fait 3 degrés, prévoir 10 à 12 duvets",
        "Code de la porte 4521B, bâtiment 2",
        "We served 1,250 meals on 05/12/2024 at 6:30 pm",
        "trois couvertures et deux sacs pour la maraude",
        "Le bus 38 passe toutes les 10 minutes",
        "Numéro de commande 2024-000123",
        "Atelier cuisine le samedi 12 octobre de 10h à 12h",
        "Le 06/12 on fait une sortie au musée",
        "Je suis né en 1985 à Kaboul, j'ai 38 ans",
        "Le vol AF 1234 arrive à 06 h 45",
        "IBAN FR76 3000 6000 0112 3456 7890 189",
    ])
    func leavesNumbersThatAreNotPhones(text: String) {
        let kinds = SafetyFixtures.labels(text, language: "fr")
        #expect(kinds.isEmpty, "\(text) → \(kinds)")
    }

    @Test(arguments: [
        ("écris-moi : marie.dupont@exemple.fr.", "marie.dupont@exemple.fr"),
        ("contact: karim_b+asso@mail.example.co.uk", "karim_b+asso@mail.example.co.uk"),
        ("marie [at] exemple [dot] fr", "marie [at] exemple [dot] fr"),
        ("marie at exemple dot com", "marie at exemple dot com"),
        ("marie(arobase)exemple.fr", "marie(arobase)exemple.fr"),
        ("marie arobase gmail point com", "marie arobase gmail point com"),
        ("jean.d (at) hotmail (dot) fr stp", "jean.d (at) hotmail (dot) fr"),
        ("mon mail c'est lea92 @ gmail.com", "lea92 @ gmail.com"),
    ])
    func findsEmails(text: String, excerpt: String) {
        let findings = ContactDetector.findings(in: text)
        #expect(findings.map(\.kind) == [.email])
        #expect(findings.first?.excerpt == excerpt)
    }

    @Test(arguments: [
        "Meet me at noon at the station",
        "Merci @Marie pour ton aide !",
        "Look at this dot painting",
        "Il est au point de rendez-vous",
    ])
    func leavesSentencesThatAreNotEmails(text: String) {
        let findings = ContactDetector.findings(in: text)
        #expect(findings.isEmpty, "\(text) → \(findings)")
    }

    /// Offsets are UTF-16: an emoji before the number counts for two.
    @Test func reportsUTF16OffsetsIntoTheOriginalText() {
        let text = "Salut 👋 Émile, mon 06 12 34 56 78"
        let findings = ContactDetector.findings(in: text)
        let expectedOffset = "Salut 👋 Émile, mon ".utf16.count
        #expect(findings.first?.offset == expectedOffset)
        #expect(findings.first?.length == 14)
    }
}

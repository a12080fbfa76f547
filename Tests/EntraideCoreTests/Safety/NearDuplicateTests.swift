import Testing
@testable import EntraideCore

@Suite struct NearDuplicateTests {
    static let message = "Bonjour Marie, je m'appelle Karim et je cherche des personnes pour m'aider à trouver un logement à Paris. Contactez-moi vite !"

    @Test(arguments: [
        (message, message),
        (message, "Bonjour Julien, je m'appelle Karim et je cherche des personnes pour m'aider à trouver un logement à Paris. Contactez-moi vite !"),
        (message, "bonjour marie je m appelle karim et je cherche des personnes pour m aider a trouver un logement a paris contactez moi vite"),
        (message, "Bonjour Marie, je m'appelle Karim et je cherche des persones pour m'aider à trouver un logment à Paris. Contactez-moi vite !"),
        ("Gagnez 500 € par semaine depuis chez vous, écrivez-moi au 06 12 34 56 78 !!!",
         "Gagnez 800 € par semaine depuis chez vous, écrivez-moi au 07 98 76 54 32 !"),
        ("Hi Tom, join our amazing crypto group and double your money in one week, click the link now",
         "Hi Sarah, join our amazing crypto group and double your money in one week, click the link now"),
    ])
    func sameMessageSentAgainIsNearIdentical(a: String, b: String) {
        let similarity = NearDuplicate.similarity(a, b)
        #expect(similarity >= NearDuplicate.threshold, "\(similarity)")
    }

    @Test(arguments: [
        (message, "Merci à tous pour la maraude d'hier soir, on a distribué 40 repas et beaucoup de sourires."),
        ("Je cherche un logement à Paris", "Je propose un logement à Lyon pour une famille"),
        ("Besoin de couvertures pour ce soir", "Merci pour les couvertures de ce soir"),
        ("Bonjour", "Bonsoir à tous"),
    ])
    func differentMessagesAreNot(a: String, b: String) {
        let similarity = NearDuplicate.similarity(a, b)
        #expect(similarity < NearDuplicate.threshold, "\(similarity)")
    }

    @Test func fingerprintIgnoresCaseAccentsPunctuationAndDigits() {
        let a = NearDuplicate.fingerprint("Écrivez-moi au 06 12 34 56 78 !")
        let b = NearDuplicate.fingerprint("ecrivez moi au 07 98 76 54 32")
        let c = NearDuplicate.fingerprint("écrivez-moi demain")
        #expect(a == b)
        #expect(a != c)
        #expect(a.count == 16)
        #expect(NearDuplicate.fingerprint("") == NearDuplicate.fingerprint("  !! "))
    }
}

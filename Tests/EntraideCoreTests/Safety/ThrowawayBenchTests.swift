import Testing
@testable import EntraideCore

@Suite struct ThrowawayBenchTests {
    @Test func bench() {
        let text = "Bonjour à tous ! Hier soir pendant la maraude nous avons rencontré Karim, qui dort depuis deux semaines devant le Monoprix de la rue Oberkampf. Il a besoin d'un duvet, de chaussettes et de chaussures taille 43. Il parle arabe et un peu français. Si quelqu'un peut passer ce soir, il sera là vers 20h. Vous pouvez aussi m'écrire à marie.dupont@exemple.fr ou m'appeler au 06 12 34 56 78. Merci à Julie et Paul pour les 30 repas distribués, et à l'épicerie solidaire du 11e pour les dons ! À jeudi."
        print("LEN", text.utf16.count)
        print(SafetyFixtures.detector.scan(text, language: "fr").map { "\($0.kind):\($0.excerpt)" })
        let rate = DetectorBenchmark.run(detector: SafetyFixtures.detector, text: text, iterations: 20000)
        print("RATE", Int(rate))
        let clean = String(repeating: "Merci pour les couvertures et le café chaud, à demain pour la distribution. ", count: 7)
        print("RATE-CLEAN", Int(DetectorBenchmark.run(detector: SafetyFixtures.detector, text: clean, iterations: 2000)), clean.utf16.count)
    }
}

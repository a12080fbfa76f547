import Testing
@testable import EntraideCore

/// What a `SERVICES` text names, read against a small catalogue like the real one.
@Suite struct SMSServiceWordsTests {
    static let words = SMSServiceWords([
        .init(language: .fr, code: "food", text: "MANGER"),
        .init(language: .fr, code: "hygiene", text: "LAVER"),
        .init(language: .fr, code: "food", text: "Manger"),
        .init(language: .fr, code: "food.meals", text: "Repas"),
        .init(language: .fr, code: "food.drinking_water", text: "Eau potable"),
        .init(language: .fr, code: "shelter", text: "Dormir, s'abriter"),
        .init(language: .fr, code: "hygiene.showers", text: "Douches"),
        .init(language: .fr, code: "equipment.clothing", text: "Vêtements"),
        .init(language: .fr, code: "digital.wifi", text: "Wi-Fi"),
        .init(language: .en, code: "hygiene.showers", text: "Showers"),
        .init(language: .en, code: "food", text: "FOOD"),
        .init(language: .ar, code: "food", text: "طعام"),
        .init(language: .ar, code: "hygiene.showers", text: "حمامات"),
    ])

    @Test(arguments: [
        ("manger", ["food"]),
        ("MANGER 75011", ["food"]),
        ("repas", ["food.meals"]),
        ("eau", ["food.drinking_water"]),
        ("douche", ["hygiene.showers"]),
        ("une douche svp", ["hygiene.showers"]),
        ("vetement", ["equipment.clothing"]),
        ("VÊTEMENTS", ["equipment.clothing"]),
        ("abri", ["shelter"]),
        ("abriter", ["shelter"]),
        ("wifi", ["digital.wifi"]),
        // A family named stands for its categories, which are not listed again.
        ("manger repas", ["food"]),
        ("douche repas", ["food.meals", "hygiene.showers"]),
        ("laver douches", ["hygiene"]),
        ("n'importe quoi", []),
        ("", []),
    ])
    func readsFrenchWords(text: String, codes: [String]) {
        #expect(Self.words.match(text, language: .fr)?.codes ?? [] == codes)
        #expect(Self.words.match(text, language: .fr)?.language ?? .fr == .fr)
    }

    @Test func theReadersLanguageComesFirstThenAnyOther() {
        #expect(Self.words.match("shower", language: .en) == .init(codes: ["hygiene.showers"], language: .en))
        // Someone set to French who writes in English or Arabic is understood, and the words' language is told.
        #expect(Self.words.match("food", language: .fr) == .init(codes: ["food"], language: .en))
        #expect(Self.words.match("طعام", language: .ar) == .init(codes: ["food"], language: .ar))
        #expect(Self.words.match("حمامات", language: .fr) == .init(codes: ["hygiene.showers"], language: .ar))
        #expect(Self.words.match("الحمامات", language: .ar) == nil)
    }

    @Test func codesStandForTheirCategoriesInTheDirectorysOrder() {
        #expect(SMSServiceWords.categories(["hygiene.showers", "food"]) == ["food.meals", "food.parcels", "food.social_grocery", "food.drinking_water", "hygiene.showers"])
        #expect(SMSServiceWords.categories(["nothing"]).isEmpty)
    }
}

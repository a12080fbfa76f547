import Foundation
import Testing
@testable import EntraideCore

@Suite struct CatalogueTests {
    let catalogue = Catalogue(texts: [
        .fr: ["greeting": "Bonjour {name} !", "only.fr": "Seulement en français"],
        .en: ["greeting": "Hello {name}!"],
    ])

    @Test func interpolatesPlaceholders() {
        #expect(catalogue.text("greeting", .en, ["name": "Marie"]) == "Hello Marie!")
        #expect(catalogue.text("greeting", .fr, ["name": "Marie"]) == "Bonjour Marie !")
    }

    @Test func missingKeyFallsBackToFrenchThenToTheKey() {
        #expect(catalogue.text("only.fr", .en) == "Seulement en français")
        #expect(catalogue.text("nowhere", .en) == "nowhere")
        #expect(catalogue.missingKeys(in: .en) == ["only.fr"])
    }

    @Test func detectsPlaceholderMismatches() {
        let broken = Catalogue(texts: [.fr: ["k": "{a} et {b}"], .en: ["k": "{a} and b"]])
        #expect(broken.placeholderMismatches(in: .en) == ["k"])
    }

    /// The shipped catalogues: every French key exists in every other catalogue, with the same placeholders.
    @Test func shippedCataloguesAreComplete() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Resources/Locales").standardized
        let shipped = try Catalogue.load(from: folder)
        #expect(shipped.languages.contains(.fr) && shipped.languages.contains(.en))
        for language in shipped.languages where language != .fr {
            #expect(shipped.missingKeys(in: language).isEmpty, "missing in \(language): \(shipped.missingKeys(in: language))")
            #expect(shipped.placeholderMismatches(in: language).isEmpty, "placeholders differ in \(language)")
        }
    }
}

@Suite struct LanguageNegotiationTests {
    let available: Set<Language> = [.fr, .en]

    @Test func memberSettingWinsThenQueryThenHeader() {
        #expect(LanguageNegotiation.choose(memberSetting: "en", queryParameter: "fr", acceptLanguage: "fr", available: available, fallback: .fr) == .en)
        #expect(LanguageNegotiation.choose(memberSetting: nil, queryParameter: "en", acceptLanguage: "fr", available: available, fallback: .fr) == .en)
        #expect(LanguageNegotiation.choose(memberSetting: nil, queryParameter: nil, acceptLanguage: "en-GB,en;q=0.9", available: available, fallback: .fr) == .en)
    }

    @Test func acceptLanguageHonoursQualityAndSkipsUnavailable() {
        #expect(LanguageNegotiation.choose(memberSetting: nil, queryParameter: nil, acceptLanguage: "ar;q=1, en;q=0.5, fr;q=0.8", available: available, fallback: .fr) == .fr)
        #expect(LanguageNegotiation.choose(memberSetting: nil, queryParameter: nil, acceptLanguage: "de, en;q=0", available: available, fallback: .fr) == .fr)
        #expect(LanguageNegotiation.choose(memberSetting: "xx", queryParameter: "zz", acceptLanguage: nil, available: available, fallback: .en) == .en)
    }

    @Test func readsRegionalAndDariTags() {
        #expect(LanguageNegotiation.parse("fr-CA") == .fr)
        #expect(LanguageNegotiation.parse("prs") == .fa)
        #expect(LanguageNegotiation.parse("AR_ma") == .ar)
    }
}

@Suite struct ProfileRulesTests {
    @Test func aboutIsLimitedTo200Characters() throws {
        #expect(try ProfileRules.about(String(repeating: "é", count: 200))?.count == 200)
        #expect(throws: RuleViolation("validation.too_long", field: "about", arguments: ["max": "200"])) {
            try ProfileRules.about(String(repeating: "a", count: 201))
        }
    }

    @Test func emailsAreCheckedAndLowercased() throws {
        #expect(try ProfileRules.email(" Marie@Example.ORG ") == "marie@example.org")
        for bad in ["marie", "marie@", "@example.org", "marie@example", "ma rie@example.org", "a@b..c"] {
            #expect(throws: RuleViolation.self) { try ProfileRules.email(bad) }
        }
    }

    @Test func passwordsFitBcrypt() {
        #expect(throws: RuleViolation.self) { try ProfileRules.password("short") }
        #expect(throws: RuleViolation.self) { try ProfileRules.password(String(repeating: "x", count: 73)) }
    }

    @Test func choicesRejectUnknownValues() throws {
        #expect(try ProfileRules.choices(["sport", "sport", "music"], as: Interest.self, field: "interests") == [.sport, .music])
        #expect(throws: RuleViolation.self) { try ProfileRules.choices(["skydiving"], as: Interest.self, field: "interests") }
    }

    @Test func oneTimeCodesHaveSixDigits() {
        for _ in 0..<100 { #expect(OneTimeCodePolicy.isWellFormed(OneTimeCodePolicy.generate())) }
        #expect(!OneTimeCodePolicy.isWellFormed("12345"))
        #expect(!OneTimeCodePolicy.isWellFormed("12345a"))
    }
}

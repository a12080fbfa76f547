import Foundation
import Testing
import Vapor
import Fluent
@testable import EntraideServer
import EntraideCore

/// `SERVICES <what>` by SMS: the nearest places open now around the member's zone, in
/// French, English and Arabic, from the sample and demo directories (Paris 10e/11e).
@Suite struct SMSServicesTests {
    /// A Tuesday lunchtime and a Sunday afternoon in Paris.
    static let lunchtime = parisTime("2026-03-03 12:30")
    static let sundayAfternoon = parisTime("2026-03-08 15:00")

    @Test func aFrenchMemberGetsTheNearestOpenPlacesWithAddressHoursAndPhone() async throws {
        try await withEntraide { app in
            try await app.importSamples()
            try await DemoPlaces.seed(app)
            let phone = "+33611000101"
            _ = try await app.smsMember("Paul", phone: phone)

            let meals = try await app.textIn("SERVICES manger", from: phone, now: Self.lunchtime)
            #expect(meals == ["""
                Ouvert maintenant près de 75011 (Manger) :
                1) Repas du midi Saint-Martin, 12 Rue du Faubourg du Temple, 75011 Paris, ouvert jusqu'à 14:00, à 1.5 km, 01 42 00 00 01
                2) Restaurant solidaire République, 40 Rue du Faubourg du Temple, 75011 Paris, ouvert jusqu'à 13:45, à 1.9 km, 01 43 00 00 11
                """])
            #expect(SMSSegments.count(meals[0]).encoding == .gsm7)
            // The same words in other forms, and a category rather than a family.
            #expect(try await app.textIn("Lieux: REPAS", from: phone, now: Self.lunchtime).first?.contains("(Repas)") == true)
            #expect(try await app.textIn("services vetement", from: phone, now: Self.lunchtime).first?.contains("1) Accueil de jour du Canal") == true)

            // Nothing open: said so, with the emergency numbers, never silence.
            #expect(try await app.textIn("SERVICES douche", from: phone, now: Self.sundayAfternoon)
                    == [app.smsText("sms.services.none", .fr, ["what": "Douches"])])
            // A postal code in the text searches there instead (nothing in the directory near Lyon).
            #expect(try await app.textIn("SERVICES manger 69003", from: phone, now: Self.lunchtime)
                    == [app.smsText("sms.services.none", .fr, ["what": "Manger"])])
            #expect(try await app.textIn("SERVICES manger 99999", from: phone, now: Self.lunchtime)
                    == [app.smsText("sms.join.postal_code_invalid", .fr)])
            // No word, or a word the directory does not know: the list of words to use.
            let words = app.catalogue.text("sms.services.words", .fr)
            for text in ["SERVICES", "SERVICES truc"] {
                #expect(try await app.textIn(text, from: phone, now: Self.lunchtime) == [app.smsText("sms.services.choose", .fr, ["words": words])])
            }
            let kept = try await SMSInbound.query(on: app.db).filter(\.$fromPhone == phone).filter(\.$command == "services").count()
            #expect(kept == 8)
        }
    }

    /// Every word the menu advertises, in every language, finds its own family.
    @Test(arguments: Language.allCases)
    func theAdvertisedWordsNameTheirFamilies(language: Language) async throws {
        try await withEntraide { app in
            let advertised = SMSServices.advertised(app.catalogue.text("sms.services.words", language))
            #expect(advertised.count == PlaceCategory.families.count)
            for (family, word) in zip(PlaceCategory.families, advertised) {
                #expect(app.smsServiceWords.match(word, language: language) == .init(codes: [family.code], language: language), "\(word) in \(language)")
            }
        }
    }

    @Test func someoneWithoutAnAccountAsksInEnglishWithAPostalCode() async throws {
        try await withEntraide { app in
            try await app.importSamples()
            try await DemoPlaces.seed(app)
            let stranger = "+447700900999"
            let members = try await User.query(on: app.db).count()
            #expect(try await app.textIn("PLACES food", from: stranger, now: Self.lunchtime)
                    == [app.smsText("sms.services.ask_postal_code", .en, ["word": "FOOD"])])
            let answer = try #require(try await app.textIn("places food 75011", from: stranger, now: Self.lunchtime).first)
            let intro = app.catalogue.text("sms.services.intro", .en, ["what": app.catalogue.text("category_family.food", .en), "zone": "75011"])
            #expect(answer.hasPrefix(intro + "\n1) Repas du midi Saint-Martin, 12 Rue du Faubourg du Temple, 75011 Paris, open until 14:00, 1.5 km away, 01 42 00 00 01\n2) "))
            #expect(try await User.query(on: app.db).count() == members, "asking creates no account")
        }
    }

    @Test func anArabicSpeakerIsAnsweredInArabicWithPlacesWholeAndIsolated() async throws {
        try await withEntraide { app in
            try await app.importSamples()
            try await DemoPlaces.seed(app)
            let phone = "+33611000102"
            let sara = try await app.smsMember("سارة", phone: phone, postalCode: "75011", greeting: "مرحبا")
            #expect(sara.language == "ar")
            let answer = try #require(try await app.textIn("خدمات طعام", from: phone, now: Self.lunchtime).first)
            let intro = app.catalogue.text("sms.services.intro", .ar, ["what": app.catalogue.text("category_family.food", .ar), "zone": "75011"])
            #expect(answer.hasPrefix(intro + "\n1) \u{2068}Repas du midi Saint-Martin\u{2069}, \u{2068}12 Rue du Faubourg du Temple, 75011 Paris\u{2069}, "
                                     + app.catalogue.text("sms.services.open_until", .ar, ["time": "14:00"])))
            #expect(answer.contains("\n2) \u{2068}Restaurant solidaire République\u{2069}"))
            #expect(answer.hasSuffix("\u{2068}01 43 00 00 11\u{2069}"), "the last place is whole, not cut")
            #expect(SMSSegments.count(answer).segments <= SMSServices.segments)

            // A number that never set a language is answered in the language of its words.
            let stranger = "+33611000103"
            let guessed = try #require(try await app.textIn("خدمات طعام 75011", from: stranger, now: Self.lunchtime).first)
            #expect(guessed.hasPrefix(intro))
        }
    }
}

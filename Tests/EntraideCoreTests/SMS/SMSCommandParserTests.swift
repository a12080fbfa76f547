import Testing
@testable import EntraideCore

@Suite struct SMSCommandParserTests {
    static func command(_ text: String) -> SMSCommand { SMSCommandParser.parse(text).command }

    @Test(arguments: ["", "   ", "\n\n", "?", " ? ", "??", "؟",
                      "AIDE", "aide", "Aide !", "HELP", "help me", "MENU", "menu", "Menú", "Menü", "INFO",
                      "مساعدة", "قائمة", "ДОПОМОГА", "меню", "AJUTOR", "AYUDA", "HILFE", "POMOC", "کمک", "مرسته"])
    func readsTheMenu(text: String) {
        #expect(Self.command(text) == .menu)
    }

    @Test(arguments: [
        ("BESOIN une couverture", "une couverture"),
        ("besoin une couverture", "une couverture"),
        ("Besoin: une couverture", "une couverture"),
        ("BESOIN : une couverture", "une couverture"),
        ("besoin,une couverture", "une couverture"),
        ("  BESOIN    une   couverture  ", "une   couverture"),
        ("BESOIN\n\nune couverture\nmerci", "une couverture\nmerci"),
        ("BESOIN", ""),
        ("BESOIN :", ""),
        ("NEED a sleeping bag", "a sleeping bag"),
        ("need: food for 2", "food for 2"),
        ("أحتاج بطانية", "بطانية"),
        ("احتاج بطانية", "بطانية"),
        ("أحتـــاج بطانية", "بطانية"),
        ("حاجة: طعام ٢ أشخاص", "طعام ٢ أشخاص"),
        ("ПОТРІБНО ковдра", "ковдра"),
        ("NEVOIE de o pătură", "de o pătură"),
        ("NECESITO una manta", "una manta"),
        ("BRAUCHE eine Decke", "eine Decke"),
        ("POTRZEBUJĘ koc", "koc"),
        ("potrzebuje koc", "koc"),
        ("نیاز پتو", "پتو"),
        ("نياز پتو", "پتو"),
        ("اړتیا کمپله", "کمپله"),
    ])
    func readsANeedAndKeepsItsText(text: String, need: String) {
        #expect(Self.command(text) == .need(need))
    }

    @Test(arguments: ["SORTIES", "sorties", "Sorties ?", "SORTIE", "Sortie abc", "SORTIE 0", "SORTIE 250", "SORTIE 1000000000000000000000",
                      "Événements", "EVENTS", "event", "فعاليات", "فعالية", "ПОДІЇ", "EVENIMENTE", "EVENTOS", "SALIDAS", "TERMINE",
                      "WYDARZENIA", "رویدادها", "رویداد‌ها", "برنامه‌ها", "پېښې", "پروګرامونه"])
    func readsTheEventList(text: String) {
        #expect(Self.command(text) == .events)
    }

    @Test(arguments: [
        ("SERVICES manger", "manger"),
        ("services: douche 75011", "douche 75011"),
        ("Service", ""),
        ("LIEUX soins", "soins"),
        ("PLACES food", "food"),
        ("خدمات طعام", "طعام"),
        ("خدمة ١٣٠٠١ حمامات", "١٣٠٠١ حمامات"),
        ("ПОСЛУГИ їжа", "їжа"),
        ("SERVICIOS ducha", "ducha"),
        ("DIENSTE Essen", "Essen"),
        ("usługi prysznic", "prysznic"),
        ("خدمتونه خواړه", "خواړه"),
    ])
    func readsAServicesSearchAndKeepsWhatItNames(text: String, named: String) {
        #expect(Self.command(text) == .services(named))
    }

    @Test(arguments: [
        ("SORTIE 2", 2), ("sortie 2", 2), ("Sortie: 12", 12), ("SORTIE 99", 99), ("SORTIE 02", 2), ("SORTIE 2 merci", 2),
        ("SORTIE2", 2), ("sortie #4", 4), ("SORTIE n°5", 5), ("SORTIE 3.", 3), ("SORTIES 3", 3),
        ("SORTIE ٢", 2), ("SORTIE ۳", 3), ("SORTIE ١٢", 12),
        ("EVENT 2", 2), ("event 7", 7), ("فعالية ٣", 3), ("فعاليات ٢", 2), ("فعالية3", 3),
        ("ПОДІЯ 2", 2), ("EVENIMENT 2", 2), ("EVENTO 2", 2), ("TERMIN 2", 2), ("WYDARZENIE 2", 2), ("رویداد ۲", 2), ("پېښه ۲", 2),
    ])
    func joinsAnEventByItsNumber(text: String, number: Int) {
        #expect(Self.command(text) == .joinEvent(number))
    }

    @Test(arguments: [
        ("R K7P Merci", "K7P", "Merci"),
        ("r k7p Merci, à demain", "K7P", "Merci, à demain"),
        ("R K7P: Merci", "K7P", "Merci"),
        ("R   k7p\nMerci\nà demain", "K7P", "Merci\nà demain"),
        ("R AB", "AB", ""),
        ("R 123456 ok", "123456", "ok"),
        ("R K٧P merci", "K7P", "merci"),
        ("رد K7P شكراً جزيلاً", "K7P", "شكراً جزيلاً"),
        ("رد k7p", "K7P", ""),
        ("REPLY k7p thanks", "K7P", "thanks"),
        ("RÉPONSE K7P oui", "K7P", "oui"),
        ("reponse K7P oui", "K7P", "oui"),
        ("ВІДП K7P дякую", "K7P", "дякую"),
        ("RĂSPUNS K7P mulțumesc", "K7P", "mulțumesc"),
        ("RESPUESTA K7P gracias", "K7P", "gracias"),
        ("ANTWORT K7P danke", "K7P", "danke"),
        ("ODP K7P dzięki", "K7P", "dzięki"),
        ("پاسخ K7P ممنون", "K7P", "ممنون"),
        ("ځواب K7P مننه", "K7P", "مننه"),
    ])
    func readsTheCodeAndTextOfAReply(text: String, code: String, reply: String) {
        #expect(Self.command(text) == .reply(code: code, text: reply))
    }

    @Test(arguments: ["R", "r", "R x", "R !!", "R ABCDEFG trop long", "R ك٧ب", "رد", "REPLY"])
    func refusesAReplyWithoutAUsableCode(text: String) {
        #expect(Self.command(text) == .unknown)
    }

    @Test(arguments: [
        ("LANGUE ar", "ar"), ("langue AR", "ar"), ("Langue: uk", "uk"), ("LANGUAGE en", "en"), ("LANG fr-FR", "fr-fr"),
        ("LANGUE klingon", "klingon"), ("لغة العربية", "العربية"), ("لغه ar", "ar"), ("МОВА uk", "uk"), ("LIMBĂ ro", "ro"),
        ("IDIOMA es", "es"), ("SPRACHE de", "de"), ("JĘZYK pl", "pl"), ("jezyk pl", "pl"), ("زبان fa", "fa"), ("ژبه ps", "ps"),
    ])
    func readsALanguageArgument(text: String, argument: String) {
        #expect(Self.command(text) == .language(argument))
    }

    @Test(arguments: ["LANGUE", "language", "لغة", "МОВА  "])
    func readsALanguageCommandWithoutArgument(text: String) {
        #expect(Self.command(text) == .language(nil))
    }

    @Test(arguments: ["STOP", "stop", "Stop", "Stop.", "STOP!!", "  stop  ", "«STOP»", "STOP merci", "Stop, merci de ne plus m'écrire",
                      "ARRÊT", "arrêt", "Arret", "ARRET", "ARRETER", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
                      "توقف", "إيقاف", "ايقاف", "إلغاء", "الغاء", "СТОП", "ВІДПИСАТИСЯ", "OPREȘTE", "opreste", "DEZABONARE",
                      "BAJA", "PARAR", "STOPP", "ABMELDEN", "ENDE", "KONIEC", "WYPISZ", "لغو", "توقف!", "بند", "ودروه"])
    func readsStopInEveryLanguage(text: String) {
        #expect(Self.command(text) == .stop)
    }

    @Test(arguments: ["START", "start", "Start!", "UNSTOP", "OUI", "oui", "YES", "نعم", "ТАК", "СТАРТ", "DA", "PORNEȘTE",
                      "ALTA", "ANMELDEN", "TAK", "WZNÓW", "بله", "شروع", "هوکې", "پیل"])
    func readsStartInEveryLanguage(text: String) {
        #expect(Self.command(text) == .start)
    }

    @Test(arguments: [
        ("BONJOUR Marie", "Marie", nil),
        ("BONJOUR Marie 75011", "Marie", "75011"),
        ("bonjour marie claire 75011", "marie claire", "75011"),
        ("Bonjour Jean Pierre Paul", "Jean Pierre", nil),
        ("BONJOUR 75011 Marie", "Marie", "75011"),
        ("Bonjour Marie-Claire", "Marie-Claire", nil),
        ("Bonjour, je m'appelle Marie, j'habite au 93200", "Marie", "93200"),
        ("Bonjour je suis Marie", "Marie", nil),
        ("Bonjour Marie\nJ'ai froid", "Marie", nil),
        ("Bonjour Marie. 75 011", "Marie", nil),
        ("SALUT Karim ٩٣٢٠٠", "Karim", "93200"),
        ("HELLO Ali", "Ali", nil),
        ("hi, I'm Sam", "Sam", nil),
        ("Hello, I need a blanket", "", nil),
        ("مرحبا أحمد ٧٥٠١١", "أحمد", "75011"),
        ("السلام عليكم أحمد", "أحمد", nil),
        ("مرحبا، اسمي فاطمة", "فاطمة", nil),
        ("سلام مریم ۷۵۰۱۸", "مریم", "75018"),
        ("ПРИВІТ Олена 69003", "Олена", "69003"),
        ("BUNĂ Ana", "Ana", nil),
        ("buna ziua Ana", "Ana", nil),
        ("HOLA Lucía 13001", "Lucía", "13001"),
        ("HALLO Jonas", "Jonas", nil),
        ("CZEŚĆ Kasia", "Kasia", nil),
        ("Dzień dobry Kasia", "Kasia", nil),
        ("درود مریم", "مریم", nil),
        ("سلام، من مریم هستم", "مریم", nil),
        ("سلام زه احمد یم", "احمد", nil),
        ("ستړي مه شې احمد", "احمد", nil),
    ] as [(String, String, String?)])
    func readsAGreetingWithAFirstNameAndAPostalCode(text: String, firstName: String, postalCode: String?) {
        #expect(Self.command(text) == .hello(firstName: firstName, postalCode: postalCode))
    }

    /// A greeting alone is still a greeting: the server asks for the first name rather than
    /// showing a menu to someone who is only saying hello.
    @Test(arguments: ["BONJOUR", "Bonjour!", "bonjour !", "Bonsoir", "Hello", "مرحبا", "السلام عليكم", "سلام", "ПРИВІТ", "HOLA", "Guten Tag"])
    func readsAGreetingWithoutAName(text: String) {
        #expect(Self.command(text) == .hello(firstName: "", postalCode: nil))
    }

    @Test(arguments: [
        ("NOUVEAU 06 12 34 56 78", "06 12 34 56 78"),
        ("NEW +33612345678", "+33612345678"),
        ("Nouveau numéro 0612345678", "0612345678"),
        ("nouveau: 06.12.34.56.78", "06.12.34.56.78"),
        ("NEW NUMBER +44 7700 900123", "+44 7700 900123"),
        ("NOUVEAU", ""),
        ("جديد ٠٦١٢٣٤٥٦٧٨", "0612345678"),
        ("رقم جديد ٠٦ ١٢ ٣٤ ٥٦ ٧٨", "06 12 34 56 78"),
        ("НОВИЙ 0612345678", "0612345678"),
        ("NOU 0612345678", "0612345678"),
        ("NUEVO 0612345678", "0612345678"),
        ("NEU 0612345678", "0612345678"),
        ("NOWY 0612345678", "0612345678"),
        ("شماره جدید ۰۶۱۲۳۴۵۶۷۸", "0612345678"),
        ("نوی ۰۶۱۲۳۴۵۶۷۸", "0612345678"),
    ])
    func readsANewNumberInASCIIDigits(text: String, number: String) {
        #expect(Self.command(text) == .newNumber(number))
    }

    @Test(arguments: [
        ("RESUME OUI", true), ("résumé non", false), ("Résumé: oui", true), ("DIGEST ON", true), ("digest off", false),
        ("DIGEST yes", true), ("DIGEST NO", false), ("ملخص نعم", true), ("ملخص لا", false), ("ПІДСУМОК ТАК", true),
        ("підсумок ні", false), ("REZUMAT DA", true), ("REZUMAT NU", false), ("RESUMEN SÍ", true), ("RESUMEN si", true),
        ("RESUMEN NO", false), ("ÜBERSICHT JA", true), ("UBERSICHT NEIN", false), ("PODSUMOWANIE TAK", true),
        ("PODSUMOWANIE NIE", false), ("خلاصه بله", true), ("خلاصه نه", false), ("لنډیز هو", true), ("لنډیز نه", false),
    ])
    func readsTheDigestSwitch(text: String, on: Bool) {
        #expect(Self.command(text) == .digest(on))
    }

    @Test func keepsTheLanguageOfADigestWithoutASwitch() {
        #expect(SMSCommandParser.parse("RESUME") == ParsedSMS(command: .unknown, language: .fr))
        #expect(SMSCommandParser.parse("DIGEST maybe") == ParsedSMS(command: .unknown, language: .en))
    }

    @Test(arguments: ["Rien", "RDV demain", "Rdv", "r2d2", "j'ai besoin d'aide", "Je voudrais une sortie", "I need help", "merci",
                      "Marie", "2", "75011", "!!!", "...", "شكرا", "أنا أحتاج بطانية", "STOPPER la pluie", "Bonjourno"])
    func leavesOrdinaryTextsUnknown(text: String) {
        #expect(Self.command(text) == .unknown)
    }

    @Test(arguments: [
        ("BESOIN pain", Language.fr), ("NEED bread", .en), ("أحتاج خبز", .ar), ("ПОТРІБНО хліб", .uk), ("NEVOIE pâine", .ro),
        ("NECESITO pan", .es), ("BRAUCHE Brot", .de), ("POTRZEBUJĘ chleb", .pl), ("نیاز نان", .fa), ("اړتیا ډوډۍ", .ps),
        ("SORTIES", .fr), ("EVENTS", .en), ("فعالية ٢", .ar), ("ARRÊT", .fr), ("UNSUBSCRIBE", .en), ("AIDE", .fr), ("HELP", .en),
        ("BONJOUR Marie", .fr), ("HELLO Ali", .en), ("مرحبا", .ar), ("LANGUE en", .fr), ("LANGUAGE fr", .en), ("رد K7P شكرا", .ar),
        ("RESUME OUI", .fr), ("DIGEST ON", .en), ("NOUVEAU 0612345678", .fr), ("NEW 0612345678", .en),
    ])
    func tellsTheLanguageOfAKeyword(text: String, language: Language) {
        #expect(SMSCommandParser.parse(text).language == language)
    }

    @Test(arguments: ["STOP", "START", "MENU", "menu", "R K7P ok", "", "?", "2", "Rien", "سلام", "توقف", "LANG en", "INFO", "STOPALL"])
    func givesNoLanguageForSharedWords(text: String) {
        #expect(SMSCommandParser.parse(text).language == nil)
    }

    @Test func comparesWordsWithoutCaseAccentsOrArabicVariants() {
        #expect(SMSKeywords.fold("ARRÊT") == SMSKeywords.fold("arret"))
        #expect(SMSKeywords.fold("Événement") == "evenement")
        #expect(SMSKeywords.fold("أحتـــاج") == SMSKeywords.fold("احتاج"))
        #expect(SMSKeywords.fold("إيقاف") == SMSKeywords.fold("ايقاف"))
        #expect(SMSKeywords.fold("آخر") == SMSKeywords.fold("اخر"))
        #expect(SMSKeywords.fold("مُساعَدَة") == SMSKeywords.fold("مساعده"))
        #expect(SMSKeywords.fold("نیاز") == SMSKeywords.fold("نياز"))
        #expect(SMSKeywords.fold("على") == SMSKeywords.fold("علي"))
        #expect(SMSKeywords.fold("کمک") == SMSKeywords.fold("كمك"))
        #expect(SMSKeywords.fold("٢٣") == "23")
        #expect(SMSKeywords.fold("۲۳") == "23")
    }

    @Test func listsNoWordForTwoCommands() {
        #expect(SMSKeywords.conflicts.isEmpty)
    }

    /// Every word of the vocabulary, in every language, reads as its command.
    @Test(arguments: Language.allCases)
    func readsEveryKeywordOfALanguage(language: Language) throws {
        let vocabulary = try #require(SMSKeywords.byLanguage[language])
        #expect(vocabulary.count == 11, "every command has a word in \(language)")
        for (kind, words) in vocabulary {
            #expect(!words.isEmpty)
            for word in words {
                let parsed = SMSCommandParser.parse(word + Self.arguments(for: kind))
                #expect(Self.kind(of: parsed.command) == kind, "\(word) in \(language)")
                #expect(parsed.language == nil || parsed.language == language, "\(word) in \(language)")
            }
        }
    }

    static func arguments(for kind: SMSKeywords.Kind) -> String {
        switch kind {
        case .menu, .events, .stop, .start: ""
        case .need: " pain"
        case .services: " douche"
        case .reply: " K7P ok"
        case .language: " en"
        case .hello: " Marie"
        case .newNumber: " 0612345678"
        case .digest: " ON"
        }
    }

    static func kind(of command: SMSCommand) -> SMSKeywords.Kind? {
        switch command {
        case .menu: .menu
        case .need: .need
        case .events, .joinEvent: .events
        case .services: .services
        case .reply: .reply
        case .language: .language
        case .stop: .stop
        case .start: .start
        case .hello: .hello
        case .newNumber: .newNumber
        case .digest: .digest
        case .unknown: nil
        }
    }
}

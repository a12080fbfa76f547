/// The words that start an SMS command, in every language the platform speaks, and how a word
/// typed on a phone is compared with them.
///
/// Words are written here the way people type them (capitals for Latin and Cyrillic scripts)
/// and compared folded: lower case, no accents, no Arabic vowel marks or tatweel, the Arabic
/// letters people type interchangeably made one (see `fold`). A word listed in several
/// languages gives no language away.
///
/// | command   | fr                      | en                       | ar                        | uk                      |
/// |-----------|-------------------------|--------------------------|---------------------------|-------------------------|
/// | menu      | AIDE                    | HELP                     | مساعدة، قائمة             | ДОПОМОГА, МЕНЮ          |
/// | need      | BESOIN                  | NEED                     | أحتاج، حاجة               | ПОТРІБНО, ТРЕБА, ПОТРЕБА|
/// | events    | SORTIES, SORTIE, ÉVÉNEMENT(S) | EVENTS, EVENT      | فعاليات، فعالية           | ПОДІЇ, ПОДІЯ            |
/// | services  | SERVICES, SERVICE, LIEUX | SERVICES, SERVICE, PLACES | خدمات، خدمة              | ПОСЛУГИ, ПОСЛУГА        |
/// | reply     | RÉPONSE, RÉPONDRE       | REPLY                    | رد، جواب                  | ВІДПОВІДЬ, ВІДП         |
/// | language  | LANGUE                  | LANGUAGE                 | لغة                       | МОВА                    |
/// | stop      | ARRÊT, ARRÊTER          | UNSUBSCRIBE, CANCEL, END, QUIT | توقف، إيقاف، إلغاء  | СТОП, ВІДПИСАТИСЯ       |
/// | start     | OUI, REPRENDRE          | YES, SUBSCRIBE           | نعم، اشتراك               | ТАК, СТАРТ              |
/// | hello     | BONJOUR, BONSOIR, SALUT | HELLO, HI                | مرحبا، السلام عليكم، سلام | ПРИВІТ, ВІТАЮ, ДОБРИЙ ДЕНЬ |
/// | new number| NOUVEAU (NUMÉRO)        | NEW (NUMBER)             | جديد، رقم جديد            | НОВИЙ (НОМЕР)           |
/// | digest    | RÉSUMÉ                  | DIGEST                   | ملخص                      | ПІДСУМОК                |
///
/// | command   | ro                      | es                         | de                          | pl                       |
/// |-----------|-------------------------|----------------------------|-----------------------------|--------------------------|
/// | menu      | AJUTOR, MENIU           | AYUDA, MENÚ                | HILFE, MENÜ                 | POMOC, MENU              |
/// | need      | NEVOIE                  | NECESITO, NECESIDAD        | BRAUCHE, BEDARF             | POTRZEBUJĘ, POTRZEBA     |
/// | events    | EVENIMENTE, EVENIMENT   | EVENTOS, EVENTO, SALIDAS, SALIDA | TERMINE, TERMIN, VERANSTALTUNGEN | WYDARZENIA, WYDARZENIE |
/// | services  | SERVICII, SERVICIU      | SERVICIOS, SERVICIO, LUGARES | DIENSTE, ANGEBOTE, ORTE   | USŁUGI, MIEJSCA          |
/// | reply     | RĂSPUNS                 | RESPUESTA, RESPONDER       | ANTWORT                     | ODP, ODPOWIEDŹ           |
/// | language  | LIMBĂ                   | IDIOMA                     | SPRACHE                     | JĘZYK                    |
/// | stop      | OPREȘTE, DEZABONARE     | BAJA, PARAR, CANCELAR      | STOPP, ABMELDEN, ENDE       | KONIEC, WYPISZ           |
/// | start     | DA, PORNEȘTE            | ALTA                       | ANMELDEN                    | TAK, WZNÓW               |
/// | hello     | BUNĂ (ZIUA), SALUT      | HOLA, BUENAS, BUENOS DÍAS  | HALLO, GUTEN TAG            | CZEŚĆ, WITAM, DZIEŃ DOBRY|
/// | new number| NOU, NUMĂR NOU          | NUEVO (NÚMERO), NÚMERO NUEVO | NEU, NEUE NUMMER          | NOWY (NUMER)             |
/// | digest    | REZUMAT                 | RESUMEN                    | ÜBERSICHT, ZUSAMMENFASSUNG  | PODSUMOWANIE             |
///
/// | command   | fa (Dari / Persian)                 | ps (Pashto)                          |
/// |-----------|-------------------------------------|--------------------------------------|
/// | menu      | کمک، راهنما، منو                    | مرسته، لارښود                        |
/// | need      | نیاز، ضرورت                         | اړتیا، ضرورت                         |
/// | events    | رویدادها، رویداد، برنامه‌ها، برنامه | پېښې، پېښه، پروګرامونه، پروګرام      |
/// | services  | خدمات، مکان‌ها                       | خدمتونه، خدمت                        |
/// | reply     | جواب، پاسخ                          | ځواب                                 |
/// | language  | زبان                                | ژبه                                  |
/// | stop      | توقف، لغو، بند                      | ودروه، بند                           |
/// | start     | بله، بلی، شروع                      | هوکې، پیل                            |
/// | hello     | سلام، درود                          | سلام، ستړي مه شې                     |
/// | new number| جدید، شماره جدید، نمبر جدید         | نوی، نوی نمبر، نوې شمېره             |
/// | digest    | خلاصه                               | لنډیز                                |
///
/// Shared by every language: MENU, INFO, "?" and an empty text (menu); R (reply); LANG
/// (language); STOP, STOPALL (stop); START, UNSTOP (start).
///
/// Digest switches, read in any language: ON OUI YES Y نعم ТАК DA SÍ JA TAK بله بلی هو هوکې 1 /
/// OFF NON NO N لا НІ NU NEIN NIE نه 0.
///
/// Left out on purpose: JA (German "yes") and SI (Spanish "yes" without its accent) as START
/// words, because "Ja" starts Polish sentences ("ja" = I) and "si" means "if" in Spanish; هو
/// (Pashto "yes") because it starts Arabic sentences ("he"); ابدأ (Arabic "start") because,
/// without its hamza, it reads أبدا ("never"); RESUME in English, which folds into the French
/// RÉSUMÉ.
enum SMSKeywords {
    enum Kind: Sendable, Equatable {
        case menu, need, events, services, reply, language, stop, start, hello, newNumber, digest
    }

    /// A keyword's meaning: the command, and the languages it belongs to.
    struct Meaning: Sendable, Equatable {
        let kind: Kind
        let languages: Set<Language>

        /// The keyword's language when it has only one.
        var language: Language? { languages.count == 1 ? languages.first : nil }
    }

    static let shared: [Kind: [String]] = [
        .menu: ["MENU", "INFO"],
        .reply: ["R"],
        .language: ["LANG"],
        .stop: ["STOP", "STOPALL"],
        .start: ["START", "UNSTOP"],
    ]

    static let byLanguage: [Language: [Kind: [String]]] = [
        .fr: [
            .menu: ["AIDE"],
            .need: ["BESOIN"],
            .events: ["SORTIES", "SORTIE", "ÉVÉNEMENTS", "ÉVÉNEMENT"],
            .services: ["SERVICES", "SERVICE", "LIEUX"],
            .reply: ["RÉPONSE", "RÉPONDRE"],
            .language: ["LANGUE"],
            .stop: ["ARRÊT", "ARRÊTER"],
            .start: ["OUI", "REPRENDRE"],
            .hello: ["BONJOUR", "BONSOIR", "SALUT"],
            .newNumber: ["NOUVEAU", "NOUVEAU NUMÉRO"],
            .digest: ["RÉSUMÉ"],
        ],
        .en: [
            .menu: ["HELP"],
            .need: ["NEED"],
            .events: ["EVENTS", "EVENT"],
            .services: ["SERVICES", "SERVICE", "PLACES"],
            .reply: ["REPLY"],
            .language: ["LANGUAGE"],
            // The words carriers honour for opting out, besides STOP.
            .stop: ["UNSUBSCRIBE", "CANCEL", "END", "QUIT"],
            .start: ["YES", "SUBSCRIBE"],
            .hello: ["HELLO", "HI"],
            .newNumber: ["NEW", "NEW NUMBER"],
            .digest: ["DIGEST"],
        ],
        .ar: [
            .menu: ["مساعدة", "قائمة"],
            .need: ["أحتاج", "حاجة"],
            .events: ["فعاليات", "فعالية"],
            .services: ["خدمات", "خدمة"],
            .reply: ["رد", "جواب"],
            .language: ["لغة"],
            .stop: ["توقف", "إيقاف", "إلغاء"],
            .start: ["نعم", "اشتراك"],
            .hello: ["مرحبا", "السلام عليكم", "سلام عليكم", "سلام"],
            .newNumber: ["جديد", "رقم جديد"],
            .digest: ["ملخص"],
        ],
        .uk: [
            .menu: ["ДОПОМОГА", "МЕНЮ"],
            .need: ["ПОТРІБНО", "ТРЕБА", "ПОТРЕБА"],
            .events: ["ПОДІЇ", "ПОДІЯ"],
            .services: ["ПОСЛУГИ", "ПОСЛУГА"],
            .reply: ["ВІДПОВІДЬ", "ВІДП"],
            .language: ["МОВА"],
            .stop: ["СТОП", "ВІДПИСАТИСЯ"],
            .start: ["ТАК", "СТАРТ"],
            .hello: ["ПРИВІТ", "ВІТАЮ", "ДОБРИЙ ДЕНЬ"],
            .newNumber: ["НОВИЙ", "НОВИЙ НОМЕР"],
            .digest: ["ПІДСУМОК"],
        ],
        .ro: [
            .menu: ["AJUTOR", "MENIU"],
            .need: ["NEVOIE"],
            .events: ["EVENIMENTE", "EVENIMENT"],
            .services: ["SERVICII", "SERVICIU"],
            .reply: ["RĂSPUNS"],
            .language: ["LIMBĂ"],
            .stop: ["OPREȘTE", "DEZABONARE"],
            .start: ["DA", "PORNEȘTE"],
            .hello: ["BUNĂ", "BUNĂ ZIUA", "SALUT"],
            .newNumber: ["NOU", "NUMĂR NOU"],
            .digest: ["REZUMAT"],
        ],
        .es: [
            .menu: ["AYUDA", "MENÚ"],
            .need: ["NECESITO", "NECESIDAD"],
            .events: ["EVENTOS", "EVENTO", "SALIDAS", "SALIDA"],
            .services: ["SERVICIOS", "SERVICIO", "LUGARES"],
            .reply: ["RESPUESTA", "RESPONDER"],
            .language: ["IDIOMA"],
            // BAJA / ALTA are what Spanish services use for opting out and back in.
            .stop: ["BAJA", "PARAR", "CANCELAR"],
            .start: ["ALTA"],
            .hello: ["HOLA", "BUENAS", "BUENOS DÍAS"],
            .newNumber: ["NUEVO", "NUEVO NÚMERO", "NÚMERO NUEVO"],
            .digest: ["RESUMEN"],
        ],
        .de: [
            .menu: ["HILFE", "MENÜ"],
            .need: ["BRAUCHE", "BEDARF"],
            .events: ["TERMINE", "TERMIN", "VERANSTALTUNGEN", "VERANSTALTUNG"],
            .services: ["DIENSTE", "ANGEBOTE", "ORTE"],
            .reply: ["ANTWORT"],
            .language: ["SPRACHE"],
            .stop: ["STOPP", "ABMELDEN", "ENDE"],
            .start: ["ANMELDEN"],
            .hello: ["HALLO", "GUTEN TAG"],
            .newNumber: ["NEU", "NEUE NUMMER"],
            // "UEBERSICHT" is how Ü is typed on a phone without it.
            .digest: ["ÜBERSICHT", "UEBERSICHT", "ZUSAMMENFASSUNG"],
        ],
        .pl: [
            .menu: ["POMOC", "MENU"],
            .need: ["POTRZEBUJĘ", "POTRZEBA"],
            .events: ["WYDARZENIA", "WYDARZENIE"],
            .services: ["USŁUGI", "MIEJSCA"],
            .reply: ["ODP", "ODPOWIEDŹ"],
            .language: ["JĘZYK"],
            .stop: ["KONIEC", "WYPISZ"],
            .start: ["TAK", "WZNÓW"],
            .hello: ["CZEŚĆ", "WITAM", "DZIEŃ DOBRY"],
            .newNumber: ["NOWY", "NOWY NUMER"],
            .digest: ["PODSUMOWANIE"],
        ],
        .fa: [
            .menu: ["کمک", "راهنما", "منو"],
            .need: ["نیاز", "ضرورت"],
            .events: ["رویدادها", "رویداد", "برنامه‌ها", "برنامه"],
            .services: ["خدمات", "مکان‌ها"],
            .reply: ["جواب", "پاسخ"],
            .language: ["زبان"],
            .stop: ["توقف", "لغو", "بند"],
            .start: ["بله", "بلی", "شروع"],
            .hello: ["سلام", "درود"],
            // Dari says نمبر for a phone number.
            .newNumber: ["جدید", "شماره جدید", "نمبر جدید"],
            .digest: ["خلاصه"],
        ],
        .ps: [
            .menu: ["مرسته", "لارښود"],
            .need: ["اړتیا", "ضرورت"],
            .events: ["پېښې", "پېښه", "پروګرامونه", "پروګرام"],
            .services: ["خدمتونه", "خدمت"],
            .reply: ["ځواب"],
            .language: ["ژبه"],
            .stop: ["ودروه", "بند"],
            .start: ["هوکې", "پیل"],
            .hello: ["سلام", "ستړي مه شې"],
            .newNumber: ["نوی", "نوی نمبر", "نوې شمېره"],
            .digest: ["لنډیز"],
        ],
    ]

    static let switchOn: Set<String> = Set(["ON", "OUI", "YES", "Y", "نعم", "ТАК", "DA", "SÍ", "JA", "TAK", "بله", "بلی", "هو", "هوکې", "1"].map(fold))
    static let switchOff: Set<String> = Set(["OFF", "NON", "NO", "N", "لا", "НІ", "NU", "NEIN", "NIE", "نه", "0"].map(fold))

    /// Words that may come between a greeting and the first name ("BONJOUR je suis Marie"),
    /// skipped so the name is the name.
    static let nameLeadIns: Set<String> = Set([
        "je suis", "je m'appelle", "moi c'est", "c'est", "ici",
        "i am", "i'm", "im", "my name is", "this is", "it's", "it is",
        "soy", "me llamo", "mi nombre es",
        "ich bin", "ich heiße", "ich heisse", "mein name ist", "hier ist",
        "sunt", "eu sunt", "mă numesc", "numele meu este",
        "jestem", "mam na imię", "nazywam się",
        "я", "мене звати", "це",
        "أنا", "اسمي", "أنا اسمي",
        "من", "اسمم", "اسم من",
        "زه", "زما نوم",
    ].map(fold))

    /// Words that are never a first name: pronouns, thanks, please, "need", "how are you",
    /// "I am" after a name (Persian "هستم", Pashto "یم"). One of them ends the name, so
    /// "HELLO I need a blanket" asks for the name instead of calling someone "I Need".
    static let notNames: Set<String> = Set([
        "je", "j'ai", "moi", "merci", "svp", "stp", "oui", "non", "besoin", "comment", "ça", "vous", "tu", "et", "est", "suis",
        "i", "me", "my", "we", "thanks", "thank", "please", "pls", "need", "how", "are", "you", "yes", "no", "and", "is",
        "yo", "gracias", "necesito", "por", "como", "y",
        "ich", "danke", "bitte", "wie", "und",
        "eu", "mulțumesc", "vă", "rog", "și",
        "ja", "dziękuję", "proszę", "jak",
        "дякую", "будь", "як", "і",
        "شكرا", "أحتاج", "كيف", "و",
        "ممنون", "مرسی", "لطفا", "چطور", "هستم", "استم",
        "مننه", "مهرباني", "یم", "دی", "او",
    ].map(fold))

    /// Folded keyword (words joined by one space) → meaning.
    static let meanings: [String: Meaning] = table.meanings

    /// Words listed for two different commands; the vocabulary must have none (a test checks).
    static let conflicts: [String] = table.conflicts

    /// The most words a keyword has ("ستړي مه شې").
    static let longestKeyword = 3

    private static let table: (meanings: [String: Meaning], conflicts: [String]) = {
        var meanings: [String: Meaning] = [:]
        var conflicts: [String] = []
        func add(_ word: String, _ kind: Kind, _ languages: Set<Language>) {
            let key = fold(word)
            if let known = meanings[key] {
                if known.kind != kind { conflicts.append(word); return }
                meanings[key] = Meaning(kind: kind, languages: known.languages.union(languages))
            } else {
                meanings[key] = Meaning(kind: kind, languages: languages)
            }
        }
        for (kind, words) in shared {
            for word in words { add(word, kind, Set(Language.allCases)) }
        }
        for (language, vocabulary) in byLanguage {
            for (kind, words) in vocabulary {
                for word in words { add(word, kind, [language]) }
            }
        }
        return (meanings, conflicts.sorted())
    }()

    /// A word as keywords are compared: lower case, accents and Arabic vowel marks removed,
    /// tatweel and zero-width joiners dropped, أ إ آ ٱ read ا, ى ی ې ۍ ئ read ي, ک read ك,
    /// ة ۀ read ه, Arabic-Indic and Persian digits read as ASCII, curly apostrophes straight.
    /// Phrases are folded word by word and joined by one space.
    static func fold<S: StringProtocol>(_ word: S) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in String(word).lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !scalars.isEmpty
                continue
            }
            // Tatweel only stretches a word; Unicode files it as a letter.
            if scalar.value == 0x0640 { continue }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark, .format: continue
            default: break
            }
            if pendingSpace {
                scalars.append(" ")
                pendingSpace = false
            }
            scalars.append(folded(scalar))
        }
        return String(scalars)
    }

    private static func folded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x0671: return "\u{0627}"  // ٱ → ا
        case 0x0649, 0x06CC, 0x06D0, 0x06CD: return "\u{064A}"  // ى ی ې ۍ → ي
        case 0x06A9: return "\u{0643}"  // ک → ك
        case 0x0629, 0x06D5, 0x06C1: return "\u{0647}"  // ة ە ہ → ه
        case 0x0660...0x0669: return Unicode.Scalar(scalar.value - 0x0660 + 0x30)!
        case 0x06F0...0x06F9: return Unicode.Scalar(scalar.value - 0x06F0 + 0x30)!
        case 0x2018, 0x2019, 0x02BC, 0x0060, 0x00B4: return "'"
        default: return scalar
        }
    }

    /// Arabic-Indic (٠…٩) and Persian (۰…۹) digits written as ASCII digits; everything else
    /// as written.
    static func asciiDigits<S: StringProtocol>(_ text: S) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0660...0x0669: scalars.append(Unicode.Scalar(scalar.value - 0x0660 + 0x30)!)
            case 0x06F0...0x06F9: scalars.append(Unicode.Scalar(scalar.value - 0x06F0 + 0x30)!)
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}

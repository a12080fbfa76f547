/// The words the place and contact detectors read, in French, English, Spanish and Arabic,
/// written naturally and normalised once like the texts they meet, in one `Lexicon`.
struct PlaceVocabulary: Sendable {
    struct Hint: Sendable {
        /// The ids of the words after the first one ("en face": ["face"]).
        let rest: [Int32]
        /// A strong hint places on its own ("devant", "sous", "next to"); a weak one ("dans",
        /// "à", "in", "at") only in a sentence about where someone stays.
        let strong: Bool
    }

    static let shared = PlaceVocabulary()

    let lexicon: Lexicon
    /// By the id of their first word (an array, not a dictionary: no hashing while scanning), longest first.
    let hints: [[Hint]]

    private static func words(_ list: String) -> [String] {
        list.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    }

    private init() {
        typealias T = Lexicon.Traits
        var lexicon = Lexicon(capacity: 1024)
        func add(_ list: String, _ traits: T) {
            for word in Self.words(list) { lexicon.add(word, traits) }
        }
        add("rue avenue av ave bd boulevard bld blvd quai allee allée impasse imp ruelle faubourg fbg chaussee chaussée", .frenchStreetType)
        add("cours crs place pl passage route rte chemin square sq villa cité cite voie promenade esplanade parvis sentier résidence hameau",
            [.frenchStreetType, .ambiguousFrenchStreetType])
        add("street road avenue lane boulevard", [.englishStreetType, .plainEnglishStreetType])
        add("st rd ave ln dr blvd way place pl court ct terrace close square sq row gardens grove parade mews walk drive crescent hill",
            [.englishStreetType, .ambiguousEnglishStreetType])
        add("calle c avenida avda plaza pza paseo carrer camino ronda travesía glorieta", .spanishStreetType)
        add("شارع زنقة نهج", .arabicStreetType)
        // Named by the words after them ("rue Oberkampf", "gare du Nord"); abbreviations only after a number.
        add("""
            rue avenue bd boulevard quai allée impasse ruelle faubourg chaussée cours place passage route chemin square villa \
            cité voie promenade esplanade parvis sentier résidence hameau porte gare métro station pont parc jardin église \
            calle avenida plaza paseo carrer camino ronda travesía glorieta
            """, .namedPlaceType)
        add("""
            pont passerelle gare métro station arrêt abribus rer tram tramway arche arches arcades hall porche entrée sortie \
            escalier escaliers tunnel église cathédrale mosquée synagogue temple mairie monoprix franprix carrefour lidl aldi \
            auchan leclerc intermarché picard supermarché supérette boulangerie pharmacie banque poste distributeur parc \
            square jardin jardins parking magasin café bar restaurant kebab mcdo mcdonald mcdonalds starbucks fnac immeuble \
            bâtiment école collège lycée hôpital bibliothèque cinéma théâtre marché halles canal fontaine statue banc \
            galerie périph périphérique échangeur laverie tabac kiosque cabine cimetière stade gymnase piscine musée bouche \
            bridge subway tube underground church cathedral mosque shop store supermarket tesco sainsburys bakery pharmacy \
            chemist bank atm cashpoint park garden carpark building school hospital library cinema theatre theater market \
            stairs staircase stop fountain statue bench mall entrance exit doorway arch archway underpass overpass flyover \
            pub laundrette laundromat cemetery stadium museum \
            puente estación iglesia parque supermercado mercadona farmacia banco tienda portal cajero mercado escuela \
            entrada salida parada túnel mezquita catedral \
            جسر قنطرة محطة مترو مسجد جامع كنيسة سوق حديقة مستشفى صيدلية باب ساحة بنك مدرسة متجر دكان مخبز عمارة بناية مدخل مخرج نفق موقف بلدية
            """, .landmark)
        add("de du des d la le les l un une au aux ce cet cette son sa ses leur notre mon ma the a an of this that his her their our my to from el los las una del al من", .determiner)
        add("le la les l du des au aux the el los las del al", .article)
        add("de du des d la le les l saint sainte st ste del el los las", .particle)
        add("de du des d of del", .linking)
        add("""
            dort dorment dormir dors dormait dormaient couche couchent vit vivent vis vivait vivaient habite habitent habitait \
            squatte squattent squat campe campent campement installé installée installés installées tente mendie mendient \
            manche trouver trouveras \
            sleeps sleeping sleep slept lives living live stays staying stay camps camping camped tent begging begs squatting squats \
            duerme duermen dormir vive viven vivir durmiendo acampa pide encontrar encuentra \
            ينام تنام ينامون نائم نايم يعيش تعيش يسكن تسكن يجلس تجلس خيمة مقيم
            """, .locating)
        add("a b c d bis ter quater", .numberSuffix)
        add("n no num رقم", .streetNumberMarker)
        add("ابن بن ابو عبد", .arabicNameLink)
        add("je tu il elle on nous vous ils elles i you he she we they it et ou mais and or but the a an more less miles minutes", .notName)
        add(ContactDetector.numberWords, .numberWord)
        add(ContactDetector.spokenPhoneStarts, .spokenPhoneStart)
        add(ContactDetector.atWords, .atWord)
        add(ContactDetector.dotWords, .dotWord)
        add(ContactDetector.topLevelDomains, .topLevelDomain)
        add(ContactDetector.webmails, .webmail)

        var hints: [Int32: [Hint]] = [:]
        func hint(_ phrases: [String], strong: Bool) {
            for phrase in phrases {
                let normalised = TextNormaliser.normalise(phrase)
                let ids = normalised.tokens.map { lexicon.add(normalised.word($0), .known) }
                lexicon.add(normalised.word(normalised.tokens[0]), .hintStart)
                hints[ids[0], default: []].append(Hint(rest: Array(ids.dropFirst()), strong: strong))
            }
        }
        hint(["en face", "face à", "devant", "derrière", "à côté", "au coin", "à l'angle", "sous", "près", "au pied", "à l'entrée",
             "à la sortie", "le long", "au bout", "en bas", "aux abords", "juste à côté",
             "in front of", "next to", "under", "underneath", "beneath", "behind", "at the corner of", "on the corner of",
             "outside", "near", "opposite", "across from", "at the entrance", "at the bottom of",
             "delante", "enfrente", "detrás", "debajo", "al lado", "en la esquina", "cerca", "junto", "bajo",
             "أمام", "قدام", "بجانب", "جنب", "خلف", "وراء", "تحت", "قرب", "بالقرب", "مقابل"], strong: true)
        hint(["dans", "sur", "au", "aux", "à", "en", "vers", "par", "in", "at", "on", "inside", "around", "في", "على", "عند"], strong: false)
        var byID = [[Hint]](repeating: [], count: lexicon.count)
        for (id, phrases) in hints { byID[Int(id)] = phrases.sorted { $0.rest.count > $1.rest.count } }
        self.lexicon = lexicon
        self.hints = byID
    }
}

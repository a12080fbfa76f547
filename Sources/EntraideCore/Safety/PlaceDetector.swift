/// Finds street addresses and statements that place someone near a landmark.
///
/// Rules, chosen so that the way people talk about the street ("je vis dans la rue", "she
/// sleeps on the street", "la place de chacun") is never held, while a statement that would
/// lead someone to a person is:
///
/// 1. **Address** — a street number, a street type and a name: "12 rue de la Paix", "12bis rue…",
///    "au 3 avenue Foch", "221B Baker Street", "Calle Mayor 12", "شارع الحرية رقم 12". A street
///    type is a whole word: "ruelle" is a street type of its own (it needs a number and a name
///    like any other), "placer", "placement", "courses" are not street types. Types that are
///    also common nouns (cours, place, passage, route, chemin, square…; in English way, place,
///    court, close, drive…) need a capitalised name ("3 cours de français" is not an address,
///    "3 cours Lafayette" is).
/// 2. **Place hint** — a position word ("devant", "en face de", "à côté de", "sous", "près de",
///    "derrière", "au coin de", "in front of", "next to", "under", "behind", "outside", "near",
///    "debajo de", "أمام", "تحت"…), then at most a determiner and an adjective, then a landmark
///    noun ("le pont", "la gare", "le Monoprix", "la sortie du métro", "l'arche", "the bridge"),
///    a named street ("la rue Oberkampf"), or a capitalised name after an article ("le Lidl").
///    A position word before anything else is not a hint: "je passe à côté de l'essentiel",
///    "à côté de Marie", "under the weather", "next to nothing".
/// 3. **Place hint in a sentence about where someone stays** — when the sentence has a word
///    such as "dort", "vit", "habite", "campe", "sleeps", "lives", "duerme", "ينام", the plain
///    prepositions count too ("il dort à la gare", "she sleeps in the park"), and so does a
///    named place without a number ("il dort rue Oberkampf", "elle vit porte de la Chapelle",
///    "he sleeps on Baker Street", "ينام في شارع الحرية"). A street without a name is never a
///    place ("il dort dans la rue", "ينام في الشارع").
public enum PlaceDetector {
    public static func findings(in text: String) -> [SensitiveFinding] {
        findings(in: LexedText(TextNormaliser.normalise(text)))
    }

    static func findings(in lexed: LexedText) -> [SensitiveFinding] {
        Scan(lexed).run()
    }

    private struct Scan {
        typealias T = Lexicon.Traits
        let lexed: LexedText
        let text: NormalisedText
        let tokens: [NormalisedToken]
        /// Per sentence: it says where someone stays.
        let locatingSentences: [Bool]
        let sentenceOf: [Int]
        let vocabulary = PlaceVocabulary.shared

        init(_ lexed: LexedText) {
            self.lexed = lexed
            self.text = lexed.text
            self.tokens = lexed.text.tokens
            var sentence = 0
            var sentenceOf: [Int] = []
            sentenceOf.reserveCapacity(tokens.count)
            var locating: [Bool] = [false]
            for (index, token) in tokens.enumerated() {
                if token.startsSentence, index > 0 { sentence += 1; locating.append(false) }
                sentenceOf.append(sentence)
                if lexed.has(index, .locating) { locating[sentence] = true }
            }
            self.sentenceOf = sentenceOf
            self.locatingSentences = locating
        }

        /// Addresses first, then hints on the words no address took ("en la Calle Mayor 12" is an
        /// address, not a hint "en la Calle Mayor").
        func run() -> [SensitiveFinding] {
            var found: [SensitiveFinding] = []
            var inAddress = [Bool](repeating: false, count: tokens.count)
            var index = 0
            while index < tokens.count {
                if let last = numberedAddress(at: index) {
                    append(.address, index, last, to: &found)
                    for covered in index...last { inAddress[covered] = true }
                    index = last + 1
                } else {
                    index += 1
                }
            }
            index = 0
            while index < tokens.count {
                let locating = locatingSentences[sentenceOf[index]]
                if !inAddress[index], let last = hint(at: index, locating: locating) ?? (locating ? namedPlace(at: index) : nil),
                   !inAddress[index...last].contains(true) {
                    append(.placeHint, index, last, to: &found)
                    index = last + 1
                } else {
                    index += 1
                }
            }
            return found.sorted { $0.offset < $1.offset }
        }

        private func append(_ kind: SensitiveKind, _ first: Int, _ last: Int, to found: inout [SensitiveFinding]) {
            let range = text.originalRange(from: tokens[first], to: tokens[last])
            found.append(SensitiveFinding(kind: kind, offset: range.offset, length: range.length,
                                          excerpt: text.excerpt(offset: range.offset, length: range.length)))
        }

        // MARK: Words

        @inline(__always) private func has(_ index: Int, _ trait: T) -> Bool { lexed.has(index, trait) }

        /// "الجسر" is "جسر": Arabic writes the article onto the noun.
        private func isLandmark(_ index: Int) -> Bool {
            guard index < tokens.count else { return false }
            return has(index, .landmark) || lexed.baseHas(index, .landmark)
        }

        /// A capitalised word that can be a name: not at the start of a sentence, two letters at
        /// least, not an English street type ("Baker" is a name in "Baker Street", "Street" is not).
        private func isName(_ index: Int) -> Bool {
            guard index < tokens.count else { return false }
            let token = tokens[index]
            return token.isCapitalised && !token.startsSentence && token.letterCount >= 2
                && !has(index, [.notName, .englishStreetType])
        }

        /// "12", "12bis", "221B"; not "0", not "75011".
        private func isStreetNumber(_ index: Int) -> Bool {
            guard index < tokens.count else { return false }
            let token = tokens[index]
            let units = text.units
            guard (1...4).contains(token.digitCount), units[token.unitStart] != UInt16(ascii: "0") else { return false }
            if token.isNumber { return true }
            let suffixStart = token.unitStart + token.digitCount
            guard units[token.unitStart..<suffixStart].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
            return lexed.lexicon.bits(of: lexed.lexicon.id(of: units[suffixStart..<token.unitEnd])) & T.numberSuffix.rawValue != 0
        }

        /// After a French or Spanish street type: particles, then a name. Returns the name's last word.
        private func nameAfterType(_ typeIndex: Int, lowercaseAllowed: Bool) -> Int? {
            var index = typeIndex + 1
            while index < tokens.count, has(index, .particle), index - typeIndex <= 3 { index += 1 }
            guard index < tokens.count, !tokens[index].startsSentence, tokens[index].letterCount >= 2, !has(index, .notName) else { return nil }
            guard isName(index) || lowercaseAllowed else { return nil }
            var last = index
            // "de la Paix", "Saint-Antoine", "Alexandre III".
            var probe = last + 1
            while probe < tokens.count, probe - last <= 3, !tokens[probe].startsSentence {
                if isName(probe) { last = probe; probe += 1 }
                else if has(probe, .particle) { probe += 1 }
                else { break }
            }
            return last
        }

        // MARK: Rule 1, addresses

        private func numberedAddress(at index: Int) -> Int? {
            if isStreetNumber(index) {
                var type = index + 1
                if has(type, .numberSuffix), type < tokens.count, tokens[type].letterCount > 1 { type += 1 }  // "12 bis"
                if has(type, .frenchStreetType) {
                    return nameAfterType(type, lowercaseAllowed: !has(type, .ambiguousFrenchStreetType))
                }
                if has(type, .arabicStreetType) { return nameAfterArabicType(type) }
                // "221B Baker Street", "12 baker street": the name comes before the type.
                var probe = index + 1
                while probe < tokens.count, probe - index <= 3, isName(probe) { probe += 1 }
                let names = probe - index - 1
                if names >= 1, has(probe, .englishStreetType) { return probe }
                if names == 0, index + 2 < tokens.count, has(index + 2, .plainEnglishStreetType), tokens[index + 1].letterCount >= 2,
                   !has(index + 1, .notName), !tokens[index + 1].startsSentence {
                    return index + 2
                }
                return nil
            }
            // "Calle Mayor 12", "c/ Mayor, 12".
            if has(index, .spanishStreetType), let name = nameAfterType(index, lowercaseAllowed: false) {
                var number = name + 1
                if has(number, .streetNumberMarker) { number += 1 }
                return isStreetNumber(number) ? number : nil
            }
            // "شارع الحرية رقم 12"
            if has(index, .arabicStreetType), let name = nameAfterArabicType(index) {
                var number = name + 1
                if has(number, .streetNumberMarker) { number += 1 }
                return isStreetNumber(number) ? number : nil
            }
            return nil
        }

        /// "شارع الحرية", "زنقة ابن بطوطة": a street in construct state (without the article),
        /// named by the next one or two words. "الشارع", the street, names nothing.
        private func nameAfterArabicType(_ typeIndex: Int) -> Int? {
            let next = typeIndex + 1
            guard next < tokens.count, !tokens[next].startsSentence, tokens[next].letterCount >= 2 else { return nil }
            if next + 1 < tokens.count, !tokens[next + 1].startsSentence, tokens[next + 1].letterCount >= 2, has(next, .arabicNameLink) {
                return next + 1
            }
            return next
        }

        // MARK: Rule 2, position word + landmark

        private func hint(at index: Int, locating: Bool) -> Int? {
            guard has(index, .hintStart) else { return nil }
            let phrases = vocabulary.hints[Int(lexed.ids[index])]
            for phrase in phrases where phrase.strong || locating {
                var end = index + 1
                var matched = true
                for part in phrase.rest {
                    guard end < tokens.count, lexed.ids[end] == part else { matched = false; break }
                    end += 1
                }
                guard matched, end < tokens.count, !tokens[end].startsSentence else { continue }
                if let last = placeAfterHint(end) { return last }
            }
            return nil
        }

        /// The place that follows a position word: its last word, or nil when it is not a place.
        private func placeAfterHint(_ start: Int) -> Int? {
            var index = start
            var article = false
            while index < tokens.count, has(index, .determiner), index - start < 3 {
                if has(index, .article) { article = true }
                index += 1
            }
            guard index < tokens.count, !tokens[index].startsSentence else { return nil }
            var last: Int?
            if isLandmark(index) {
                last = index
            } else if let named = namedPlaceNoun(at: index) {
                last = named
            } else if isName(index) {
                // "le Monoprix", "the Tesco"; "Baker Street", "Jaurès station" after "near".
                var probe = index
                while probe < tokens.count, probe - index < 3, isName(probe) { probe += 1 }
                if has(probe, .englishStreetType) || isLandmark(probe) {
                    last = probe
                } else if article {
                    last = probe - 1
                }
            } else {
                // "sous le vieux pont", "next to the old bus station": one or two words before the landmark.
                for landmark in (index + 1)...(index + 2) where last == nil && isLandmark(landmark) {
                    let between = index..<landmark
                    if between.allSatisfy({ tokens[$0].letterCount >= 2 && !has($0, .determiner) })
                        && !(index...landmark).dropFirst().contains(where: { tokens[$0].startsSentence }) {
                        last = landmark
                    }
                }
            }
            guard let end = last else { return nil }
            return extend(end)
        }

        /// "métro Jaurès", "pont Alexandre III", "sortie du métro", "hall de l'immeuble",
        /// "Monoprix de la rue Oberkampf", "puente de Toledo".
        private func extend(_ last: Int) -> Int {
            var end = last
            for _ in 0..<2 {
                var probe = end + 1
                var names = 0
                while probe < tokens.count, names < 3, isName(probe) { probe += 1; names += 1 }
                if names > 0 { end = probe - 1; continue }
                // "près du périph porte de Bagnolet"
                if let named = namedPlaceNoun(at: probe) { end = named; continue }
                guard has(probe, .linking) else { break }
                while probe < tokens.count, has(probe, .determiner), probe - end <= 3 { probe += 1 }
                guard probe < tokens.count, !tokens[probe].startsSentence else { break }
                if isLandmark(probe) {
                    end = probe
                } else if let named = namedPlaceNoun(at: probe) {
                    end = named
                } else if isName(probe) {
                    while probe + 1 < tokens.count, probe + 1 - end <= 4, isName(probe + 1) { probe += 1 }
                    end = probe
                } else {
                    break
                }
            }
            return end
        }

        /// A street type or a nameable landmark, followed by its name: "rue Oberkampf",
        /// "porte de la Chapelle", "gare du Nord", "شارع الحرية".
        private func namedPlaceNoun(at index: Int) -> Int? {
            if has(index, .namedPlaceType) { return nameAfterType(index, lowercaseAllowed: false) }
            if has(index, .arabicStreetType) { return nameAfterArabicType(index) }
            return nil
        }

        // MARK: Rule 3, a named place in a sentence about where someone stays

        private func namedPlace(at index: Int) -> Int? {
            if let last = namedPlaceNoun(at: index) { return last }
            // "on Baker Street"
            guard isName(index) else { return nil }
            var probe = index
            while probe < tokens.count, probe - index < 3, isName(probe) { probe += 1 }
            if has(probe, .englishStreetType), !has(probe, .ambiguousEnglishStreetType) { return probe }
            return nil
        }
    }
}

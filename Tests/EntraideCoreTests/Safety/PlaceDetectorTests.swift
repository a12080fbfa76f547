import Testing
@testable import EntraideCore

@Suite struct PlaceDetectorTests {
    @Test(arguments: [
        ("Il m'a dit qu'il habite au 12 rue de la Paix", "12 rue de la Paix"),
        ("12bis rue des Martyrs, au fond de la cour", "12bis rue des Martyrs"),
        ("Elle est au 3 avenue Foch depuis lundi", "3 avenue Foch"),
        ("Rendez-vous 45 bd de Belleville", "45 bd de Belleville"),
        ("Vous pouvez passer au 8 place de la République", "8 place de la République"),
        ("il loge 17 quai de Jemmapes", "17 quai de Jemmapes"),
        ("5 impasse des Lilas, porte B", "5 impasse des Lilas"),
        ("au 2 ruelle des Chats", "2 ruelle des Chats"),
        ("on se voit au 10 rue oberkampf", "10 rue oberkampf"),
        ("He stays at 221B Baker Street", "221B Baker Street"),
        ("Drop the bags at 12 Baker Street please", "12 Baker Street"),
        ("She lives at 10 Downing St.", "10 Downing St"),
        ("Vive en la Calle Mayor 12, Madrid", "Calle Mayor 12"),
        ("يسكن في شارع الحرية رقم 12", "شارع الحرية رقم 12"),
    ])
    func findsStreetAddresses(text: String, excerpt: String) {
        let findings = PlaceDetector.findings(in: text)
        #expect(findings.map(\.kind) == [.address], "\(text) → \(findings)")
        #expect(findings.first?.excerpt == excerpt)
    }

    @Test(arguments: [
        ("il dort devant le Monoprix de la rue Oberkampf", "devant le Monoprix de la rue Oberkampf"),
        ("she sleeps under the bridge near Jaurès", "under the bridge"),
        ("Il y a un monsieur en face de la pharmacie tous les soirs", "en face de la pharmacie"),
        ("Elle reste souvent à côté de la boulangerie", "à côté de la boulangerie"),
        ("Il a sa tente sous le pont Alexandre III", "sous le pont Alexandre III"),
        ("Je l'ai vu derrière la gare, il avait froid", "derrière la gare"),
        ("au coin de la rue Saint-Maur, un homme dort", "au coin de la rue Saint-Maur"),
        ("Une dame s'installe près de la sortie du métro Jaurès", "près de la sortie du métro Jaurès"),
        ("Il dort sous l'arche, côté canal", "sous l'arche"),
        ("Ils dorment dans le hall de l'immeuble", "dans le hall de l'immeuble"),
        ("tente près du canal Saint-Martin", "près du canal Saint-Martin"),
        ("Il vit sous une tente près du périph porte de Bagnolet", "près du périph porte de Bagnolet"),
        ("Une personne dort au pied de mon immeuble", "au pied de mon immeuble"),
        ("Ils campent le long du canal de l'Ourcq", "le long du canal de l'Ourcq"),
        ("He lives in a tent near the canal", "near the canal"),
        ("Il dort rue Oberkampf, à la hauteur du 40", "rue Oberkampf"),
        ("Elle vit porte de la Chapelle depuis l'hiver", "porte de la Chapelle"),
        ("A man is sleeping in front of the church every night", "in front of the church"),
        ("He sits outside the Tesco on Mile End Road", "outside the Tesco"),
        ("She sleeps next to the old bus station", "next to the old bus station"),
        ("He sleeps on Baker Street most nights", "on Baker Street"),
        ("Duerme debajo del puente de Toledo", "debajo del puente de Toledo"),
        ("ينام تحت الجسر كل ليلة", "تحت الجسر"),
        ("تجلس أمام المسجد", "أمام المسجد"),
        ("ينام في شارع الحرية كل ليلة", "في شارع الحرية"),
    ])
    func findsPlaceHints(text: String, excerpt: String) {
        let findings = PlaceDetector.findings(in: text)
        #expect(findings.map(\.kind) == [.placeHint], "\(text) → \(findings)")
        #expect(findings.first?.excerpt == excerpt)
    }

    /// How people talk about the street, and words that contain street words, are not places.
    @Test(arguments: [
        "Je vis dans la rue depuis trois ans",
        "She has been sleeping on the street since May",
        "Il dort dehors, dans la rue, même l'hiver",
        "La ruelle derrière chez moi est sombre",
        "Il faut placer les chaises en cercle",
        "Le placement des bénévoles est prêt",
        "Chacun a sa place, la place de chacun compte",
        "Je fais les courses pour la distribution",
        "J'ai 3 cours de français par semaine",
        "Je passe à côté de l'essentiel",
        "Je me suis assise à côté de Marie au repas",
        "Rendez-vous place de la République à 18h pour la maraude",
        "Il fait froid dehors, sous la pluie",
        "I was under the weather last week",
        "It costs next to nothing",
        "Behind the scenes of our street rounds",
        "In front of everyone, he thanked the volunteers",
        "By the way, thanks for the blankets",
        "Près de chez moi il y a une épicerie solidaire",
        "2 rues plus loin, il y a un point d'eau",
        "We walked 3 miles down the road together",
        "ينام في الشارع منذ سنة",
        "أنا في الشارع منذ شهر وأحتاج مساعدة",
        "J'habite à Paris (75011)",
        "Merci à toute l'équipe du 12 !",
        "Il est sous le choc depuis hier",
        "Elle est devant nous dans la file",
        "J'ai passé 2 nuits à la gare",
        "Il y a un concert place de la Nation",
        "Thanks for the coffee, see you at the park on Sunday",
        "In the middle of the night",
        "Je dors au 115 ce soir, merci",
    ])
    func leavesOrdinaryTalkAlone(text: String) {
        let findings = PlaceDetector.findings(in: text)
        #expect(findings.isEmpty, "\(text) → \(findings.map(\.excerpt))")
    }
}

import Vapor
import Fluent
import EntraideCore

/// What the demo members have going on: requests and offers, events (a weekly coffee, a
/// football game with a partner club, an online workshop), two groups with posts and a
/// poll, a conversation. Written through the same services as the API, so points are
/// blurred and memberships kept. Added once: a second run finds Marie's request and stops.
enum DemoCommunity {
    static let places: [String: GeoPoint] = [
        "75011": GeoPoint(lat: 48.8590, lon: 2.3790), "75018": GeoPoint(lat: 48.8925, lon: 2.3444),
        "75019": GeoPoint(lat: 48.8817, lon: 2.3822), "69003": GeoPoint(lat: 45.7597, lon: 4.8493),
        "69007": GeoPoint(lat: 45.7420, lon: 4.8420), "69008": GeoPoint(lat: 45.7370, lon: 4.8690),
        "13001": GeoPoint(lat: 43.2990, lon: 5.3840), "13003": GeoPoint(lat: 43.3110, lon: 5.3800),
        "59000": GeoPoint(lat: 50.6330, lon: 3.0580), "44000": GeoPoint(lat: 47.2150, lon: -1.5540),
    ]

    @discardableResult
    static func seed(on database: any Database, live: LiveBus) async throws -> Bool {
        func member(_ email: String?, phone: String? = nil) async throws -> User {
            let query = User.query(on: database)
            if let email { query.filter(\.$email == email) } else if let phone { query.filter(\.$phone == phone) }
            guard let user = try await query.first() else { throw Abort(.internalServerError, reason: "demo member \(email ?? phone ?? "") missing") }
            return user
        }
        let marie = try await member("marie@demo.entraide.example")
        guard try await HelpAction.query(on: database).filter(\.$author.$id == marie.requireID()).count() == 0 else { return false }
        let thomas = try await member("thomas@demo.entraide.example")
        let emily = try await member("emily@demo.entraide.example")
        let sophie = try await member("animation.lille@demo.entraide.example")
        let claire = try await member("association@demo.entraide.example")
        let ahmad = try await member(nil, phone: "+33612345601")
        let mohamed = try await member(nil, phone: "+33612345603")

        func point(_ user: User) -> PointInput {
            let place = places[user.postalCode ?? ""] ?? GeoPoint(lat: 48.8566, lon: 2.3522)
            return PointInput(lat: place.lat, lon: place.lon)
        }

        let sleepingBag = try await ActionService.create(ActionInput(kind: "request", category: "equipment", title: "Un sac de couchage pour cet hiver",
            description: "Le mien a été volé cet automne.", location: point(ahmad)), by: ahmad, on: database)
        try await ActionService.create(ActionInput(kind: "offer", category: "food", title: "Je cuisine pour deux le dimanche",
            description: "Un repas chaud à partager, et un moment pour discuter.", location: point(marie)), by: marie, on: database)
        try await ActionService.create(ActionInput(kind: "offer", category: "social", title: "Happy to practise French or English over coffee",
            description: "Weekday evenings, in a café in town.", location: point(emily)), by: emily, on: database)
        try await ActionService.create(ActionInput(kind: "request", category: "clothes", title: "Chaussures de foot taille 43",
            description: "Pour jouer le samedi avec le club.", location: point(mohamed)), by: mohamed, on: database)
        // Marie offers her help for Ahmad's request: a conversation opens between them.
        let conversation = try await ActionService.join(sleepingBag, by: marie, on: database, live: live)
        try await ConversationService.post(MessageInput(body: "Bonjour Ahmad, j'ai un sac de couchage chaud en trop. On se retrouve au café près du canal ?"),
                                           in: conversation, by: marie, on: database, live: live)

        let nextSaturday = Calendar(identifier: .gregorian).nextDate(after: Date(), matching: DateComponents(hour: 10, minute: 0, weekday: 7),
                                                                     matchingPolicy: .nextTime) ?? Date().addingTimeInterval(3 * 86_400)
        let paris = places["75011"]!, lyon = places["69007"]!
        try await OutingService.create(OutingInput(title: "Café-rencontre du samedi", description: "Un café offert, on fait connaissance.",
            startsAt: nextSaturday, endsAt: nextSaturday.addingTimeInterval(5400), placeName: "Café Le Temps des Cerises",
            address: "Place de la République, Paris", location: PointInput(lat: paris.lat, lon: paris.lon), capacity: 15,
            recurrence: RecurrenceInput(frequency: "weekly", count: 8)), by: marie, on: database)
        try await OutingService.create(OutingInput(title: "Foot au parc de Gerland", description: "Match amical, tous niveaux, chasubles fournies.",
            startsAt: nextSaturday.addingTimeInterval(6 * 3600), endsAt: nextSaturday.addingTimeInterval(8 * 3600), placeName: "Parc de Gerland",
            address: "Allée Pierre de Coubertin, Lyon", location: PointInput(lat: lyon.lat, lon: lyon.lon), capacity: 22,
            sportActivity: "football", partnerClub: "AS Gerland Solidaire"), by: thomas, on: database)
        try await OutingService.create(OutingInput(title: "Atelier en ligne : aller vers l'autre", startsAt: nextSaturday.addingTimeInterval(2 * 86_400),
            endsAt: nextSaturday.addingTimeInterval(2 * 86_400 + 3600), online: true, onlineUrl: "https://visio.example.org/entraide-atelier"),
            by: sophie, on: database)
        try await OutingService.create(OutingInput(title: "Maraude partagée du jeudi", description: "Avec l'association : thé, soupe et écoute.",
            startsAt: nextSaturday.addingTimeInterval(5 * 86_400 + 9 * 3600), endsAt: nextSaturday.addingTimeInterval(5 * 86_400 + 12 * 3600),
            placeName: "Gare de Nantes, parvis nord", location: PointInput(lat: 47.2179, lon: -1.5418), reservedGoal: "offer_help"),
            by: claire, on: database)

        let neighbours = try await GroupService.create(GroupInput(name: "Voisins du 11e", description: "Entraide entre voisins du quartier République – Oberkampf.",
            welcomeMessage: "Bienvenue ! Présentez-vous en quelques mots.", charter: "Bienveillance, discrétion, pas d'adresse précise d'une personne.",
            location: point(marie), visibility: "public"), by: marie, on: database)
        try await GroupService.create(GroupInput(name: "Jardin partagé de Lyon 7e", description: "On cultive ensemble, on partage les récoltes.",
            welcomeMessage: "Les outils sont dans la cabane.", location: point(thomas), visibility: "private"), by: thomas, on: database)
        _ = try await GroupService.join(neighbours, user: ahmad, on: database, live: live)
        let poll = try await PostService.create(PostInput(body: "Quel soir pour la prochaine soupe partagée ?", poll: ["Mardi", "Jeudi"]),
                                                in: neighbours, by: marie, on: database)
        try await PostService.vote(VoteInput(option: 1), on: poll, by: ahmad, on: database)
        _ = try await PostService.comment(CommentInput(body: "Jeudi, c'est parfait pour moi."), on: poll, by: ahmad, on: database)
        // A well-meant post that says where someone sleeps: held for the demo moderator.
        _ = try await PostService.create(PostInput(body: "Un monsieur dort devant la boulangerie de la rue Oberkampf, quelqu'un peut passer le voir ?", poll: nil),
                                         in: neighbours, by: marie, on: database)
        return true
    }
}

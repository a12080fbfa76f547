import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer
import EntraideCore

@Suite struct PlacePagesTests {
    @Test func theListIsReadableWithoutAnAccountNearAPostalCode() async throws {
        try await withEntraide { app in
            try await DemoPlaces.seed(app)
            let web = WebClient(app)
            let page = try await web.get("/services?near=75011&category=hygiene", headers: ["Accept": "text/html"])
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Bains-douches Oberkampf"))
            #expect(!html.contains("Restaurant solidaire"), "filtered by family")
            #expect(html.contains("Douches"), "category names are translated")
            let english = try await web.get("/services?near=75011&lang=en")
            #expect(english.body.string.contains("Useful places"))
            let wrong = try await WebClient(app).get("/services?near=abc")
            #expect(wrong.status == .badRequest && wrong.body.string.contains("code postal"), "\(wrong.body.string)")
        }
    }

    @Test func aPlacesPageShowsItsHoursAndStatus() async throws {
        try await withEntraide { app in
            try await DemoPlaces.seed(app)
            let round = try await app.placeID(named: "Maraude des Lucioles")
            let page = try await WebClient(app).get("/services/\(round)")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Gare de l&#39;Est") || html.contains("Gare de l'Est"))
            #expect(html.contains("21:00-21:45"))
            #expect(html.contains("Europe/Paris"))
            let shelter = try await app.placeID(named: "Halte de nuit")
            #expect(try await WebClient(app).get("/services/\(shelter)").body.string.contains("21:00-08:00"))
            #expect(try await WebClient(app).get("/services/\(UUID())").status == .notFound)
        }
    }

    @Test func aMemberSuggestsACorrectionAndStaffAcceptItOnTheWeb() async throws {
        try await withEntraide { app in
            try await DemoPlaces.seed(app)
            let place = try await app.placeID(named: "Cours de français pour tous")
            #expect(try await WebClient(app).get("/services/\(place)/suggest").status == .seeOther)
            let member = try await WebClient.signedIn(app)
            let sent = try await member.submit("/services/\(place)/suggest", to: "/services/\(place)/suggest", fields: [
                "name": "Cours de français pour tous", "category": "work.language_courses", "description": "Cours gratuits tous niveaux.",
                "address": "5 Rue de Malte", "postalCode": "75011", "city": "Paris", "phone": "01 43 00 00 18", "website": "",
                "hours": "mo 18:00-20:00; we 18:00-20:00", "lat": "48.8665", "lon": "2.365", "note": "Nouveau numéro",
            ])
            #expect(sent.status == .seeOther, "\(sent.body.string)")
            let suggestion = try #require(try await PlaceSuggestion.query(on: app.db).first())
            #expect(suggestion.input?.phone == "01 43 00 00 18")
            #expect(suggestion.input?.name == nil && suggestion.input?.hoursText == nil, "only what changed is proposed")

            let bad = try await member.submit("/services/suggest", to: "/services/suggest", fields: ["name": "Lieu", "category": "food.meals", "hours": "n'importe quand"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("n&#39;importe quand") || bad.body.string.contains("n'importe quand"), "what was typed is kept")

            #expect(try await member.get("/services/review").status == .forbidden)
            let staff = try await WebClient.signedIn(app, firstName: "Yacine")
            let user = try #require(try await User.query(on: app.db).filter(\.$firstName == "Yacine").first())
            try await RoleService.grant(.moderator, to: user, by: "test", on: app.db)
            let queue = try await staff.get("/services/review")
            #expect(queue.body.string.contains("Cours de français pour tous"))
            let decided = try await staff.submit("/services/review/\(suggestion.id!)", to: "/services/review/\(suggestion.id!)", fields: ["action": "accept"])
            #expect(decided.status == .seeOther, "\(decided.body.string)")
            #expect(try await Place.find(place, on: app.db)?.phone == "01 43 00 00 18")
        }
    }
}

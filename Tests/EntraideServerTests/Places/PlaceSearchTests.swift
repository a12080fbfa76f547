import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer
import EntraideCore

@Suite struct PlaceSearchTests {
    static let republique = "lat=48.8674&lon=2.3636"

    func names(_ res: TestingHTTPResponse) throws -> [String?] {
        #expect(res.status == .ok, "\(res.body.string)")
        return try JSONBody(res)["items"].array.map { $0["name"].string }
    }

    @Test func placesComeNearestFirstWithinTheRadius() async throws {
        try await withEntraide { app in
            try await app.importSamples()
            let res = try await app.send(.GET, "/api/v1/places?\(Self.republique)")
            #expect(try names(res) == ["Repas du midi Saint-Martin", "Halte de nuit pour femmes", "Maraude des Lucioles"])
            let items = try JSONBody(res)["items"].array
            let distances = items.compactMap { $0["distanceMeters"].int }
            #expect(distances == distances.sorted() && distances.count == 3)
            // The round is found at its nearest stop, and shows that stop.
            #expect(items[2]["stop"]["name"].string == "Départ, devant la gare")
            #expect(items[2]["address"].string == "Place Louis-Armand, 75012 Paris")
            // A radius of 1 km leaves the round out; Lyon and Cayenne are never in Paris.
            #expect(try names(try await app.send(.GET, "/api/v1/places?\(Self.republique)&radiusKm=1")).count == 2)
        }
    }

    @Test func aCategoryOrAFamilyFilters() async throws {
        try await withEntraide { app in
            try await app.importSamples()
            #expect(try names(try await app.send(.GET, "/api/v1/places?\(Self.republique)&category=hygiene")) == ["Halte de nuit pour femmes"])
            #expect(try names(try await app.send(.GET, "/api/v1/places?\(Self.republique)&category=food.meals")) == ["Repas du midi Saint-Martin", "Maraude des Lucioles"])
            #expect(try names(try await app.send(.GET, "/api/v1/places?\(Self.republique)&category=work")).isEmpty)
        }
    }

    @Test func wordsSearchNameAndDescriptionWithoutCaseOrAccents() async throws {
        try await withEntraide { app in
            try await app.importSamples()
            #expect(try names(try await app.send(.GET, "/api/v1/places?q=soupe")) == ["Maraude des Lucioles"])
            #expect(try names(try await app.send(.GET, "/api/v1/places?q=VETEMENTS%20chauds")) == ["Maraude des Lucioles"])
            #expect(try names(try await app.send(.GET, "/api/v1/places?q=hal")) == ["Halte de nuit pour femmes"], "a word's beginning is enough")
            #expect(try names(try await app.send(.GET, "/api/v1/places?q=cayenne")) == ["Accueil de jour de Cayenne"], "the city is searched too")
            #expect(try names(try await app.send(.GET, "/api/v1/places?q=douches&\(Self.republique)")) == ["Halte de nuit pour femmes"])
            #expect(try names(try await app.send(.GET, "/api/v1/places?q=piscine")).isEmpty)
            // Punctuation alone is no filter; quotes and operators are read as text.
            #expect(try names(try await app.send(.GET, "/api/v1/places?q=%22%2A%28")).count == 5)
            #expect(try names(try await app.send(.GET, "/api/v1/places?q=repas%20OR%20NOT%20halte")).isEmpty)
        }
    }

    @Test func withoutAPointPlacesComeByName() async throws {
        try await withEntraide { app in
            try await app.importSamples()
            let first = try await app.send(.GET, "/api/v1/places?limit=2")
            let page = try JSONBody(first)
            #expect(page["items"].array.map { $0["name"].string } == ["Accueil de jour de Cayenne", "Bagagerie de la Guillotière"])
            let cursor = try #require(page["nextCursor"].string)
            let next = try await app.send(.GET, "/api/v1/places?limit=2&cursor=\(cursor)")
            #expect(try names(next) == ["Halte de nuit pour femmes", "Maraude des Lucioles"])
        }
    }

    @Test func pagesFollowEachOtherWithoutRepeatsAndARoundOnce() async throws {
        try await withEntraide { app in
            try await app.importSamples()
            var seen: [String] = []
            var cursor: String?
            repeat {
                let res = try await app.send(.GET, "/api/v1/places?\(Self.republique)&radiusKm=50&limit=1" + (cursor.map { "&cursor=\($0)" } ?? ""))
                let page = try JSONBody(res)
                seen += page["items"].array.compactMap { $0["name"].string }
                cursor = page["nextCursor"].string
            } while cursor != nil && seen.count < 10
            #expect(seen == ["Repas du midi Saint-Martin", "Halte de nuit pour femmes", "Maraude des Lucioles"])
        }
    }

    /// Tuesday 3 March 2026 on the Paris clock.
    @Test func openNowIsComputedOnEachPlacesClock() async throws {
        try await withEntraide { app in
            try await app.importSamples()
            let center = GeoPoint(lat: 48.8674, lon: 2.3636)
            func open(_ time: String, radius: Double = 10) async throws -> [String] {
                let query = PlaceSearch.Query(center: center, radiusKm: radius, openNow: true, now: parisTime(time))
                return try await PlaceSearch.search(query, on: app.db).hits.map(\.row.name)
            }
            #expect(try await open("2026-03-03 12:30") == ["Repas du midi Saint-Martin"])
            #expect(try await open("2026-03-03 23:00") == ["Halte de nuit pour femmes"])
            #expect(try await open("2026-03-04 01:30") == ["Halte de nuit pour femmes"], "past midnight, the night's slot goes on")
            #expect(try await open("2026-03-04 02:30").isEmpty)
            // 21:30: only the round's far stop (place d'Italie, 21:00–22:15) is open: the round
            // is listed once, at that stop.
            let query = PlaceSearch.Query(center: center, openNow: true, now: parisTime("2026-03-03 21:30"))
            let hits = try await PlaceSearch.search(query, on: app.db).hits
            #expect(hits.map(\.row.name) == ["Maraude des Lucioles"])
            #expect(hits.first?.row.stopName == "Arrivée, place d'Italie")
            // Cayenne's day centre opens 08:00–12:00 on its own clock: 12:30 in Paris is 08:30 there.
            let cayenne = PlaceSearch.Query(center: GeoPoint(lat: 4.938, lon: -52.326), openNow: true, now: parisTime("2026-03-03 12:30"))
            #expect(try await PlaceSearch.search(cayenne, on: app.db).hits.map(\.row.name) == ["Accueil de jour de Cayenne"])
        }
    }

    @Test func theSMSServiceFindsTheNearestOpenPlacesOfACategory() async throws {
        try await withEntraide { app in
            try await app.importSamples()
            try await DemoPlaces.seed(app)
            let hits = try await PlaceSearch.nearestOpen(category: "food", from: GeoPoint(lat: 48.8674, lon: 2.3636),
                                                         now: parisTime("2026-03-03 12:30"), on: app.db)
            #expect(hits.map(\.row.name) == ["Repas du midi Saint-Martin", "Restaurant solidaire République"])
            #expect(hits.allSatisfy { $0.status.isOpen })
            let none = try await PlaceSearch.nearestOpen(category: "hygiene.showers", from: GeoPoint(lat: 48.8674, lon: 2.3636),
                                                         now: parisTime("2026-03-08 15:00"), on: app.db)
            #expect(none.isEmpty, "Sunday afternoon: no shower open")
            await #expect(throws: RuleViolation.self) {
                _ = try await PlaceSearch.nearestOpen(category: "nope", from: GeoPoint(lat: 48.8674, lon: 2.3636), on: app.db)
            }
        }
    }

    @Test func openNowInTheAPIListsOnlyOpenPlaces() async throws {
        try await withEntraide { app in
            try await app.importSamples()
            try await DemoPlaces.seed(app)
            let res = try await app.send(.GET, "/api/v1/places?\(Self.republique)&openNow=true&limit=50")
            for item in try JSONBody(res)["items"].array { #expect(item["status"]["openNow"].bool == true) }
        }
    }

    @Test func aPlaceShowsItsHoursStopsAndStatus() async throws {
        try await withEntraide { app in
            try await app.importSamples()
            let round = try await app.placeID(named: "Maraude des Lucioles")
            let body = try JSONBody(try await app.send(.GET, "/api/v1/places/\(round)"))
            #expect(body["kind"].string == "mobile")
            #expect(body["stops"].array.count == 2)
            #expect(body["stops"][1]["hoursText"].string == "tu 21:00-22:15; fr 21:00-22:15")
            let meals = try await app.placeID(named: "Repas du midi Saint-Martin")
            let place = try JSONBody(try await app.send(.GET, "/api/v1/places/\(meals)"))
            #expect(place["hours"]["weekly"]["mon"][0].string == "12:00-14:00")
            #expect(place["hours"]["closedOnPublicHolidays"].bool == true)
            #expect(place["address"].string == "12 Rue du Faubourg du Temple, 75011 Paris", "a public service's address is shown")
            #expect(place["status"]["openNow"].bool != nil)
            let missing = try await app.send(.GET, "/api/v1/places/\(UUID())")
            #expect(missing.status == .notFound && errorCode(missing) == "places.not_found")
        }
    }

    @Test func categoriesAreListedInTheCallersLanguage() async throws {
        try await withEntraide { app in
            let families = try JSONBody(try await app.send(.GET, "/api/v1/places/categories?lang=en")).array
            #expect(families.count == PlaceCategory.families.count)
            #expect(families[0]["name"].string == "Food" && families[0]["categories"][0]["name"].string == "Meals")
            let arabic = try JSONBody(try await app.send(.GET, "/api/v1/places/categories?lang=ar")).array
            #expect(arabic[0]["name"].string == "الطعام")
        }
    }

    @Test(arguments: [
        ("lat=48.8", "validation.location_invalid"),
        ("lat=91&lon=2", "validation.location_invalid"),
        ("lat=48.8&lon=2.3&radiusKm=500", "validation.radius_invalid"),
        ("category=nope", "places.category_unknown"),
        ("openNow=maybe", "validation.type_invalid"),
        ("limit=0", "paging.invalid_limit"),
        ("cursor=zzz", "paging.invalid_cursor"),
    ])
    func badParametersGetAStableCode(query: String, code: String) async throws {
        try await withEntraide { app in
            let res = try await app.send(.GET, "/api/v1/places?\(query)")
            #expect(res.status == .badRequest, "\(res.body.string)")
            #expect(errorCode(res) == code)
        }
    }
}

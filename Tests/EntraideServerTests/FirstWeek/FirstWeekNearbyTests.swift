import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import EntraideCore
@testable import EntraideServer

@Suite struct FirstWeekNearbyTests {
    @Test func aMemberWithEventsAndGroupsNearbyGetsThem() async throws {
        try await withEntraide { app in
            let paul = try await app.member("Paul")
            let event = try #require(try await app.createEvent(by: paul, title: "Café du samedi")["id"].string)
            let group = try #require(try await app.createGroup(by: paul, name: "Voisins du 11e")["id"].string)
            try await app.createEvent(by: paul, title: "Atelier à distance", extra: ["online": true, "onlineUrl": "https://visio.example.org/a", "location": NSNull()])
            // A help request says where someone may sleep: it is never among "what is happening".
            try await app.createAction(by: paul, title: "Un duvet près du canal")
            let marie = try await app.member("Marie")
            let nearby = try await app.firstWeek(marie)["nearby"]
            #expect(nearby["situation"].string == "nearby" && nearby["radiusKm"].int == 40)
            #expect(nearby["events"].array.map { $0["id"].string } == [event])
            #expect(nearby["groups"].array.map { $0["id"].string } == [group])
            #expect(nearby["onlineEvents"].array.isEmpty && nearby["nearestZone"].isNull)
            let home = try await WebClient.loggedIn(app, marie).get("/").body.string
            #expect(home.contains("href=\"/events/\(event)\"") && home.contains("href=\"/groups/\(group)\""))
            #expect(!home.contains("Un duvet près du canal") && !home.contains("48.86"), "no help request, no point")
        }
    }

    @Test func withNothingNearbyComeOnlineEventsAndTheNearestActiveZone() async throws {
        try await withEntraide { app in
            let paul = try await app.member("Paul")
            try await app.createEvent(by: paul, title: "Café à Paris")
            let lucie = try await app.member("Lucie", city: "Limoges", postalCode: "87000")
            try await app.createEvent(by: lucie, title: "Soupe partagée", extra: [
                "placeName": "Place Jourdan", "city": "Limoges", "postalCode": "87000", "location": ["lat": limoges.lat, "lon": limoges.lon]])
            let online = try #require(try await app.createEvent(by: paul, title: "Atelier en ligne",
                                                                extra: ["online": true, "onlineUrl": "https://visio.example.org/a", "location": NSNull()])["id"].string)
            let nadia = try await app.member("Nadia", goal: "ask_for_help", city: "Guéret", postalCode: "23000")
            let nearby = try await app.firstWeek(nadia)["nearby"]
            #expect(nearby["situation"].string == "nothing_nearby")
            #expect(nearby["events"].array.isEmpty && nearby["groups"].array.isEmpty)
            #expect(nearby["onlineEvents"].array.map { $0["id"].string } == [online])
            let zone = nearby["nearestZone"]
            #expect(zone["department"].string == "87" && zone["city"].string == "Limoges" && zone["events"].int == 1)
            #expect((50...80).contains(zone["distanceKm"].int ?? 0), "Guéret to Limoges: \(zone["distanceKm"].int ?? 0) km")
            #expect(zone["link"].string == "/feed?lat=45.83&lon=1.26&radiusKm=40", "the feed around the prefecture, not an event's point")
            let home = try await WebClient.loggedIn(app, nadia).get("/")
            let html = home.body.string
            #expect(home.status == .ok)
            #expect(html.contains("Rien n&#39;est encore prévu à votre portée") || html.contains("Rien n'est encore prévu à votre portée"))
            #expect(html.contains("href=\"/events/\(online)\"") && html.contains("Limoges (87)"))
            #expect(html.contains("href=\"/groups/new\""), "an empty area is invited to start something")
            #expect(!html.contains("Café à Paris"))
        }
    }

    @Test func withoutAPostalCodeTheMemberIsAskedForOne() async throws {
        try await withEntraide { app in
            let paul = try await app.member("Paul")
            let online = try #require(try await app.createEvent(by: paul, title: "Atelier en ligne",
                                                                extra: ["online": true, "onlineUrl": "https://visio.example.org/a", "location": NSNull()])["id"].string)
            let marie = try await app.signUp(firstName: "Marie")
            let nearby = try await app.firstWeek(marie)["nearby"]
            #expect(nearby["situation"].string == "no_zone" && nearby["radiusKm"].isNull)
            #expect(nearby["onlineEvents"].array.map { $0["id"].string } == [online])
            let html = try await WebClient.loggedIn(app, marie).get("/").body.string
            #expect(html.contains("Ajouter mon code postal") && html.contains("href=\"/me\""))
        }
    }
}

import Foundation
import Vapor
import Fluent
import EntraideCore

/// The places `scripts/bench` searches: around the same French cities as the feed's bench
/// (weighted the same), every category, hours of every shape (daytime, meals, overnight
/// shelters past midnight, 24/7, closed on holidays), one in fifty a mobile round of three
/// stops. Deterministic: the same count gives the same places.
enum BenchPlaces {
    static let cities: [(name: String, postalCode: String, lat: Double, lon: Double, weight: Int)] = [
        ("Paris", "75011", 48.8566, 2.3522, 35), ("Lyon", "69003", 45.7640, 4.8357, 12), ("Marseille", "13001", 43.2965, 5.3698, 12),
        ("Lille", "59000", 50.6292, 3.0573, 8), ("Nantes", "44000", 47.2184, -1.5536, 8), ("Toulouse", "31000", 43.6047, 1.4442, 8),
        ("Bordeaux", "33000", 44.8378, -0.5792, 8), ("Strasbourg", "67000", 48.5734, 7.7521, 5), ("Rennes", "35000", 48.1173, -1.6778, 4),
    ]

    static let hourPatterns: [String] = [
        "mo-fr 09:00-12:30,13:30-17:00", "mo-su 12:00-14:00", "mo-sa 19:30-21:00", "mo-su 19:00-08:00", "24/7",
        "mo,we,fr 14:00-18:00; ph off", "tu-sa 10:00-18:00", "mo-fr 08:30-11:30; sa 09:00-12:00", "we 22:00-02:00; sa 22:00-02:00",
    ]

    static let words = ["accueil", "solidaire", "repas", "douche", "vestiaire", "permanence", "santé", "écoute", "café", "maraude",
                        "bagagerie", "laverie", "épicerie", "juridique", "emploi", "français", "numérique", "animaux", "soins", "abri"]

    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }
        /// Roughly normal, by summing uniforms.
        mutating func spread() -> Double { (unit() + unit() + unit() - 1.5) / 1.5 }
    }

    static func make(count: Int) -> [PlaceDraft] {
        var random = Generator(state: 7)
        let total = cities.reduce(0) { $0 + $1.weight }
        var drafts: [PlaceDraft] = []
        drafts.reserveCapacity(count)
        for index in 0..<count {
            var pick = Int(random.next() % UInt64(total))
            var city = cities[0]
            for candidate in cities {
                if pick < candidate.weight { city = candidate; break }
                pick -= candidate.weight
            }
            func point() -> GeoPoint {
                GeoPoint(lat: city.lat + random.spread() * 0.12, lon: city.lon + random.spread() * 0.17)
            }
            let first = random.pick(PlaceCategory.all)
            var categories = [first]
            if random.unit() < 0.5 { categories.append(random.pick(PlaceCategory.all)) }
            let hours = (try? OpeningHoursText.parse(random.pick(hourPatterns))) ?? .unknown
            let name = "\(random.pick(words).capitalized) \(random.pick(words)) \(city.name) \(index)"
            var draft = PlaceDraft(sourceID: "bench-\(index)", name: name,
                                   description: "Lieu \(random.pick(words)) et \(random.pick(words)), \(random.pick(words)) pour tous.",
                                   categories: Array(Set(categories)).sorted(), audience: [random.unit() < 0.8 ? .everyone : random.pick(PlaceAudience.allCases)],
                                   access: [random.pick(PlaceAccess.allCases)], languages: ["fr"], phone: "01 23 45 67 89",
                                   address: "\(index % 200 + 1) rue de la Solidarité", city: city.name, postalCode: city.postalCode,
                                   location: point(), hours: hours)
            if index % 50 == 49 {
                draft.kind = .mobile
                draft.stops = (0..<3).map { stop in
                    StopDraft(name: "Arrêt \(stop + 1)", city: city.name, postalCode: city.postalCode, location: point(),
                              hours: (try? OpeningHoursText.parse(random.pick(["mo-fr 19:30-20:00", "mo-fr 20:15-20:45", "sa-su 21:00-21:30"]))) ?? .unknown)
                }
            }
            if let valid = try? PlaceRules.validate(draft) { drafts.append(valid) }
        }
        return drafts
    }
}

/// The demo city's places (`Resources/Places/demo-places.csv`), imported as the `demo` source.
enum DemoPlaces {
    @discardableResult
    static func seed(_ app: Application) async throws -> PlaceImporter.Summary {
        let path = app.directory.resourcesDirectory + "Places/demo-places.csv"
        guard let data = FileManager.default.contents(atPath: path) else { return PlaceImporter.Summary() }
        return try await PlaceImporter.run(PlaceImportFile.read(data, format: .csv), source: "demo", on: app.db)
    }
}

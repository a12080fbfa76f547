import Vapor
import Fluent
import SQLKit
import EntraideCore

/// A large, plausible data set for `scripts/bench`: members, actions and events spread over
/// French cities, most actions of the past year already closed, events from three months
/// ago to three months ahead. Rows go in with multi-row INSERTs; it writes the feed's
/// tables and the members, nothing else (no memberships, no posts).
enum BenchData {
    struct Size {
        var members = 50_000
        var actions = 200_000
        var events = 20_000
        /// Members who get an API token, written to the tokens file for wrk (the first is a moderator).
        var tokens = 64
        /// Open cases in the moderation queue.
        var cases = 10_000
    }

    /// Cities and their weight; points fall around each centre (about 4 km standard deviation).
    static let cities: [(name: String, postalCode: String, lat: Double, lon: Double, weight: Double)] = [
        ("Paris", "75011", 48.8566, 2.3522, 35), ("Lyon", "69003", 45.7640, 4.8357, 12), ("Marseille", "13001", 43.2965, 5.3698, 12),
        ("Lille", "59000", 50.6292, 3.0573, 8), ("Nantes", "44000", 47.2184, -1.5536, 8), ("Toulouse", "31000", 43.6047, 1.4442, 8),
        ("Bordeaux", "33000", 44.8378, -0.5792, 8), ("Strasbourg", "67000", 48.5734, 7.7521, 5), ("Rennes", "35000", 48.1173, -1.6778, 4),
    ]

    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            // SplitMix64: reproducible data sets from one seed.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func city(_ random: inout Generator) -> (name: String, postalCode: String, lat: Double, lon: Double, weight: Double) {
        let total = cities.reduce(0) { $0 + $1.weight }
        var pick = Double.random(in: 0..<total, using: &random)
        for city in cities {
            if pick < city.weight { return city }
            pick -= city.weight
        }
        return cities[0]
    }

    static func point(near city: (name: String, postalCode: String, lat: Double, lon: Double, weight: Double), _ random: inout Generator) -> GeoPoint {
        // Box–Muller: a normal spread around the centre.
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &random), u2 = Double.random(in: 0..<1, using: &random)
        let radius = (-2 * log(u1)).squareRoot() * 4000
        return GeoPoint(lat: city.lat, lon: city.lon).moved(meters: radius, bearing: 2 * .pi * u2)
    }

    /// Inserts the data set and returns the API tokens created.
    static func seed(_ size: Size, on database: any Database, log: (String) -> Void) async throws -> [String] {
        var random = Generator(state: 20_261_127)
        let now = Date()
        let sql = database.sql

        log("members: \(size.members)")
        var members: [UUID] = []
        members.reserveCapacity(size.members)
        let firstNames = ["Marie", "Paul", "Ana", "Yacine", "Olena", "Mohamed", "Claire", "Thomas", "Emily", "Ahmad", "Sofia", "Lucas"]
        let goals = [Goal.offerHelp, .offerHelp, .offerHelp, .askForHelp, .askForHelp, .organisation]
        let memberColumns = ["id", "first_name", "last_name", "email", "goal", "language", "languages", "interests", "availability",
                             "postal_code", "city", "travel_distance_km", "gender", "created_at", "updated_at"]
        var rows: [[any SQLExpression]] = []
        for index in 0..<size.members {
            let id = UUID()
            members.append(id)
            let city = city(&random)
            let goal = goals[index % goals.count]
            let row: [any SQLExpression] = [
                SQLBind(id), SQLBind(firstNames[index % firstNames.count]), SQLBind("Bench\(index)"),
                SQLBind("bench\(index)@bench.entraide.example"), SQLBind(goal.rawValue), SQLBind("fr"), SQLBind(["fr"]),
                SQLBind([String]()), SQLBind([String]()), SQLBind(city.postalCode), SQLBind(city.name), SQLBind(10),
                SQLBind(index % 2 == 0 ? "woman" : "man"), SQLBind(now), SQLBind(now),
            ]
            rows.append(row)
            if rows.count == 500 || index == size.members - 1 {
                try await insertRows(into: User.schema, columns: memberColumns, rows, on: sql)
                rows.removeAll(keepingCapacity: true)
            }
        }

        log("actions: \(size.actions)")
        let kinds = ActionKind.allCases, categories = ActionCategory.allCases
        let actionColumns = ["id", "author_id", "kind", "category", "title", "description", "lat", "lon", "city", "postal_code",
                             "status", "moderation", "helper_count", "last_activity_at", "created_at", "updated_at", "cell"]
        for index in 0..<size.actions {
            let city = city(&random)
            let spot = point(near: city, &random)
            let blurred = LocationBlur.blur(spot, using: &random)
            // Created over the past year; those older than 60 days have closed.
            let age = Double.random(in: 0..<(365 * 86_400), using: &random)
            let created = now.addingTimeInterval(-age)
            let author = members[Int.random(in: 0..<members.count, using: &random)]
            let row: [any SQLExpression] = [
                SQLBind(UUID()), SQLBind(author), SQLBind(kinds[index % kinds.count].rawValue),
                SQLBind(categories[index % categories.count].rawValue), SQLBind("Demande \(index)"),
                SQLBind("Détails de la demande \(index)"), SQLBind(blurred.lat), SQLBind(blurred.lon), SQLBind(city.name),
                SQLBind(city.postalCode), SQLBind(age < 60 * 86_400 ? "open" : "closed"), SQLBind("visible"), SQLBind(0),
                SQLBind(created), SQLBind(created), SQLBind(created), SQLBind(FeedGrid.cell(blurred)),
            ]
            rows.append(row)
            if rows.count == 400 || index == size.actions - 1 {
                try await insertRows(into: HelpAction.schema, columns: actionColumns, rows, on: sql)
                rows.removeAll(keepingCapacity: true)
            }
        }

        log("events: \(size.events)")
        let eventColumns = ["id", "organiser_id", "title", "starts_at", "ends_at", "time_zone", "online", "online_url", "place_name",
                            "lat", "lon", "city", "postal_code", "capacity", "participant_count", "women_only", "reserved_goal",
                            "status", "moderation", "created_at", "updated_at", "cell"]
        let none = SQLLiteral.null
        for index in 0..<size.events {
            let city = city(&random)
            let place = point(near: city, &random)
            let online = index % 20 == 0
            // Created over the past four months, each for a day 1 to 30 days later: about one
            // in eight is still upcoming, and none was created in the future.
            let created = now.addingTimeInterval(-Double.random(in: 0..<(120 * 86_400), using: &random))
            let starts = created.addingTimeInterval(Double.random(in: 86_400...(30 * 86_400), using: &random))
            let organiser = members[Int.random(in: 0..<members.count, using: &random)]
            let link: any SQLExpression = online ? SQLBind("https://visio.example.org/\(index)") : none
            let placeName: any SQLExpression = online ? none : SQLBind("Café \(index)")
            let lat: any SQLExpression = online ? none : SQLBind(place.lat)
            let lon: any SQLExpression = online ? none : SQLBind(place.lon)
            let capacity: any SQLExpression = index % 3 == 0 ? SQLBind(12) : none
            let reserved: any SQLExpression = index % 25 == 0 ? SQLBind("ask_for_help") : none
            let cell: any SQLExpression = online ? none : SQLBind(FeedGrid.cell(place))
            let row: [any SQLExpression] = [
                SQLBind(UUID()), SQLBind(organiser), SQLBind("Sortie \(index)"), SQLBind(starts), SQLBind(starts.addingTimeInterval(7200)),
                SQLBind("Europe/Paris"), SQLBind(online), link, placeName, lat, lon, SQLBind(city.name), SQLBind(city.postalCode),
                capacity, SQLBind(0), SQLBind(index % 15 == 0), reserved, SQLBind("scheduled"), SQLBind("visible"),
                SQLBind(created), SQLBind(created), cell,
            ]
            rows.append(row)
            if rows.count == 300 || index == size.events - 1 {
                try await insertRows(into: Outing.schema, columns: eventColumns, rows, on: sql)
                rows.removeAll(keepingCapacity: true)
            }
        }

        log("tokens: \(size.tokens)")
        var tokens: [String] = []
        for index in 0..<min(size.tokens, members.count) {
            let user = User()
            user.id = members[index * (members.count / max(size.tokens, 1))]
            user.$id.exists = true
            let (secret, _) = try await SessionService.open(for: user, kind: .api, userAgent: "bench", on: database)
            tokens.append(secret)
        }
        try await seedCases(size.cases, moderator: members[0], on: database, random: &random, log: log)
        // Fresh statistics, as a database in service would have.
        try await sql.raw("ANALYZE").run()
        return tokens
    }

    /// A full moderation queue: texts held on publication and reports, over every city's
    /// zone, waiting from a few minutes to a month; the first bench member moderates.
    private static func seedCases(_ count: Int, moderator: UUID, on database: any Database, random: inout Generator,
                                  log: (String) -> Void) async throws {
        guard count > 0 else { return }
        log("moderation cases: \(count)")
        let sql = database.sql
        try await sql.insert(into: UserRole.schema).columns("id", "user_id", "role", "granted_by", "granted_at")
            .values(SQLBind(UUID()), SQLBind(moderator), SQLBind(StaffRole.moderator.rawValue), SQLBind("bench"), SQLBind(Date())).run()
        let subjects = try await sql.raw("SELECT id, author_id, postal_code FROM actions ORDER BY id LIMIT \(literal: count)").all()
        let columns = ["id", "source", "subject_type", "subject_id", "member_id", "reasons", "note", "zone", "status", "created_at"]
        var rows: [[any SQLExpression]] = []
        let now = Date()
        for (index, subject) in subjects.enumerated() {
            let report = index % 3 == 0
            let row: [any SQLExpression] = [
                SQLBind(UUID()), SQLBind(report ? "report" : "held"), SQLBind("action"), SQLBind(try subject.decode(column: "id", as: UUID.self)),
                SQLBind(try subject.decode(column: "author_id", as: UUID.self)),
                SQLBind(report ? "spam" : "safety.held.phone"), report ? SQLBind("Toujours le même message") : SQLLiteral.null,
                SQLBind(ModerationZone.of(postalCode: try subject.decode(column: "postal_code", as: String?.self))), SQLBind("open"),
                SQLBind(now.addingTimeInterval(-Double.random(in: 60...(30 * 86_400), using: &random))),
            ]
            rows.append(row)
            if rows.count == 500 || index == subjects.count - 1 {
                try await insertRows(into: ModerationCase.schema, columns: columns, rows, on: sql)
                rows.removeAll(keepingCapacity: true)
            }
        }
    }

    /// One multi-row INSERT.
    private static func insertRows(into table: String, columns: [String], _ rows: [[any SQLExpression]], on sql: any SQLDatabase) async throws {
        let insert = sql.insert(into: table).columns(columns)
        for row in rows { insert.values(row) }
        try await insert.run()
    }
}

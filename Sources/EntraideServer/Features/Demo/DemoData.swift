import Vapor
import Fluent
import EntraideCore

/// Realistic demo members in several cities, of every goal, and staff. Idempotent: a member
/// that already exists (same e-mail or phone) is left as it is.
enum DemoData {
    static let password = "entraide-demo"

    struct Member {
        let firstName: String
        let lastName: String
        let goal: Goal
        let email: String?
        let phone: String?
        let city: String
        let postalCode: String
        let language: Language
        let spoken: [String]
        let about: String?
        let interests: [Interest]
        let roles: [StaffRole]
        var gender: Gender? = nil
    }

    static let members: [Member] = [
        Member(firstName: "Camille", lastName: "Laurent", goal: .organisation, email: "admin@demo.entraide.example", phone: nil,
               city: "Paris", postalCode: "75011", language: .fr, spoken: ["fr", "en"], about: "Coordination nationale.", interests: [.volunteering], roles: [.admin], gender: .woman),
        Member(firstName: "Yacine", lastName: "Benali", goal: .offerHelp, email: "moderation@demo.entraide.example", phone: nil,
               city: "Lyon", postalCode: "69003", language: .fr, spoken: ["fr", "ar"], about: "Modération et bienveillance.", interests: [.conversation], roles: [.moderator]),
        Member(firstName: "Sophie", lastName: "Moreau", goal: .organisation, email: "animation.lille@demo.entraide.example", phone: nil,
               city: "Lille", postalCode: "59000", language: .fr, spoken: ["fr"], about: "J'anime les sorties à Lille.", interests: [.culture, .games], roles: [.animator], gender: .woman),
        Member(firstName: "Jean-Pierre", lastName: "Garnier", goal: .askForHelp, email: "comite@demo.entraide.example", phone: nil,
               city: "Paris", postalCode: "75018", language: .fr, spoken: ["fr"], about: "Membre du comité de la rue.", interests: [.music], roles: [.committee]),
        Member(firstName: "Marie", lastName: "Dupont", goal: .offerHelp, email: "marie@demo.entraide.example", phone: nil,
               city: "Paris", postalCode: "75011", language: .fr, spoken: ["fr", "es"], about: "Voisine, j'aime cuisiner et discuter.", interests: [.cooking, .conversation], roles: [], gender: .woman),
        Member(firstName: "Thomas", lastName: "Leroy", goal: .offerHelp, email: "thomas@demo.entraide.example", phone: nil,
               city: "Lyon", postalCode: "69007", language: .fr, spoken: ["fr", "en"], about: "Sportif, disponible le week-end.", interests: [.sport, .nature], roles: []),
        Member(firstName: "Emily", lastName: "Carter", goal: .offerHelp, email: "emily@demo.entraide.example", phone: nil,
               city: "Marseille", postalCode: "13001", language: .en, spoken: ["en", "fr"], about: "New in town, happy to help.", interests: [.culture], roles: [], gender: .woman),
        Member(firstName: "Ahmad", lastName: "Rahimi", goal: .askForHelp, email: nil, phone: "+33612345601",
               city: "Paris", postalCode: "75019", language: .fr, spoken: ["fa", "ps", "fr"], about: nil, interests: [.sport], roles: []),
        Member(firstName: "Olena", lastName: "Kovalenko", goal: .askForHelp, email: nil, phone: "+33612345602",
               city: "Lyon", postalCode: "69008", language: .en, spoken: ["uk", "en"], about: nil, interests: [.crafts], roles: [], gender: .woman),
        Member(firstName: "Mohamed", lastName: "Diallo", goal: .askForHelp, email: nil, phone: "+33612345603",
               city: "Marseille", postalCode: "13003", language: .fr, spoken: ["fr", "ff"], about: "J'aime le foot.", interests: [.sport], roles: []),
        Member(firstName: "Claire", lastName: "Fontaine", goal: .organisation, email: "association@demo.entraide.example", phone: nil,
               city: "Nantes", postalCode: "44000", language: .fr, spoken: ["fr"], about: "Association de maraudes nantaise.", interests: [.volunteering], roles: [], gender: .woman),
        // Newcomers in their first week, one per goal, to show the guided checklist on the home
        // page: Léa has not written about herself yet; Nadia lives where nothing happens yet
        // (the home page offers online events and the nearest active zone); Hugo's association
        // is not on Entraide yet.
        Member(firstName: "Léa", lastName: "Petit", goal: .offerHelp, email: "nouvelle.voisine@demo.entraide.example", phone: nil,
               city: "Paris", postalCode: "75011", language: .fr, spoken: ["fr"], about: nil, interests: [], roles: [], gender: .woman),
        Member(firstName: "Nadia", lastName: "Haddad", goal: .askForHelp, email: "premiers.pas@demo.entraide.example", phone: nil,
               city: "Guéret", postalCode: "23000", language: .fr, spoken: ["fr", "ar"], about: nil, interests: [.cooking], roles: [], gender: .woman),
        Member(firstName: "Hugo", lastName: "Girard", goal: .organisation, email: "nouvelle.association@demo.entraide.example", phone: nil,
               city: "Bordeaux", postalCode: "33000", language: .fr, spoken: ["fr"], about: "Bénévole d'une maraude bordelaise.", interests: [.volunteering], roles: []),
    ]

    /// Returns how many members were created (0 on a second run).
    @discardableResult
    static func seed(on database: any Database, hasher: AsyncPasswordHasher) async throws -> Int {
        var created = 0
        let hash = try await hasher.hash(password)
        for member in members {
            if let email = member.email, try await User.query(on: database).filter(\.$email == email).first() != nil { continue }
            if let phone = member.phone, try await User.query(on: database).filter(\.$phone == phone).first() != nil { continue }
            let user = User(firstName: member.firstName, lastName: member.lastName, goal: member.goal, language: member.language)
            user.email = member.email
            user.passwordHash = member.email == nil ? nil : hash
            user.phone = member.phone
            user.phoneVerifiedAt = member.phone == nil ? nil : Date()
            user.city = member.city
            user.postalCode = member.postalCode
            user.spokenLanguages = member.spoken
            user.about = member.about
            user.interests = member.interests.map(\.rawValue)
            user.gender = member.gender?.rawValue
            try await user.create(on: database)
            for role in member.roles { try await RoleService.grant(role, to: user, by: "demo seed", on: database) }
            created += 1
        }
        return created
    }
}

/// `entraide seed --demo`: fills the database with the demo members and says how to log in.
struct SeedCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "demo", help: "Add the demo members and their community (safe to run twice)")
        var demo: Bool

        @Flag(name: "bench", help: "Add a large data set for scripts/bench (members, actions, events)")
        var bench: Bool

        @Option(name: "members", help: "With --bench: how many members (default 50000)")
        var members: Int?

        @Option(name: "actions", help: "With --bench: how many actions (default 200000)")
        var actions: Int?

        @Option(name: "events", help: "With --bench: how many events (default 20000)")
        var events: Int?

        @Option(name: "tokens", help: "With --bench: write this many API tokens, one a line, to this file")
        var tokensFile: String?

        @Option(name: "cases", help: "With --bench: how many open moderation cases (default 10000); the first token moderates")
        var cases: Int?
    }

    let help = "Fill the database with demo data (--demo)"

    func run(using context: CommandContext, signature: Signature) async throws {
        if signature.bench {
            var size = BenchData.Size()
            if let members = signature.members { size.members = max(members, 1) }
            if let actions = signature.actions { size.actions = max(actions, 0) }
            if let events = signature.events { size.events = max(events, 0) }
            if let cases = signature.cases { size.cases = max(cases, 0) }
            let started = Date()
            let tokens = try await BenchData.seed(size, on: context.application.db) { context.console.print("seeding \($0)") }
            if let file = signature.tokensFile {
                try tokens.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
            }
            context.console.print("Bench data seeded in \(Int(Date().timeIntervalSince(started))) s.")
            return
        }
        guard signature.demo else {
            context.console.print("Nothing to do: use `entraide seed --demo` to add the demo members.")
            return
        }
        let app = context.application
        let hasher = app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.any())
        let created = try await DemoData.seed(on: app.db, hasher: hasher)
        context.console.print(created == 0 ? "Demo members already present." : "Added \(created) demo members.")
        let community = try await DemoCommunity.seed(on: app.db, live: app.live)
        context.console.print(community ? "Added their requests, offers, events, groups and a conversation." : "Demo community already present.")
        if try await DemoSMS.seed(on: app.db) { context.console.print("Members without e-mail use Entraide by SMS, registered by Claire F.") }
        if try await DemoRounds.seed(on: app.db, cipher: app.encounterNotes) {
            context.console.print("Claire F. runs the \"\(DemoRounds.name)\" association's outreach rounds, with Marie D. as a volunteer.")
        }
        let places = try await DemoPlaces.seed(app)
        if places.created > 0 { context.console.print("Added \(places.created) useful places (/services).") }
        let learning = try await LearningContent.load(app)
        if learning.journeysCreated > 0 { context.console.print("Added \(learning.journeysCreated) learning journeys (/learn).") }
        context.console.print("")
        context.console.print("Log in at http://localhost:8080/login with any of these e-mails and the password \"\(DemoData.password)\":")
        for member in DemoData.members {
            let role = member.roles.map(\.rawValue).joined(separator: ", ")
            let label = "\(member.firstName) \(member.lastName.prefix(1)). — \(member.goal.rawValue)\(role.isEmpty ? "" : ", " + role), \(member.city)"
            if let email = member.email { context.console.print("  \(email)  (\(label))") }
        }
        context.console.print("")
        context.console.print("Members without e-mail log in by SMS code at /login/sms; the code is in `entraide sms outbox`:")
        for member in DemoData.members where member.phone != nil {
            context.console.print("  \(member.phone!)  (\(member.firstName) \(member.lastName.prefix(1)). — \(member.goal.rawValue), \(member.city))")
        }
        context.console.print("")
        context.console.print("They also text commands; try the SMS channel without a provider:")
        context.console.print("  entraide sms receive +33612345601 \"SORTIES\"      (answers go to `entraide sms outbox`)")
    }
}

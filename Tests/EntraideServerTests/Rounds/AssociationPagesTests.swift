import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

/// The association's back-office on the web: the same rules as the API, through pages and a
/// session cookie.
@Suite struct AssociationPagesTests {
    /// A member who signed up on the web, added to the association with a role by its admin.
    static func webMember(_ app: Application, _ fixture: RoundsFixture, role: String, _ firstName: String, _ lastName: String) async throws -> (WebClient, UUID) {
        let client = try await WebClient.member(app, firstName, lastName)
        let user = try #require(try await User.query(on: app.db).filter(\.$lastName == lastName).first())
        let id = try user.requireID()
        try await app.ok(.POST, "\(fixture.base)/members", fixture.admin, json: ["userID": id.uuidString, "role": role])
        return (client, id)
    }

    static func home(_ fixture: RoundsFixture) -> String { "/rounds/organisations/\(fixture.organisationID)" }

    @Test func eachRoleSeesWhatItMayUseAndAnotherAssociationSeesNothing() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            let home = Self.home(fixture)
            let (admin, _) = try await Self.webMember(app, fixture, role: "admin", "Inès", "Lambert")
            let (volunteer, _) = try await Self.webMember(app, fixture, role: "volunteer", "Léa", "Moreau")

            let list = try await admin.get("/rounds")
            #expect(list.body.string.contains("href=\"\(home)\""))
            let adminHome = try await admin.get(home)
            #expect(adminHome.status == .ok)
            for link in ["statistics", "people", "members", "sectors", "report-form", "access-log"] {
                #expect(adminHome.body.string.contains("href=\"\(home)/\(link)\""), "admin home lacks \(link)")
            }
            let volunteerHome = try await volunteer.get(home)
            #expect(volunteerHome.status == .ok)
            #expect(!volunteerHome.body.string.contains("\(home)/access-log") && !volunteerHome.body.string.contains("\(home)/statistics"))
            #expect(try await volunteer.get("\(home)/access-log").status == .forbidden)
            #expect(try await volunteer.get("\(home)/statistics").status == .forbidden)
            #expect(try await volunteer.get("\(home)/statistics.csv").status == .forbidden)
            for page in ["statistics", "people", "members", "sectors", "report-form", "access-log"] {
                let res = try await admin.get("\(home)/\(page)")
                #expect(res.status == .ok, "\(page): \(res.status)")
                #expect(!res.body.string.contains("Fontaine") && !res.body.string.contains("Lambert"), "\(page) shows a family name")
            }
            let members = try await volunteer.get("\(home)/members")
            #expect(members.body.string.contains("Claire F.") && members.body.string.contains("Léa M."))
            #expect(!members.body.string.contains("action=\"\(home)/members\""), "a volunteer adds nobody")

            // A member of another association: "not found", as for an association that does not exist.
            let other = try await app.association("Solidarité Nord", adminName: "Hugo")
            let (stranger, _) = try await Self.webMember(app, other, role: "admin", "Marc", "Durand")
            #expect(try await stranger.get(Self.home(other)).status == .ok)
            for page in ["", "/statistics", "/statistics.csv", "/people", "/members", "/sectors", "/report-form", "/access-log"] {
                let res = try await stranger.get(home + page)
                #expect(res.status == .notFound && !res.body.string.contains("Maraude du Canal"), "\(page): \(res.status)")
            }
            let unknown = try await stranger.get("/rounds/organisations/\(UUID())/members")
            #expect(unknown.status == .notFound)
            #expect(try await WebClient(app).get(home).status == .seeOther)
        }
    }

    @Test func statisticsDownloadWithTheCookieHoldsCountsOnly() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            try await app.ok(.POST, "\(fixture.round)/encounters", fixture.admin, json: [
                "person": ["alias": "Jojo"], "notes": "Dort près de l'écluse", "needs": [["need": "blankets"]]])
            let (staff, _) = try await Self.webMember(app, fixture, role: "staff", "Inès", "Lambert")
            let home = Self.home(fixture)

            let page = try await staff.get("\(home)/statistics")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("<strong>1</strong> rencontres") && html.contains("type=\"date\""))
            #expect(html.contains("href=\"\(home)/statistics.csv\""))
            #expect(!html.contains("Jojo") && !html.contains("écluse"))

            let csv = try await staff.get("\(home)/statistics.csv")
            #expect(csv.status == .ok)
            #expect(csv.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            #expect(csv.headers.contentType?.subType == "csv")
            let body = csv.body.string
            #expect(body.contains("encounters,,1") && body.contains("distinct_people,,1") && body.contains("needs_pending,blankets,1"))
            #expect(!body.contains("Jojo") && !body.contains("écluse") && !body.contains("Claire") && !body.contains("Gare"))
            let api = try await app.send(.GET, "\(fixture.base)/statistics?format=csv", headers: fixture.admin.auth)
            // The same counts as the API's CSV (each ends its default period at its own "now").
            let counts = { (csv: String) in csv.split(separator: "\r\n").filter { !$0.hasPrefix("period_") } }
            #expect(counts(api.body.string) == counts(body), "the page's CSV is the API's")

            // A period that cannot be read comes back with what was typed and a translated error.
            let wrong = try await staff.get("\(home)/statistics?from=2026-02-30x&to=2026-01-01")
            #expect(wrong.status == .badRequest)
            #expect(wrong.body.string.contains("value=\"2026-02-30x\"") && wrong.body.string.contains("Période invalide"))
            #expect(wrong.body.string.contains("aria-invalid=\"true\""))
        }
    }

    @Test func membersAreAddedAndChangedAndTheLastAdminStays() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            let home = Self.home(fixture)
            let (admin, adminID) = try await Self.webMember(app, fixture, role: "admin", "Inès", "Lambert")
            let newcomer = try await app.signUp(firstName: "Yanis", lastName: "Bernard")

            let added = try await admin.submit("\(home)/members", to: "\(home)/members", fields: ["contact": newcomer.email, "role": "staff"])
            #expect(added.status == .seeOther)
            let row = try #require(try await OrganisationMember.query(on: app.db).filter(\.$user.$id == newcomer.id).first())
            #expect(row.role == "staff")
            let unknown = try await admin.submit("\(home)/members", to: "\(home)/members", fields: ["contact": "nobody@example.org", "role": "volunteer"])
            #expect(unknown.status == .notFound && unknown.body.string.contains("value=\"nobody@example.org\""))
            #expect(unknown.body.string.contains("Aucun membre d&#39;Entraide"))

            let changed = try await admin.submit("\(home)/members", to: "\(home)/members/\(newcomer.id)/role", fields: ["role": "volunteer"])
            #expect(changed.status == .seeOther)
            #expect(try await OrganisationMember.query(on: app.db).filter(\.$user.$id == newcomer.id).first()?.role == "volunteer")

            // Claire leaves the admin role; Inès, the last admin, cannot leave it too.
            try await app.ok(.PATCH, "\(fixture.base)/members/\(fixture.admin.id)", fixture.admin, json: ["role": "staff"])
            let last = try await admin.submit("\(home)/members", to: "\(home)/members/\(adminID)/remove", fields: [:])
            #expect(last.status == .conflict && last.body.string.contains("au moins un administrateur"))
            #expect(try await OrganisationMember.query(on: app.db).filter(\.$user.$id == adminID).first() != nil)
            let removed = try await admin.submit("\(home)/members", to: "\(home)/members/\(newcomer.id)/remove", fields: [:])
            #expect(removed.status == .seeOther)
            #expect(try await OrganisationMember.query(on: app.db).filter(\.$user.$id == newcomer.id).first() == nil)
        }
    }

    @Test func aSectorThatLooksLikeCoordinatesComesBackAsTyped() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            let home = Self.home(fixture)
            let (staff, _) = try await Self.webMember(app, fixture, role: "staff", "Inès", "Lambert")

            let refused = try await staff.submit("\(home)/sectors", to: "\(home)/sectors", fields: ["name": "Banc 48.8566, 2.3522"])
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains("value=\"Banc 48.8566, 2.3522\"") && html.contains("jamais des coordonnées") && html.contains("aria-invalid=\"true\""))
            #expect(try await RoundSector.query(on: app.db).filter(\.$name == "Banc 48.8566, 2.3522").count() == 0)

            let added = try await staff.submit("\(home)/sectors", to: "\(home)/sectors", fields: ["name": "Canal nord"])
            #expect(added.status == .seeOther)
            let list = try await staff.get("\(home)/sectors?added=1")
            #expect(list.body.string.contains("Canal nord") && list.body.string.contains("Gare de l&#39;Est"))
        }
    }

    @Test func theReportFormIsWrittenOnAPageAndARoundAnswersIt() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            let home = Self.home(fixture)
            let (admin, _) = try await Self.webMember(app, fixture, role: "admin", "Inès", "Lambert")

            // A choice with a single answer: refused, every row back as typed.
            let wrong = try await admin.submit("\(home)/report-form", to: "\(home)/report-form", fields: [
                "label_0": "Repas distribués", "kind_0": "number", "required_0": "yes",
                "label_1": "Météo", "kind_1": "choice", "choices_1": "Beau",
                "label_2": "", "kind_2": "text", "choices_2": ""])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("value=\"Repas distribués\"") && wrong.body.string.contains(">Beau</textarea>"))
            #expect(wrong.body.string.contains("de 2 à 20 réponses possibles"))
            let untouched = try await Organisation.find(fixture.organisationID, on: app.db)
            #expect(untouched?.reportForm == nil)

            let saved = try await admin.submit("\(home)/report-form", to: "\(home)/report-form", fields: [
                "label_0": "Repas distribués", "kind_0": "number", "required_0": "yes",
                "label_1": "Météo", "kind_1": "choice", "choices_1": "Beau\r\nPluie\r\n",
                "label_2": "", "kind_2": "text", "choices_2": ""])
            #expect(saved.status == .seeOther)
            let form = try await app.json(try await app.send(.GET, "\(fixture.base)/report-form", headers: fixture.admin.auth))
            let questions = try #require(form["questions"] as? [[String: Any]])
            #expect(questions.count == 2)
            #expect(questions.first?["label"] as? String == "Repas distribués" && questions.first?["kind"] as? String == "number")
            #expect(questions.first?["required"] as? Bool == true)
            #expect(questions.last?["choices"] as? [String] == ["Beau", "Pluie"])
            let editor = try await admin.get("\(home)/report-form?saved=1")
            #expect(editor.body.string.contains("value=\"Repas distribués\"") && editor.body.string.contains(">Beau\nPluie</textarea>"))
            // Saved again as shown, the questions keep their ids.
            let ids = questions.compactMap { $0["id"] as? String }
            #expect(editor.body.string.contains("name=\"id_0\" value=\"\(ids[0])\""))

            // The round's page links to its report; the team answers it there.
            let round = try await admin.get("/rounds/\(fixture.roundID)")
            #expect(round.body.string.contains("href=\"/rounds/\(fixture.roundID)/report\""))
            let notNumber = try await admin.submit("/rounds/\(fixture.roundID)/report", to: "/rounds/\(fixture.roundID)/report", fields: [
                "answer_\(ids[0])": "douze", "answer_\(ids[1])": "Pluie"])
            #expect(notNumber.status == .unprocessableEntity && notNumber.body.string.contains("value=\"douze\""))
            #expect(notNumber.body.string.contains("doit être un nombre"))
            let answered = try await admin.submit("/rounds/\(fixture.roundID)/report", to: "/rounds/\(fixture.roundID)/report", fields: [
                "answer_\(ids[0])": "12", "answer_\(ids[1])": "Pluie"])
            #expect(answered.status == .seeOther)
            let report = try await app.json(try await app.send(.GET, "\(fixture.round)/report", headers: fixture.admin.auth))
            #expect(report["answers"] as? [String: String] == [ids[0]: "12", ids[1]: "Pluie"])

            // Staff read the form; only admins write it.
            let (staff, _) = try await Self.webMember(app, fixture, role: "staff", "Yanis", "Bernard")
            let readOnly = try await staff.get("\(home)/report-form")
            #expect(readOnly.status == .ok && readOnly.body.string.contains("Repas distribués") && !readOnly.body.string.contains("name=\"label_0\""))
        }
    }

    @Test func readingTheFollowUpIsLoggedAndANeedIsMarkedMet() async throws {
        try await withEntraide { app in
            let fixture = try await app.association()
            let encounter = try await app.ok(.POST, "\(fixture.round)/encounters", fixture.admin, json: [
                "person": ["alias": "Jojo"], "needs": [["need": "shoes", "size": 43]], "engaged": true])
            let needID = try app.id(try #require((encounter["needs"] as? [[String: Any]])?.first))
            let home = Self.home(fixture)
            let (staff, _) = try await Self.webMember(app, fixture, role: "staff", "Inès", "Lambert")
            let (volunteer, _) = try await Self.webMember(app, fixture, role: "volunteer", "Léa", "Moreau")

            let before = try await EncounterAccess.query(on: app.db).filter(\.$action == "list_people").filter(\.$via == "web").count()
            let page = try await staff.get("\(home)/people")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Jojo") && page.body.string.contains("Chaussures (43)") && page.body.string.contains("accompagnée"))
            #expect(try await EncounterAccess.query(on: app.db).filter(\.$action == "list_people").filter(\.$via == "web").count() == before + 1)

            let log = try await staff.get("\(home)/access-log")
            #expect(log.status == .forbidden)
            try await app.ok(.PATCH, "\(fixture.base)/members/\(try #require(try await User.query(on: app.db).filter(\.$lastName == "Lambert").first()?.requireID()))",
                             fixture.admin, json: ["role": "admin"])
            let adminLog = try await staff.get("\(home)/access-log")
            #expect(adminLog.status == .ok && adminLog.body.string.contains("Inès L.") && adminLog.body.string.contains("a lu la liste des personnes suivies"))

            let refused = try await volunteer.submit("\(home)/people", to: "\(home)/needs/\(needID)/met", fields: [:])
            #expect(refused.status == .forbidden)
            let met = try await staff.submit("\(home)/people", to: "\(home)/needs/\(needID)/met", fields: [:])
            #expect(met.status == .seeOther)
            #expect(try await EncounterNeedRecord.find(needID, on: app.db)?.status == "met")
            let after = try await staff.get("\(home)/people?met=1")
            #expect(!after.body.string.contains("Chaussures (43)"))
        }
    }
}

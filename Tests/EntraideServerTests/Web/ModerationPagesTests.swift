import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer
import EntraideCore

/// The moderation back-office as moderators and admins use it in a browser.
@Suite struct ModerationPagesTests {
    static func staff(_ app: Application, _ firstName: String, _ role: StaffRole) async throws -> WebClient {
        let client = try await WebClient.member(app, firstName, "Garnier")
        let user = try #require(try await User.query(on: app.db).filter(\.$firstName == firstName).first())
        try await RoleService.grant(role, to: user, by: "test", on: app.db)
        return client
    }

    @Test func aModeratorDecidesFromTheQueuePage() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie", "Dupont")
            let id = try #require(try await app.createAction(by: marie, title: "Appelez-moi au 06 12 34 56 78")["id"].string)
            let moderator = try await Self.staff(app, "Inès", .moderator)
            let queue = try await moderator.get("/moderation")
            #expect(queue.status == .ok)
            let html = queue.body.string
            #expect(html.contains("href=\"/moderation\"") && !html.contains("href=\"/admin/moderation-log\""), "moderators find the queue in the menu")
            #expect(html.contains("Marie D.") && html.contains("numéro de téléphone") && !html.contains("Dupont"))
            #expect(try await moderator.get("/moderation?subjectType=event").body.string.contains("page.moderation.empty") == false)
            #expect(!(try await moderator.get("/moderation?subjectType=event").body.string.contains("Marie D.")), "filtered by content")
            #expect(try await moderator.get("/moderation?olderThanHours=abc").status == .badRequest)
            let caseID = try #require(try await ModerationCase.query(on: app.db).filter(\.$subjectID == UUID(uuidString: id)!).first()?.requireID())
            let page = try await moderator.get("/moderation/cases/\(caseID)")
            #expect(page.status == .ok && page.body.string.contains("Appelez-moi au 06 12 34 56 78"))
            // A decision without its reason is refused, with the form kept.
            let missing = try await moderator.submit("/moderation/cases/\(caseID)", to: "/moderation/cases/\(caseID)", fields: ["action": "hide"])
            #expect(missing.status == .unprocessableEntity && missing.body.string.contains("role=\"alert\""))
            let decided = try await moderator.submit("/moderation/cases/\(caseID)", to: "/moderation/cases/\(caseID)",
                                                     fields: ["action": "redact", "reason": "Pas de numéro en public", "remove": "06 12 34 56 78"])
            #expect(decided.status == .seeOther)
            let action = try #require(try await HelpAction.find(UUID(uuidString: id), on: app.db))
            #expect(action.title == "Appelez-moi au […]" && action.moderation == "visible")

            // The admin reads the log; an ordinary member reaches neither page.
            let admin = try await Self.staff(app, "Awa", .admin)
            let log = try await admin.get("/admin/moderation-log")
            #expect(log.status == .ok && log.body.string.contains("Pas de numéro en public") && log.body.string.contains("Inès G."))
            let member = try await WebClient.member(app, "Paul", "Roux")
            #expect(!(try await member.get("/feed").body.string.contains("href=\"/moderation\"")))
            #expect(try await member.get("/moderation").status == .forbidden)
            #expect(try await member.get("/admin/moderation-log").status == .forbidden)
        }
    }
}

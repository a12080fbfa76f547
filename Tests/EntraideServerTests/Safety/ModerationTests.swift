import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import SQLKit
@testable import EntraideServer
import EntraideCore

@Suite struct ModerationTests {
    @Test func membersReportWhatTheyCanSeeAndAreToldItWasReceived() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul")
            let eve = try await app.member("Eve")
            let moderator = try await app.staff("Inès", .moderator)
            let actionID = try #require(try await app.createAction(by: marie, title: "Vends des trucs")["id"].string)
            let res = try await app.send(.POST, "/api/v1/reports", json: ["subjectType": "action", "subjectID": actionID, "reason": "fraud",
                                                                          "message": "Ce n'est pas de l'entraide"], headers: paul.auth)
            #expect(res.status == .created)
            let receipt = try JSONBody(res)
            #expect(receipt["status"].string == "received" && receipt["message"].string?.contains("Merci") == true)
            let report = try #require(try await app.queue(moderator).first { $0["subjectID"].string == actionID })
            #expect(report["source"].string == "report" && report["note"].string == "Ce n'est pas de l'entraide")
            #expect(report["reasons"][0]["code"].string == "fraud" && report["excerpt"].string?.contains("Vends des trucs") == true)

            // Wrong inputs get stable codes.
            let badReason = try await app.send(.POST, "/api/v1/reports", json: ["subjectType": "action", "subjectID": actionID, "reason": "boring"], headers: paul.auth)
            #expect(badReason.status == .unprocessableEntity && errorCode(badReason) == "validation.choice_invalid")
            let unknown = try await app.send(.POST, "/api/v1/reports", json: ["subjectType": "action", "subjectID": UUID().uuidString, "reason": "spam"], headers: paul.auth)
            #expect(unknown.status == .notFound)
            let myself = try await app.send(.POST, "/api/v1/reports", json: ["subjectType": "member", "subjectID": paul.id.uuidString, "reason": "spam"], headers: paul.auth)
            #expect(errorCode(myself) == "report.self")

            // A private message: only its conversation's participants may report it, and only
            // then do moderators read it.
            let conversation = try JSONBody(try await app.send(.POST, "/api/v1/conversations", json: ["participantIDs": [marie.id.uuidString]], headers: paul.auth))
            let conversationID = try #require(conversation["id"].string)
            let message = try JSONBody(try await app.send(.POST, "/api/v1/conversations/\(conversationID)/messages",
                                                          json: ["body": "Envoie-moi 50 euros ou je dis où tu dors"], headers: marie.auth))
            let messageID = try #require(message["id"].string)
            #expect(try await app.send(.POST, "/api/v1/reports", json: ["subjectType": "message", "subjectID": messageID, "reason": "danger"], headers: eve.auth).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/reports", json: ["subjectType": "message", "subjectID": messageID, "reason": "danger"], headers: paul.auth).status == .created)
            let reported = try #require(try await app.queue(moderator, "?subjectType=message").first)
            #expect(reported["excerpt"].string == "Envoie-moi 50 euros ou je dis où tu dors")
            #expect(try await app.queue(moderator, "?subjectType=message&source=held").isEmpty)
        }
    }

    @Test func onlyModeratorsReadTheQueueAndOnlyAdminsTheLog() async throws {
        try await withEntraide { app in
            let paul = try await app.member("Paul")
            let moderator = try await app.staff("Inès", .moderator)
            #expect(try await app.send(.GET, "/api/v1/moderation/queue", headers: paul.auth).status == .forbidden)
            #expect(try await app.send(.GET, "/api/v1/admin/moderation-log", headers: moderator.auth).status == .forbidden)
            #expect(try await app.send(.GET, "/api/v1/moderation/queue").status == .unauthorized)
            let bad = try await app.send(.GET, "/api/v1/moderation/queue?source=nope", headers: moderator.auth)
            #expect(errorCode(bad) == "validation.choice_invalid")
            let badCursor = try await app.send(.GET, "/api/v1/moderation/queue?cursor=xyz", headers: moderator.auth)
            #expect(errorCode(badCursor) == "paging.invalid_cursor")
        }
    }

    @Test func theQueueShowsTheModeratorsZoneFirstAndPagesWithoutRepeats() async throws {
        try await withEntraide { app in
            let lyon = try await app.member("Léa", postalCode: "69007")
            let paris = try await app.member("Marie")
            let moderator = try await app.staff("Inès", .moderator, postalCode: "69003")
            for index in 0..<3 { try await app.createAction(by: paris, title: "Appelez le 06 11 22 33 4\(index)") }
            for index in 0..<3 { try await app.createAction(by: lyon, title: "Appelez le 07 11 22 33 4\(index)") }
            let first = try JSONBody(try await app.send(.GET, "/api/v1/moderation/queue?limit=4", headers: moderator.auth))
            let zones = first["items"].array.compactMap { $0["zone"].string }
            #expect(zones == ["69", "69", "69", "75"])
            let cursor = try #require(first["nextCursor"].string)
            let second = try JSONBody(try await app.send(.GET, "/api/v1/moderation/queue?limit=4&cursor=\(cursor)", headers: moderator.auth))
            let ids = (first["items"].array + second["items"].array).compactMap { $0["id"].string }
            #expect(ids.count == 6 && Set(ids).count == 6 && second["nextCursor"].isNull)
            #expect(try await app.queue(moderator, "?zone=75").count == 3)
        }
    }

    @Test func aHiddenTextCanBeAppealedOnceAndAnotherModeratorDecides() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie", "Dupont")
            let paul = try await app.member("Paul")
            let ines = try await app.staff("Inès", .moderator)
            let omar = try await app.staff("Omar", .moderator)
            let actionID = try #require(try await app.createAction(by: marie, title: "Cours de cuisine")["id"].string)
            _ = try await app.send(.POST, "/api/v1/reports", json: ["subjectType": "action", "subjectID": actionID, "reason": "spam"], headers: paul.auth)
            let caseID = try #require(try await app.queue(ines).first?["id"].string)
            let missingReason = try await app.send(.POST, "/api/v1/moderation/cases/\(caseID)/decision", json: ["action": "hide"], headers: ines.auth)
            #expect(errorCode(missingReason) == "validation.required")
            let decided = try await app.send(.POST, "/api/v1/moderation/cases/\(caseID)/decision",
                                             json: ["action": "hide", "reason": "Publicité répétée"], headers: ines.auth)
            #expect(decided.status == .ok)
            let decisionID = try #require(try JSONBody(decided)["id"].string)
            #expect(try await app.send(.GET, "/api/v1/actions/\(actionID)", headers: paul.auth).status == .notFound)
            let again = try await app.send(.POST, "/api/v1/moderation/cases/\(caseID)/decision", json: ["action": "hide", "reason": "x"], headers: ines.auth)
            #expect(errorCode(again) == "moderation.case_closed")

            // Marie is told, in her language, what happened and why.
            let notices = try JSONBody(try await app.send(.GET, "/api/v1/notifications", headers: marie.auth))
            let notice = try #require(notices["items"].array.first { $0["kind"].string == "moderation" })
            #expect(notice["text"].string == "Un de vos contenus a été masqué par la modération : Publicité répétée")

            // One appeal, decided by someone else.
            #expect(try await app.send(.POST, "/api/v1/moderation/decisions/\(decisionID)/appeal", json: ["message": "C'est gratuit"], headers: paul.auth).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/moderation/decisions/\(decisionID)/appeal", json: ["message": "C'est gratuit"], headers: marie.auth).status == .created)
            let twice = try await app.send(.POST, "/api/v1/moderation/decisions/\(decisionID)/appeal", json: ["message": "Encore"], headers: marie.auth)
            #expect(twice.status == .conflict && errorCode(twice) == "moderation.already_appealed")
            let appeal = try #require(try await app.queue(ines, "?source=appeal").first)
            let appealID = try #require(appeal["id"].string)
            let same = try await app.send(.POST, "/api/v1/moderation/cases/\(appealID)/decision", json: ["action": "uphold", "reason": "Non"], headers: ines.auth)
            #expect(same.status == .forbidden && errorCode(same) == "moderation.appeal_same_moderator")
            let wrong = try await app.send(.POST, "/api/v1/moderation/cases/\(appealID)/decision", json: ["action": "hide", "reason": "Non"], headers: omar.auth)
            #expect(errorCode(wrong) == "moderation.appeal_action")
            let overturned = try await app.send(.POST, "/api/v1/moderation/cases/\(appealID)/decision",
                                                json: ["action": "overturn", "reason": "Atelier gratuit, ce n'est pas de la pub"], headers: omar.auth)
            #expect(overturned.status == .ok)
            #expect(try await app.send(.GET, "/api/v1/actions/\(actionID)", headers: paul.auth).status == .ok)

            // The audit log keeps both decisions, with display names only.
            let admin = try await app.staff("Awa", .admin)
            let log = try JSONBody(try await app.send(.GET, "/api/v1/admin/moderation-log", headers: admin.auth))
            #expect(log["items"].array.compactMap { $0["action"].string } == ["overturn", "hide"])
            #expect(log["items"][1]["member"]["displayName"].string == "Marie D." && log["items"][1]["appealedAt"].string != nil)
            let csv = try await app.send(.GET, "/api/v1/admin/moderation-log?format=csv", headers: admin.auth)
            #expect(csv.headers.contentType?.subType == "csv")
            let lines = csv.body.string.split(separator: "\r\n")
            #expect(lines.count == 3 && lines[0].hasPrefix("date,moderator,action"))
            #expect(lines[1].contains(",hide,") && lines[1].contains("Marie D.") && !csv.body.string.contains("Dupont"))
        }
    }

    @Test func aSuspendedMemberCannotLogInOrPostAndTheirActionsClose() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul")
            let moderator = try await app.staff("Inès", .moderator)
            let actionID = try #require(try await app.createAction(by: marie, title: "Cherche un vélo")["id"].string)
            _ = try await app.send(.POST, "/api/v1/reports", json: ["subjectType": "member", "subjectID": marie.id.uuidString, "reason": "insult"], headers: paul.auth)
            let caseID = try #require(try await app.queue(moderator).first?["id"].string)
            let tooLong = try await app.send(.POST, "/api/v1/moderation/cases/\(caseID)/decision", json: ["action": "suspend", "reason": "Insultes", "days": 400], headers: moderator.auth)
            #expect(errorCode(tooLong) == "moderation.days_invalid")
            let suspended = try await app.send(.POST, "/api/v1/moderation/cases/\(caseID)/decision", json: ["action": "suspend", "reason": "Insultes", "days": 7], headers: moderator.auth)
            #expect(suspended.status == .ok)
            #expect(try await app.send(.GET, "/api/v1/me", headers: marie.auth).status == .unauthorized)
            let login = try await app.send(.POST, "/api/v1/auth/login", json: ["email": marie.email, "password": "correct horse"])
            #expect(login.status == .forbidden && errorCode(login) == "account.suspended")
            let action = try JSONBody(try await app.send(.GET, "/api/v1/actions/\(actionID)", headers: paul.auth))
            #expect(action["status"].string == "closed")
            #expect(try JSONBody(login)["error"]["message"].string?.contains("Insultes") == true, "told why")

            // She cannot log in, but she can appeal once by proving who she is.
            let wrong = try await app.send(.POST, "/api/v1/moderation/appeals", json: ["email": marie.email, "password": "not hers", "message": "Pardon"])
            #expect(wrong.status == .unauthorized)
            let appealed = try await app.send(.POST, "/api/v1/moderation/appeals", json: ["email": marie.email, "password": "correct horse", "message": "Je m'excuse"])
            #expect(appealed.status == .created)
            let twice = try await app.send(.POST, "/api/v1/moderation/appeals", json: ["email": marie.email, "password": "correct horse", "message": "Encore"])
            #expect(errorCode(twice) == "moderation.already_appealed")
            let notSanctioned = try await app.send(.POST, "/api/v1/moderation/appeals", json: ["email": paul.email, "password": "correct horse"])
            #expect(errorCode(notSanctioned) == "moderation.not_sanctioned")
            let appeal = try #require(try await app.queue(moderator, "?source=appeal").first)
            #expect(appeal["note"].string == "Je m'excuse" && appeal["reasons"][0]["code"].string == "suspend")
        }
    }

    @Test func theSameMessageSentToManyIsFlaggedAndSlowedDown() async throws {
        try await withEntraide { app in
            let paul = try await app.member("Paul")
            let moderator = try await app.staff("Inès", .moderator)
            var statuses: [HTTPStatus] = []
            for (index, name) in ["Anna", "Bruno", "Chloé", "David"].enumerated() {
                let other = try await app.member(name)
                let conversation = try JSONBody(try await app.send(.POST, "/api/v1/conversations", json: ["participantIDs": [other.id.uuidString]], headers: paul.auth))
                let id = try #require(conversation["id"].string)
                // Near-identical: only the greeting changes.
                let res = try await app.send(.POST, "/api/v1/conversations/\(id)/messages",
                                             json: ["body": "Salut \(name), gagnez 500 euros par semaine depuis chez vous, écrivez-moi vite ! (\(index))"], headers: paul.auth)
                statuses.append(res.status)
            }
            #expect(statuses == [.created, .created, .created, .tooManyRequests])
            let flagged = try await app.queue(moderator, "?source=flagged")
            #expect(flagged.count == 1 && flagged.first?["subjectID"].string == paul.id.uuidString)
            // Different messages are not spam.
            let anna = try await app.member("Eva")
            let conversation = try JSONBody(try await app.send(.POST, "/api/v1/conversations", json: ["participantIDs": [paul.id.uuidString]], headers: anna.auth))
            let id = try #require(conversation["id"].string)
            for text in ["Bonjour Paul", "Tu viens samedi ?", "Super, à samedi"] {
                #expect(try await app.send(.POST, "/api/v1/conversations/\(id)/messages", json: ["body": text], headers: anna.auth).status == .created)
            }
        }
    }

    @Test func aModeratorRedactsTheLocatingWordsAndTheRestIsPublished() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let paul = try await app.member("Paul")
            let moderator = try await app.staff("Inès", .moderator)
            let group = try await app.createGroup(by: marie, name: "Jardin")
            let groupID = try #require(group["id"].string)
            let post = try JSONBody(try await app.send(.POST, "/api/v1/groups/\(groupID)/posts",
                                                       json: ["body": "Atelier samedi, infos au 06 12 34 56 78, venez nombreux"], headers: marie.auth))
            let postID = try #require(post["id"].string)
            let caseID = try #require(try await app.queue(moderator, "?source=held").first { $0["subjectID"].string == postID }?["id"].string)
            let missing = try await app.send(.POST, "/api/v1/moderation/cases/\(caseID)/decision",
                                             json: ["action": "redact", "reason": "Numéro", "remove": "07 00 00 00 00"], headers: moderator.auth)
            #expect(errorCode(missing) == "moderation.redact_not_found")
            let redacted = try await app.send(.POST, "/api/v1/moderation/cases/\(caseID)/decision",
                                              json: ["action": "redact", "reason": "Pas de numéro en public", "remove": "06 12 34 56 78"], headers: moderator.auth)
            #expect(redacted.status == .ok)
            let seen = try JSONBody(try await app.send(.GET, "/api/v1/posts/\(postID)", headers: paul.auth))
            #expect(seen["body"].string == "Atelier samedi, infos au […], venez nombreux")
        }
    }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

/// The community pages, driven like a browser: forms with their CSRF token, redirects after
/// each POST, and what each member may read on the page that follows.
@Suite struct CommunityPagesTests {
    // MARK: Actions

    @Test func anActionPublishedByFormIsListedWithItsCityButNeverItsPoint() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let published = try await marie.submit("/actions/new", to: "/actions", fields: [
                "kind": "request", "category": "equipment", "title": "Un sac de couchage pour cet hiver",
                "description": "Le mien est trempé.", "postalCode": "75011", "city": "Paris", "lat": "48,85661", "lon": "2.35222"])
            #expect(published.status == .seeOther)
            let location = try #require(published.headers.first(name: .location))
            #expect(location.hasPrefix("/actions/"))
            let stored = try #require(try await HelpAction.query(on: app.db).first())

            let list = try await marie.get("/actions").body.string
            #expect(list.contains("Un sac de couchage pour cet hiver"))
            #expect(list.contains("Paris (75011)"))

            let karim = try await WebClient.member(app, "Karim", "Benaissa")
            for reader in [marie, karim] {
                let detail = try await reader.get(location)
                #expect(detail.status == .ok)
                let html = detail.body.string
                #expect(html.contains("Un sac de couchage pour cet hiver") && html.contains("Paris (75011)"))
                for coordinate in ["48,85661", "48.85661", "2.35222", "48.85", "2.35", String(stored.lat), String(stored.lon)] {
                    #expect(!html.contains(coordinate), "\(coordinate) is in the page")
                }
            }
            #expect(try await karim.get(location).body.string.contains("Marie D."))
        }
    }

    @Test func aFailedActionFormKeepsWhatWasTypedAndShowsTheErrorOnItsField() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let fields = ["kind": "offer", "category": "food", "title": "Soupe chaude le dimanche",
                          "description": "Je cuisine pour six.", "postalCode": "69001", "city": "Lyon", "lat": "nord", "lon": "4.83"]
            let refused = try await marie.submit("/actions/new", to: "/actions", fields: fields)
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains("value=\"Soupe chaude le dimanche\"") && html.contains("Je cuisine pour six.") && html.contains("value=\"nord\""))
            #expect(html.contains("Cette valeur n&#39;a pas le bon format."))
            #expect(WebClient.csrf(in: html) != nil, "the form shown again can be sent again")

            var short = fields
            short["title"] = "Hé"
            short["lat"] = "45.76"
            let tooShort = try await marie.submit("/actions/new", to: "/actions", fields: short)
            #expect(tooShort.status == .unprocessableEntity)
            #expect(tooShort.body.string.contains("value=\"Hé\"") && tooShort.body.string.contains("aria-invalid=\"true\""))
            #expect(try await HelpAction.query(on: app.db).count() == 0)
        }
    }

    @Test func theAuthorClosesAnActionWithItsOutcome() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let location = try await marie.publishAction("Des chaussures en 43")
            let missing = try await marie.submit(location, to: location + "/close", fields: ["message": "Merci à tous"])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.string.contains("Merci à tous") && missing.body.string.contains("Ce champ est obligatoire."))

            let closed = try await marie.submit(location, to: location + "/close", fields: ["helped": "yes", "message": "Merci à tous"])
            #expect(closed.status == .seeOther)
            let page = try await marie.get(location).body.string
            #expect(page.contains("L’entraide a eu lieu.") && !page.contains("/close\""))
            #expect(try await HelpAction.query(on: app.db).first()?.outcomeHelped == true)
        }
    }

    @Test func onlyTheAuthorEditsAnActionAndAnEmptyPointKeepsTheStoredOne() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let karim = try await WebClient.member(app, "Karim", "Benaissa")
            let action = try await marie.publishAction("Des chaussures en 43")
            let before = try #require(try await HelpAction.query(on: app.db).first())
            let form = try await marie.get(action + "/edit").body.string
            #expect(form.contains("value=\"Des chaussures en 43\"") && !form.contains(String(before.lat)))

            let edited = try await marie.submit(action + "/edit", to: action + "/edit", fields: [
                "kind": "request", "category": "clothes", "title": "Des chaussures en 44", "description": "",
                "postalCode": "75011", "city": "Paris", "lat": "", "lon": ""])
            #expect(edited.status == .seeOther)
            let after = try #require(try await HelpAction.query(on: app.db).first())
            #expect(after.title == "Des chaussures en 44" && after.category == "clothes")
            #expect(after.lat == before.lat && after.lon == before.lon)

            #expect(try await karim.get(action + "/edit").status == .forbidden)
            let csrf = try #require(WebClient.csrf(in: try await karim.get(action).body.string))
            #expect(try await karim.post(action + "/edit", form: ["csrf": csrf, "title": "Volé"]).status == .forbidden)
            #expect(try await HelpAction.query(on: app.db).first()?.title == "Des chaussures en 44")
        }
    }

    // MARK: Conversations

    @Test func joiningAnActionLeadsToAConversationWhereAFormMessageReachesTheAuthor() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let karim = try await WebClient.member(app, "Karim", "Benaissa")
            let action = try await marie.publishAction("Un café et une discussion")

            let joined = try await karim.submit(action, to: action + "/join", fields: [:])
            #expect(joined.status == .seeOther)
            let conversation = try #require(joined.headers.first(name: .location))
            #expect(conversation.hasPrefix("/conversations/"))
            #expect(try await karim.get(action).body.string.contains("Vous avez proposé votre aide."))

            let empty = try await karim.submit(conversation, to: conversation + "/messages", fields: ["body": "   "])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("Ce champ est obligatoire."))

            let sent = try await karim.submit(conversation, to: conversation + "/messages", fields: ["body": "Bonjour, je passe demain <b>vers 10 h</b>"])
            #expect(sent.status == .seeOther)
            #expect(sent.headers.first(name: .location)?.hasPrefix(conversation) == true)

            let inbox = try await marie.get("/conversations").body.string
            #expect(inbox.contains("Karim B.") && inbox.contains("1 non lus"))
            let page = try await marie.get(conversation)
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Bonjour, je passe demain &lt;b&gt;vers 10 h&lt;/b&gt;"), "a message is text, never markup")
            #expect(html.contains("Karim B.") && !html.contains("Benaissa"))
            // Seen once, it is no longer unread.
            let after = try await marie.get("/conversations").body.string
            #expect(!after.contains("non lus"), "\(after)")
        }
    }

    @Test func someoneOutsideAConversationGetsNotFound() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let karim = try await WebClient.member(app, "Karim", "Benaissa")
            let zoe = try await WebClient.member(app, "Zoe", "Lefebvre")
            let action = try await marie.publishAction("Un café et une discussion")
            let conversation = try #require(try await karim.submit(action, to: action + "/join", fields: [:]).headers.first(name: .location))

            #expect(try await zoe.get(conversation).status == .notFound)
            let csrf = try #require(WebClient.csrf(in: try await zoe.get("/conversations").body.string))
            #expect(try await zoe.post(conversation + "/messages", form: ["csrf": csrf, "body": "Coucou"]).status == .notFound)
            #expect(try await Message.query(on: app.db).count() == 0)
            #expect(try await zoe.get("/conversations/not-a-uuid").status == .notFound)
        }
    }

    @Test func theConversationPageLoadsItsOnlyScriptFromThisServer() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let karim = try await WebClient.member(app, "Karim", "Benaissa")
            let action = try await marie.publishAction("Un café et une discussion")
            let conversation = try #require(try await karim.submit(action, to: action + "/join", fields: [:]).headers.first(name: .location))
            let html = try await karim.get(conversation).body.string
            // Live messages come with the app's one script (Public/app.js), which does the offline part too.
            let script = try #require(html.firstMatch(of: /<script src="(\/static\/app\.[0-9a-f]{10}\.js)" defer id="app-js"/)).1
            #expect(html.components(separatedBy: "<script").count == 2, "one script, and no inline one")
            let served = try await app.send(.GET, String(script))
            #expect(served.status == .ok)
            #expect(served.body.readableBytes < 8192)
            #expect(!served.body.string.contains("innerHTML"))
        }
    }

    // MARK: Events

    @Test func anEventShowsItsTimesOnItsOwnClockAndFirstNamesToOthers() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let karim = try await WebClient.member(app, "Karim", "Benaissa")
            let zoe = try await WebClient.member(app, "Zoe", "Lefebvre")
            let created = try await marie.submit("/events/new", to: "/events", fields: [
                "title": "Café du mercredi", "description": "On se retrouve au comptoir.",
                "startsAt": "2030-06-12T18:30", "endsAt": "2030-06-12T20:00", "timeZone": "America/Cayenne",
                "placeName": "Café des Halles", "address": "1 place des Halles", "postalCode": "97300", "city": "Cayenne",
                "lat": "4.93", "lon": "-52.33", "capacity": "10"])
            #expect(created.status == .seeOther)
            let event = try #require(created.headers.first(name: .location))
            let stored = try #require(try await Outing.query(on: app.db).first())
            // 18:30 in Cayenne (UTC−3) is 21:30 UTC.
            #expect(stored.startsAt == Date(timeIntervalSince1970: 1_907_530_200))

            let joined = try await karim.submit(event, to: event + "/participate", fields: [:])
            #expect(joined.status == .seeOther)

            let seen = try await zoe.get(event).body.string
            #expect(seen.contains("18:30") && seen.contains("20:00") && seen.contains("America/Cayenne"))
            #expect(!seen.contains("21:30") && !seen.contains("23:30"))
            #expect(seen.contains("Viennent : Karim"))
            #expect(!seen.contains("Karim B.") && !seen.contains("Benaissa"))
            #expect(seen.contains("1 sur 10 places"))

            let organiser = try await marie.get(event).body.string
            #expect(organiser.contains("Karim B.") && !organiser.contains("Benaissa"))

            let withdrawn = try await karim.submit(event, to: event + "/withdraw", fields: [:])
            #expect(withdrawn.status == .seeOther)
            #expect(try await zoe.get(event).body.string.contains("0 sur 10 places"))
        }
    }

    @Test func aFullEventSaysSoInsteadOfOfferingAPlace() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let karim = try await WebClient.member(app, "Karim", "Benaissa")
            let zoe = try await WebClient.member(app, "Zoe", "Lefebvre")
            let event = try await marie.publishEvent(capacity: "1")
            #expect(try await karim.submit(event, to: event + "/participate", fields: [:]).status == .seeOther)
            let page = try await zoe.get(event).body.string
            #expect(page.contains("Cette sortie est complète.") && !page.contains("/participate"))
            let csrf = try #require(WebClient.csrf(in: page))
            let refused = try await zoe.post(event + "/participate", form: ["csrf": csrf])
            #expect(refused.status == .conflict)
            #expect(refused.body.string.contains("Cette sortie est complète."))
        }
    }

    @Test func theOrganiserCancelsAnEventAndItsParticipantsAreTold() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let karim = try await WebClient.member(app, "Karim", "Benaissa")
            let event = try await marie.publishEvent()
            _ = try await karim.submit(event, to: event + "/participate", fields: [:])
            let csrf = try #require(WebClient.csrf(in: try await karim.get(event).body.string))
            #expect(try await karim.post(event + "/cancel", form: ["csrf": csrf]).status == .forbidden)

            let cancelled = try await marie.submit(event, to: event + "/cancel", fields: [:])
            #expect(cancelled.status == .seeOther)
            let page = try await karim.get(event).body.string
            #expect(page.contains("Cette sortie est annulée.") && !page.contains("/withdraw"))
            #expect(try await karim.get("/notifications").body.string.contains("« Pique-nique au parc » est annulée."))
        }
    }

    @Test func aFailedEventFormKeepsWhatWasTyped() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let refused = try await marie.submit("/events/new", to: "/events", fields: [
                "title": "Marche au bord du canal", "startsAt": "2030-06-12T18:30", "endsAt": "2030-06-12T17:00",
                "timeZone": "Europe/Paris", "placeName": "Écluse du Temple", "lat": "48.87", "lon": "2.36",
                "recurrenceFrequency": "weekly", "recurrenceCount": "4"])
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains("La fin doit venir après le début."))
            #expect(html.contains("value=\"Marche au bord du canal\"") && html.contains("value=\"2030-06-12T17:00\""))
            #expect(html.contains("value=\"weekly\" selected") && html.contains("value=\"4\""))

            let badCount = try await marie.submit("/events/new", to: "/events", fields: [
                "title": "Marche au bord du canal", "startsAt": "2030-06-12T18:30", "endsAt": "2030-06-12T19:30",
                "timeZone": "Europe/Paris", "placeName": "Écluse du Temple", "lat": "48.87", "lon": "2.36",
                "recurrenceFrequency": "weekly", "recurrenceCount": "99"])
            #expect(badCount.status == .unprocessableEntity)
            #expect(badCount.body.string.contains("Choisissez une valeur entre 1 et 52."))

            let badDate = try await marie.submit("/events/new", to: "/events", fields: [
                "title": "Marche au bord du canal", "startsAt": "2030-02-31T18:30", "endsAt": "2030-03-01T19:30",
                "timeZone": "Europe/Paris", "placeName": "Écluse du Temple", "lat": "48.87", "lon": "2.36"])
            #expect(badDate.status == .unprocessableEntity)
            #expect(badDate.body.string.contains("value=\"2030-02-31T18:30\""))
            #expect(try await Outing.query(on: app.db).count() == 0)
        }
    }

    @Test func theWomenOnlyChoiceIsOfferedToWomenOnly() async throws {
        try await withEntraide { app in
            let zoe = try await WebClient.member(app, "Zoe", "Lefebvre")
            let karim = try await WebClient.member(app, "Karim", "Benaissa")
            let user = try #require(try await User.query(on: app.db).filter(\.$firstName == "Zoe").first())
            user.gender = "woman"
            try await user.save(on: app.db)
            #expect(try await zoe.get("/events/new").body.string.contains("name=\"womenOnly\""))
            #expect(!(try await karim.get("/events/new").body.string.contains("name=\"womenOnly\"")))

            let event = try await zoe.publishEvent(extra: ["womenOnly": "1"])
            #expect(try await zoe.get(event).body.string.contains("Entre femmes"))
            #expect(try await karim.get(event).status == .notFound)
        }
    }

    // MARK: Notifications

    @Test func notificationsAreWrittenInTheReadersLanguageAndLeadToTheirSubject() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let karim = try await WebClient.member(app, "Karim", "Benaissa")
            let action = try await marie.publishAction("Un café et une discussion")
            _ = try await karim.submit(action, to: action + "/join", fields: [:])

            let list = try await marie.get("/notifications").body.string
            #expect(list.contains("Karim B. a rejoint « Un café et une discussion »."))
            #expect(list.contains("href=\"\(action)\""))
            #expect(list.contains("/notifications/read"))

            _ = try await marie.get("/notifications?lang=en")
            let english = try await marie.get("/notifications").body.string
            #expect(english.contains("Mark all as read"))

            let read = try await marie.submit("/notifications", to: "/notifications/read", fields: [:])
            #expect(read.status == .seeOther)
            #expect(try await MemberNotification.query(on: app.db).filter(\.$readAt == nil).count() == 0)
        }
    }

    @Test func notificationPreferencesFollowTheCheckboxes() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let form = try await marie.get("/notifications/preferences").body.string
            // Every kind but moderation notices, which always reach the member.
            #expect(form.components(separatedBy: "name=\"kinds[]\"").count - 1 == MemberNotification.Kind.allCases.count - 1)
            #expect(!form.contains("value=\"moderation\""))
            let saved = try await marie.submit("/notifications/preferences", to: "/notifications/preferences", fields: ["kinds[]": "event_reminder"])
            #expect(saved.status == .seeOther)
            let user = try #require(try await User.query(on: app.db).first())
            let stored = try await NotificationService.preferences(for: user.requireID(), on: app.db)
            #expect(stored["event_reminder"] == true && stored["message"] == false && stored["new_member"] == false)
            let shown = try await marie.get("/notifications/preferences?saved=1").body.string
            #expect(shown.contains("value=\"event_reminder\" checked") && !shown.contains("value=\"message\" checked"))
        }
    }

    // MARK: Groups

    @Test func aPrivateGroupShowsItsPostsToMembersOnly() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let karim = try await WebClient.member(app, "Karim", "Benaissa")
            let group = try await marie.publishGroup("Voisins de la Roquette", visibility: "private")
            let posted = try await marie.submit(group, to: group + "/posts", fields: [
                "body": "Quel soir pour la soupe partagée ?", "poll": "Mardi\nJeudi\n"])
            #expect(posted.status == .seeOther)
            let post = "/posts/" + (try #require(try await GroupPost.query(on: app.db).first()).requireID().uuidString)

            let outside = try await karim.get(group).body.string
            #expect(outside.contains("Voisins de la Roquette") && outside.contains("Demander à rejoindre"))
            for secret in ["Quel soir pour la soupe", "Bienvenue parmi nous", "Pas de numéro en public"] {
                #expect(!outside.contains(secret), "a non-member reads \(secret)")
            }
            #expect(try await karim.get(post).status == .notFound)

            #expect(try await karim.submit(group, to: group + "/join", fields: [:]).status == .seeOther)
            #expect(try await karim.get(group).body.string.contains("Votre demande attend la réponse d’un animateur."))
            let organiser = try await marie.get(group).body.string
            #expect(organiser.contains("Karim B.") && !organiser.contains("Benaissa"))
            let karimID = try #require(try await User.query(on: app.db).filter(\.$firstName == "Karim").first()).requireID()
            #expect(try await marie.submit(group, to: "\(group)/members/\(karimID)/accept", fields: [:]).status == .seeOther)

            let inside = try await karim.get(group).body.string
            #expect(inside.contains("Quel soir pour la soupe partagée ?") && inside.contains("Bienvenue parmi nous") && inside.contains("Pas de numéro en public"))
            #expect(try await karim.submit(group, to: post + "/votes", fields: ["option": "1"]).status == .seeOther)
            #expect(try await karim.submit(group, to: post + "/reactions", fields: ["kind": "thanks"]).status == .seeOther)
            let commented = try await karim.submit(post, to: post + "/comments", fields: ["body": "Jeudi me va très bien"])
            #expect(commented.status == .seeOther)

            let seen = try await marie.get(post).body.string
            #expect(seen.contains("Jeudi me va très bien") && seen.contains("Karim B.") && !seen.contains("Benaissa"))
            #expect(seen.contains("Jeudi <span class=\"meta\">(1 voix)</span>"))
            #expect(seen.contains("Merci 1"))
            // Pressing the same reaction again takes it back.
            #expect(try await karim.submit(post, to: post + "/reactions", fields: ["kind": "thanks", "from": "post"]).headers.first(name: .location) == post)
            #expect(try await PostReaction.query(on: app.db).count() == 0)
        }
    }

    @Test func aFailedGroupFormKeepsWhatWasTyped() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let refused = try await marie.submit("/groups/new", to: "/groups", fields: [
                "name": "Jardin partagé", "description": "On plante ensemble.", "visibility": "public", "lat": "", "lon": ""])
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains("value=\"Jardin partagé\"") && html.contains("On plante ensemble.") && html.contains("Ce champ est obligatoire."))
            #expect(try await NeighbourhoodGroup.query(on: app.db).count() == 0)
        }
    }

    // MARK: Feed

    @Test func theFeedListsWhatIsNearWithADistanceAndACityButNoPoint() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let karim = try await WebClient.member(app, "Karim", "Benaissa")
            _ = try await marie.publishAction("Un café et une discussion")
            _ = try await marie.publishEvent()
            let stored = try #require(try await HelpAction.query(on: app.db).first())

            let empty = try await karim.get("/feed")
            #expect(empty.status == .ok && empty.body.string.contains("name=\"lat\""))
            #expect(!empty.body.string.contains("Un café et une discussion"))

            let found = try await karim.get("/feed?lat=48.8566&lon=2.3522&radiusKm=10")
            #expect(found.status == .ok)
            let html = found.body.string
            #expect(html.contains("Un café et une discussion") && html.contains("Paris (75011)") && html.contains(" km"))
            #expect(html.contains("Pique-nique au parc"))
            #expect(!html.contains(String(stored.lat)) && !html.contains(String(stored.lon)))

            let wrong = try await karim.get("/feed?lat=nord&lon=2.35")
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("value=\"nord\"") && wrong.body.string.contains("n&#39;a pas le bon format"))
            let tooFar = try await karim.get("/feed?lat=48.85&lon=2.35&radiusKm=400")
            #expect(tooFar.status == .unprocessableEntity)
            #expect(tooFar.body.string.contains("value=\"400\""))
        }
    }

    // MARK: Every page

    @Test func anonymousVisitorsAreSentToTheLoginPage() async throws {
        try await withEntraide { app in
            let visitor = WebClient(app)
            for path in ["/actions", "/actions/new", "/events", "/events/new", "/conversations", "/notifications", "/notifications/preferences",
                         "/groups", "/groups/new", "/feed"] {
                let res = try await visitor.get(path)
                #expect(res.status == .seeOther, "\(path)")
                #expect(res.headers.first(name: .location) == "/login", "\(path)")
            }
        }
    }

    @Test func everyFormHasItsCSRFTokenNoPageNamesAnotherMembersFamilyAndPagesStayLight() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let karim = try await WebClient.member(app, "Karim", "Benaissa")
            let action = try await marie.publishAction("Un café et une discussion")
            let event = try await marie.publishEvent()
            _ = try await karim.submit(event, to: event + "/participate", fields: [:])
            let conversation = try #require(try await karim.submit(action, to: action + "/join", fields: [:]).headers.first(name: .location))
            _ = try await karim.submit(conversation, to: conversation + "/messages", fields: ["body": "Bonjour Marie"])
            let group = try await marie.publishGroup("Voisins de la Roquette", visibility: "public")
            _ = try await karim.submit(group, to: group + "/join", fields: [:])
            _ = try await karim.submit(group, to: group + "/posts", fields: ["body": "Bonjour à tous", "poll": "Oui\nNon"])
            let post = "/posts/" + (try #require(try await GroupPost.query(on: app.db).first()).requireID().uuidString)
            _ = try await marie.submit(post, to: post + "/comments", fields: ["body": "Bienvenue Karim"])

            let shared = ["/actions", "/actions/new", action, "/events", "/events/new", event, "/conversations", conversation,
                          "/notifications", "/notifications/preferences", "/groups", "/groups/new", group, post,
                          "/feed?lat=48.8566&lon=2.3522"]
            let pages: [(WebClient, String, [String])] = shared.map { (marie, $0, ["Benaissa"]) } + shared.map { (karim, $0, ["Dupontel"] ) }
                + [(marie, action + "/edit", ["Benaissa"]), (marie, event + "/edit", ["Benaissa"]), (marie, group + "/edit", ["Benaissa"])]
            for (client, path, familyNames) in pages {
                let res = try await client.get(path)
                #expect(res.status == .ok, "\(path)")
                let html = res.body.string
                let forms = html.components(separatedBy: "<form method=\"post\"").count - 1
                let tokens = html.components(separatedBy: "name=\"csrf\"").count - 1
                #expect(forms > 0 && forms == tokens, "\(path): \(forms) forms, \(tokens) CSRF fields")
                for name in familyNames { #expect(!html.contains(name), "\(path) shows \(name)") }
                let elements = html.matches(of: /<[a-zA-Z]/).count
                #expect(elements <= 250, "\(path) has \(elements) elements")
                #expect(!html.contains("@example.org"), "\(path) shows an e-mail")
            }
        }
    }
}

extension WebClient {
    /// Signs up through the web form with a family name the test can look for.
    static func member(_ app: Application, _ firstName: String, _ lastName: String) async throws -> WebClient {
        let client = WebClient(app)
        let res = try await client.submit("/signup", to: "/signup", fields: [
            "firstName": firstName, "lastName": lastName, "goal": "offer_help", "method": "email",
            "email": "member.\(UUID().uuidString.prefix(8).lowercased())@example.org", "password": "correct horse"])
        #expect(res.status == .seeOther, "web sign-up answered \(res.status)")
        return client
    }

    /// Publishes a help request by form; returns its page.
    func publishAction(_ title: String) async throws -> String {
        let res = try await submit("/actions/new", to: "/actions", fields: [
            "kind": "request", "category": "social", "title": title, "description": "",
            "postalCode": "75011", "city": "Paris", "lat": "48.8566", "lon": "2.3522"])
        #expect(res.status == .seeOther)
        return try #require(res.headers.first(name: .location))
    }

    /// Publishes an event by form; returns its page.
    func publishEvent(capacity: String = "", extra: [String: String] = [:]) async throws -> String {
        let fields = ["title": "Pique-nique au parc", "startsAt": "2030-06-12T12:00", "endsAt": "2030-06-12T14:00",
                      "timeZone": "Europe/Paris", "placeName": "Parc de Belleville", "postalCode": "75020", "city": "Paris",
                      "lat": "48.8716", "lon": "2.3847", "capacity": capacity].merging(extra) { $1 }
        let res = try await submit("/events/new", to: "/events", fields: fields)
        #expect(res.status == .seeOther, "event form answered \(res.status): \(res.body.string.prefix(2000))")
        return try #require(res.headers.first(name: .location))
    }

    /// Creates a neighbourhood group by form; returns its page.
    func publishGroup(_ name: String, visibility: String) async throws -> String {
        let res = try await submit("/groups/new", to: "/groups", fields: [
            "name": name, "description": "Les voisins du quartier.", "welcomeMessage": "Bienvenue parmi nous !",
            "charter": "Pas de numéro en public.", "visibility": visibility, "postalCode": "75011", "city": "Paris",
            "lat": "48.8566", "lon": "2.3522"])
        #expect(res.status == .seeOther, "group form answered \(res.status)")
        return try #require(res.headers.first(name: .location))
    }
}

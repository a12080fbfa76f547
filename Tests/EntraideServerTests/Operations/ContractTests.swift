import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

@Suite struct ContractTests {
    /// Every API route is in the OpenAPI document, and every documented operation is a route.
    @Test func openAPIDocumentMatchesTheRoutes() async throws {
        try await withEntraide { app in
            let res = try await app.send(.GET, "/api/openapi.json")
            #expect(res.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            var routed = Set<String>()
            for route in app.routes.all {
                let path = "/" + route.path.map { component -> String in
                    if case let .parameter(name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                if path.hasPrefix("/api/v1") || path == "/health" { routed.insert("\(route.method.rawValue) \(path)") }
            }
            #expect(routed.subtracting(documented).isEmpty, "undocumented: \(routed.subtracting(documented).sorted())")
            #expect(documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed).sorted())")
        }
    }

    @Test func healthAndMetricsAnswer() async throws {
        try await withEntraide { app in
            let health = try await app.send(.GET, "/health")
            #expect(health.status == .ok && health.body.string.contains("\"ok\""))
            _ = try await app.send(.GET, "/api/v1/me")
            let metrics = try await app.send(.GET, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.body.string.contains("entraide_http_requests_total"))
            #expect(metrics.headers.contentType?.subType == "plain")
        }
    }
}

@Suite struct ErrorTests {
    @Test(arguments: [
        ("{not json", 400, "request.body_invalid"),
        ("[1,2,3]", 400, "request.body_invalid"),
        ("{\"firstName\": 12, \"lastName\": \"A\", \"goal\": \"offer_help\"}", 422, "validation.type_invalid"),
        ("{\"lastName\": \"A\", \"goal\": \"offer_help\"}", 422, "validation.required"),
        ("{\"firstName\": \"A\", \"lastName\": \"B\", \"goal\": \"sleep\"}", 422, "validation.choice_invalid"),
        ("{\"firstName\": \"A\", \"lastName\": \"B\", \"goal\": \"offer_help\"}", 422, "validation.email_or_phone"),
        ("{\"firstName\": \"A\", \"lastName\": \"B\", \"goal\": \"offer_help\", \"email\": \"a@b.fr\"}", 422, "validation.required"),
        ("{\"firstName\": \"A\", \"lastName\": \"B\", \"goal\": \"offer_help\", \"email\": \"a@b.fr\", \"password\": \"longenough\", \"phone\": \"0612345678\"}", 422, "validation.email_or_phone_not_both"),
        ("{\"firstName\": \"\(String(repeating: "A", count: 500))\", \"lastName\": \"B\", \"goal\": \"offer_help\"}", 422, "validation.too_long"),
        ("{\"firstName\": null, \"lastName\": \"B\", \"goal\": \"offer_help\"}", 422, "validation.required"),
    ])
    func badInputNeverGivesA500(body: String, status: Int, code: String) async throws {
        try await withEntraide { app in
            let res = try await app.send(.POST, "/api/v1/auth/signup", raw: body)
            #expect(Int(res.status.code) == status, "\(res.body.string)")
            #expect(errorCode(res) == code, "\(res.body.string)")
        }
    }

    @Test(arguments: [
        "{\"email\": \"a\\u0000b@example.org\", \"password\": \"whatever123\"}",
        "{\"email\": \"a@example.org\", \"password\": \"what\\U0000ever\"}",
    ])
    func nulCharactersAreRefusedBeforeReachingTheDatabase(body: String) async throws {
        try await withEntraide { app in
            let res = try await app.send(.POST, "/api/v1/auth/login", raw: body)
            #expect(res.status == .unprocessableEntity)
            #expect(errorCode(res) == "validation.null_character")
            let form = try await WebClient(app).submit("/login", to: "/login", fields: ["email": "a\u{0}b@example.org", "password": "x"])
            #expect(form.status == .unprocessableEntity)
        }
    }

    @Test func unknownRoutesAndHugeBodiesGetCodes() async throws {
        try await withEntraide { app in
            let missing = try await app.send(.GET, "/api/v1/nothing-here")
            #expect(missing.status == .notFound && errorCode(missing) == "http.not_found")
            // Body limits are enforced by the HTTP server, so this one goes over a real socket.
            let live = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            let huge = try await live.sendRequest(.POST, "/api/v1/auth/signup", headers: ["Content-Type": "application/json"],
                                                  body: ByteBuffer(string: "{\"about\": \"" + String(repeating: "x", count: 2_000_000) + "\"}"))
            #expect(huge.status == .payloadTooLarge && errorCode(huge) == "request.too_large", "\(huge.status) \(huge.body.string.prefix(200))")
        }
    }

    /// A long form (a 2,000-character message with accents is over 12 KB encoded) arrives in
    /// several reads over a real socket: its CSRF field must still be read, not refused.
    @Test func aLongFormArrivingInSeveralReadsKeepsItsCSRFToken() async throws {
        try await withEntraide { app in
            let live = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            let form = try await live.sendRequest(.GET, "/login")
            let cookie = try #require(form.headers.setCookie?[CSRFMiddleware.cookieName]?.string)
            let token = try #require(WebClient.csrf(in: form.body.string))
            let filler = String(repeating: "é", count: 2_000).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let body = "csrf=\(token)&email=nobody%40example.org&password=wrong-password&note=\(filler)"
            #expect(body.utf8.count > 12_000)
            let res = try await live.sendRequest(.POST, "/login", headers: [
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": "\(CSRFMiddleware.cookieName)=\(cookie)"],
                body: ByteBuffer(string: body))
            #expect(res.status != .forbidden, "the CSRF token of a long form was not read: \(res.status)")
            #expect(res.body.string.contains("Adresse e-mail ou mot de passe incorrect"), "\(res.status) \(res.body.string.prefix(300))")
        }
    }

    @Test func messagesFollowMemberSettingThenQueryThenHeader() async throws {
        try await withEntraide { app in
            let bad = ["email": "nobody@example.org", "password": "whatever1"]
            let french = try await app.send(.POST, "/api/v1/auth/login", json: bad, headers: ["Accept-Language": "fr-FR"])
            #expect(try french.content.decode(ErrorEnvelope.self).error.message == "Adresse e-mail ou mot de passe incorrect.")
            let english = try await app.send(.POST, "/api/v1/auth/login", json: bad, headers: ["Accept-Language": "en-GB, fr;q=0.5"])
            #expect(try english.content.decode(ErrorEnvelope.self).error.message == "Wrong e-mail address or password.")
            let query = try await app.send(.POST, "/api/v1/auth/login?lang=en", json: bad, headers: ["Accept-Language": "fr"])
            #expect(try query.content.decode(ErrorEnvelope.self).error.message == "Wrong e-mail address or password.")

            let member = try await app.signUp(language: "en")
            var headers = member.auth
            headers.add(name: .acceptLanguage, value: "fr")
            let mine = try await app.send(.PATCH, "/api/v1/me?lang=fr", json: ["travelDistanceKm": 0], headers: headers)
            #expect(try mine.content.decode(ErrorEnvelope.self).error.message == "Choose a value between 1 and 100.")
        }
    }
}

@Suite struct RateLimitTests {
    @Test func loginAttemptsOnOneAccountAreLimited() async throws {
        try await withEntraide { app in
            let bad = ["email": "target@example.org", "password": "guess-1234"]
            for _ in 0..<RateLimit.loginPerAccount.allowance {
                let attempt = try await app.send(.POST, "/api/v1/auth/login", json: bad)
                #expect(attempt.status == .unauthorized)
            }
            let limited = try await app.send(.POST, "/api/v1/auth/login", json: bad)
            #expect(limited.status == .tooManyRequests)
            #expect(errorCode(limited) == "rate_limit.exceeded")
            let retryAfter = try #require(limited.headers.first(name: .retryAfter).flatMap(Int.init))
            #expect(retryAfter > 0 && retryAfter <= RateLimit.loginPerAccount.windowSeconds)
        }
    }

    @Test func smsCodesPerNumberAreLimited() async throws {
        try await withEntraide { app in
            for _ in 0..<RateLimit.smsPerPhone.allowance {
                let sent = try await app.send(.POST, "/api/v1/auth/sms-code", json: ["phone": "0612345678"])
                #expect(sent.status == .accepted)
            }
            let limited = try await app.send(.POST, "/api/v1/auth/sms-code", json: ["phone": "+33 6 12 34 56 78"])
            #expect(limited.status == .tooManyRequests)
            let otherNumber = try await app.send(.POST, "/api/v1/auth/sms-code", json: ["phone": "0612345679"])
            #expect(otherNumber.status == .accepted)
        }
    }

    @Test func limitsLiveInTheDatabaseAndRefillWithoutAClockEdge() async throws {
        try await withEntraide { app in
            let limit = RateLimit(name: "test", allowance: 2, windowSeconds: 60)
            // 1_800_000_000 is a whole minute: a clock window would start again there.
            let edge = Date(timeIntervalSince1970: 1_800_000_000)
            try await RateLimiter.hit(limit, key: "k", factor: 1, on: app.db, now: edge.addingTimeInterval(-1))
            try await RateLimiter.hit(limit, key: "k", factor: 1, on: app.db, now: edge.addingTimeInterval(-1))
            do {
                try await RateLimiter.hit(limit, key: "k", factor: 1, on: app.db, now: edge.addingTimeInterval(1))
                Issue.record("a third attempt two seconds later, across a minute, must be refused")
            } catch let error as AppError {
                #expect(error.status == .tooManyRequests)
                #expect(error.headers.first(name: .retryAfter) == "28", "one attempt comes back every 30 s")
            }
            // One interval later there is room for one attempt, not two.
            try await RateLimiter.hit(limit, key: "k", factor: 1, on: app.db, now: edge.addingTimeInterval(29))
            await #expect(throws: AppError.self) { try await RateLimiter.hit(limit, key: "k", factor: 1, on: app.db, now: edge.addingTimeInterval(30)) }
            // A whole window of quiet gives the whole allowance back.
            try await RateLimiter.hit(limit, key: "k", factor: 1, on: app.db, now: edge.addingTimeInterval(120))
            try await RateLimiter.hit(limit, key: "k", factor: 1, on: app.db, now: edge.addingTimeInterval(120))
            try await RateLimiter.hit(limit, key: "other", factor: 1, on: app.db, now: edge)
            // The factor (raised in tests and for trusted deployments) multiplies the allowance.
            for _ in 0..<4 { try await RateLimiter.hit(limit, key: "f", factor: 2, on: app.db, now: edge) }
            await #expect(throws: AppError.self) { try await RateLimiter.hit(limit, key: "f", factor: 2, on: app.db, now: edge) }
        }
    }
}

@Suite struct CommandTests {
    @Test func demoSeedRunsTwiceWithoutDuplicates() async throws {
        try await withEntraide { app in
            let hasher = app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.any())
            let first = try await DemoData.seed(on: app.db, hasher: hasher)
            #expect(first == DemoData.members.count)
            #expect(try await DemoData.seed(on: app.db, hasher: hasher) == 0)
            #expect(try await User.query(on: app.db).count() == DemoData.members.count)
            let roles = Set(try await UserRole.query(on: app.db).all().map(\.role))
            #expect(roles == ["admin", "moderator", "animator", "committee"])
            let goals = Set(try await User.query(on: app.db).all().map(\.goal))
            #expect(goals == ["offer_help", "ask_for_help", "organisation"])
            let login = try await app.send(.POST, "/api/v1/auth/login", json: ["email": "marie@demo.entraide.example", "password": DemoData.password])
            #expect(login.status == .ok)
        }
    }

    @Test func grantRoleCommandFindsMembersByEmailOrPhone() async throws {
        try await withEntraide { app in
            let member = try await app.signUp(email: "staff@example.org")
            let found = try #require(try await RoleService.findMember("staff@example.org", defaultCountry: "FR", on: app.db))
            #expect(found.id == member.id)
            try await RoleService.grant(.moderator, to: found, by: "test", on: app.db)
            try await RoleService.grant(.moderator, to: found, by: "test", on: app.db)
            let me = try await app.send(.GET, "/api/v1/me", headers: member.auth).content.decode(MeDTO.self)
            #expect(me.roles == ["moderator"])
        }
    }
}

@Suite struct HousekeepingTests {
    @Test func sweepRemovesDeadCodesIdleSessionsAndOldCounters() async throws {
        try await withEntraide { app in
            let member = try await app.signUp()
            let now = Date()
            let user = try #require(try await User.find(member.id, on: app.db))
            let (_, idle) = try await SessionService.open(for: user, kind: .web, userAgent: nil, on: app.db)
            idle.lastUsedAt = now.addingTimeInterval(-SessionService.idleLifetime - 10)
            try await idle.update(on: app.db)
            _ = try await PhoneCodes.issue(phone: "+33612345678", purpose: .login, userID: member.id, secret: "s", on: app.db, now: now.addingTimeInterval(-7200))
            _ = try await PhoneCodes.issue(phone: "+33612345679", purpose: .login, userID: member.id, secret: "s", on: app.db, now: now)
            try await RateLimiter.hit(.loginPerIP, key: "old", factor: 1, on: app.db, now: now.addingTimeInterval(-3 * 24 * 3600))
            try await RateLimiter.hit(.loginPerIP, key: "new", factor: 1, on: app.db, now: now)

            try await Housekeeping.sweep(on: app.db, now: now)

            #expect(try await OneTimeCode.query(on: app.db).all().map(\.phone) == ["+33612345679"])
            #expect(try await MemberSession.query(on: app.db).count() == 1)
            #expect(try await app.send(.GET, "/api/v1/me", headers: member.auth).status == .ok)
            struct Row: Decodable { let bucket: String }
            let buckets = try await app.db.sql.raw("SELECT bucket FROM rate_limit_buckets").all(decoding: Row.self).map(\.bucket)
            #expect(Set(buckets) == ["login.ip:new", "signup.ip:unknown"], "the sign-up above counted too; the old window is gone")
        }
    }
}

import Vapor
import Fluent
import EntraideCore

/// Sign-up and log-in. Handlers decode and encode; the rules live here and take a `Database`.
enum AccountService {
    enum SignupOutcome {
        case signedIn(User)
        case codeSent(User, phone: String, code: String)
    }

    static func signup(_ input: SignupRequest, defaultCountry: String, secret: String, hasher: AsyncPasswordHasher, on database: any Database) async throws -> SignupOutcome {
        let firstName = try ProfileRules.name(input.firstName, field: "firstName")
        let lastName = try ProfileRules.name(input.lastName, field: "lastName")
        guard let goal = Goal(rawValue: input.goal) else {
            throw RuleViolation("validation.choice_invalid", field: "goal", arguments: ["value": String(input.goal.prefix(40))])
        }
        let language = try parseLanguage(input.language) ?? .fr
        let email = input.email?.trimmingCharacters(in: .whitespaces).nilIfBlank
        let phone = input.phone?.trimmingCharacters(in: .whitespaces).nilIfBlank

        switch (email, phone) {
        case let (email?, nil):
            let address = try ProfileRules.email(email)
            guard let password = input.password else { throw RuleViolation("validation.required", field: "password") }
            _ = try ProfileRules.password(password)
            if try await User.query(on: database).filter(\.$email == address).first() != nil {
                throw AppError(.conflict, "account.email_taken", field: "email")
            }
            let user = User(firstName: firstName, lastName: lastName, goal: goal, language: language)
            user.email = address
            user.passwordHash = try await hasher.hash(password)
            try await user.create(on: database)
            return .signedIn(user)
        case let (nil, phoneText?):
            let number = try ProfileRules.phone(phoneText, defaultCountry: defaultCountry).e164
            let user: User
            if let existing = try await User.query(on: database).filter(\.$phone == number).first() {
                // A number that never confirmed its code may sign up again; a confirmed one is taken.
                guard existing.phoneVerifiedAt == nil, existing.isActive else {
                    throw AppError(.conflict, "account.phone_taken", field: "phone")
                }
                user = existing
                user.firstName = firstName
                user.lastName = lastName
                user.goal = goal.rawValue
                user.language = language.rawValue
                try await user.update(on: database)
            } else {
                user = User(firstName: firstName, lastName: lastName, goal: goal, language: language)
                user.phone = number
                try await user.create(on: database)
            }
            let code = try await PhoneCodes.issue(phone: number, purpose: .login, userID: user.id, secret: secret, on: database)
            return .codeSent(user, phone: number, code: code)
        case (_?, _?):
            throw RuleViolation("validation.email_or_phone_not_both", field: "phone")
        case (nil, nil):
            throw RuleViolation("validation.email_or_phone", field: "email")
        }
    }

    static func login(email: String, password: String, hasher: AsyncPasswordHasher, on database: any Database) async throws -> User {
        let user = try await authenticate(email: email, password: password, hasher: hasher, on: database)
        try await refuseSanctioned(user, on: database)
        return user
    }

    /// Who these credentials belong to, sanctioned or not (an appeal needs to know).
    static func authenticate(email: String, password: String, hasher: AsyncPasswordHasher, on database: any Database) async throws -> User {
        let address = email.trimmingCharacters(in: .whitespaces).lowercased()
        let user = try await User.query(on: database).filter(\.$email == address).first()
        guard let user, user.isActive, let hash = user.passwordHash, password.utf8.count <= ProfileRules.passwordMaxBytes,
              try await hasher.verify(password, created: hash)
        else { throw AppError(.unauthorized, "auth.invalid_credentials") }
        return user
    }

    /// A suspended or banned member is told so, until when and why, after proving who they
    /// are; they may still appeal (`POST /api/v1/moderation/appeals`).
    static func refuseSanctioned(_ user: User, now: Date = Date(), on database: any Database) async throws {
        guard user.isSanctioned(at: now) else { return }
        let reason = try await ModerationDecision.query(on: database).filter(\.$memberID == user.requireID())
            .filter(\.$action ~~ [ModerationDecision.Action.suspend.rawValue, ModerationDecision.Action.ban.rawValue])
            .sort(\.$createdAt, .descending).first()?.reason ?? ""
        if user.bannedAt != nil { throw AppError(.forbidden, "account.banned", arguments: ["reason": reason]) }
        let until = user.suspendedUntil ?? now
        throw AppError(.forbidden, "account.suspended", arguments: ["until": until.formatted(.iso8601), "reason": reason])
    }

    /// Sends a login code if the number belongs to an account; the answer is the same
    /// either way, so nobody learns who is a member.
    static func loginCode(for number: String, secret: String, on database: any Database) async throws -> (user: User, code: String)? {
        guard let user = try await User.query(on: database).filter(\.$phone == number).first(), user.isActive else { return nil }
        let code = try await PhoneCodes.issue(phone: number, purpose: .login, userID: user.id, secret: secret, on: database)
        return (user, code)
    }

    static func smsLogin(phone number: String, code: String, secret: String, on database: any Database) async throws -> User {
        let user = try await smsAuthenticate(phone: number, code: code, secret: secret, on: database)
        try await refuseSanctioned(user, on: database)
        if user.phoneVerifiedAt == nil {
            user.phoneVerifiedAt = Date()
            try await user.update(on: database)
        }
        return user
    }

    /// Whose number this code proves, sanctioned or not.
    static func smsAuthenticate(phone number: String, code: String, secret: String, on database: any Database) async throws -> User {
        let record = try await PhoneCodes.verify(phone: number, purpose: .login, code: code, secret: secret, on: database)
        guard let userID = record.$user.id, let user = try await User.find(userID, on: database), user.isActive, user.phone == number else {
            throw AppError(.unauthorized, "auth.code_invalid", field: "code")
        }
        return user
    }

    static func parseLanguage(_ value: String?) throws -> Language? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        guard let language = Language(rawValue: value.lowercased()) else {
            throw RuleViolation("validation.choice_invalid", field: "language", arguments: ["value": String(value.prefix(40))])
        }
        return language
    }

    static func roles(of user: User, on database: any Database) async throws -> [String] {
        try await UserRole.query(on: database).filter(\.$user.$id == user.requireID()).all().map(\.role).sorted()
    }

    static func me(_ user: User, on database: any Database) async throws -> MeDTO {
        try MeDTO(user, roles: try await roles(of: user, on: database))
    }
}

extension String {
    var nilIfBlank: String? { trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : self }
}

extension Request {
    /// The signed-in member's own view; the roles came with the authentication query, so
    /// this needs no further query.
    func me() throws -> MeDTO {
        let user = try requireMember()
        guard let found = authenticated, found.user === user else { throw AppError.unauthenticated }
        return try MeDTO(user, roles: found.roles)
    }
}

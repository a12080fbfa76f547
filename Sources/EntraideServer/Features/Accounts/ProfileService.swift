import Vapor
import Fluent
import EntraideCore

/// What a member changes about themselves, takes away, or erases.
enum ProfileService {
    /// Applies only the fields present; every value is checked before anything is saved.
    static func update(_ user: User, with patch: ProfileUpdate, screening: ContentScreening, on database: any Database) async throws {
        if let value = patch.firstName { user.firstName = try ProfileRules.name(value, field: "firstName") }
        if let value = patch.lastName { user.lastName = try ProfileRules.name(value, field: "lastName") }
        if let value = patch.about { user.about = try ProfileRules.about(value) }
        if let value = patch.languages { user.spokenLanguages = try ProfileRules.spokenLanguages(value) }
        if let value = patch.interests {
            user.interests = try ProfileRules.choices(value, as: Interest.self, field: "interests").map(\.rawValue)
        }
        if let value = patch.availability {
            user.availability = try ProfileRules.choices(value, as: Availability.self, field: "availability").map(\.rawValue)
        }
        if let value = patch.postalCode { user.postalCode = try ProfileRules.postalCode(value) }
        if let value = patch.city { user.city = try ProfileRules.city(value) }
        if let value = patch.travelDistanceKm { user.travelDistanceKm = try ProfileRules.travelDistance(value) }
        if let value = patch.gender {
            user.gender = value.isEmpty ? nil : try CommunityRules.choice(value, as: Gender.self, field: "gender").rawValue
        }
        if let value = try AccountService.parseLanguage(patch.language) { user.language = value.rawValue }
        if let value = patch.lowData { user.lowData = value }
        // What a member says about themselves is public: screened like any public text.
        let held = patch.about == nil ? nil : ContentScreening.reasons(screening.findings(in: [user.about], language: user.language))
        if let held { user.aboutHeldReasons = held.isEmpty ? nil : held.joined(separator: ",") }
        try await database.atomically { db in
            try await user.save(on: db)
            if let held { try await ModerationCases.holdProfile(user, reasons: held, on: db) }
        }
    }

    /// Everything the platform holds on the member, as they would need it to leave or to check.
    struct Export: Content {
        struct SMS: Content { let sentAt: Date?; let purpose: String; let status: String; let body: String }
        struct PhoneChangeEntry: Content { let at: Date?; let oldPhone: String?; let newPhone: String; let by: String?; let reason: String? }
        let generatedAt: Date
        let account: MeDTO
        let phoneVerifiedAt: Date?
        let sessions: [SessionDTO]
        let phoneChanges: [PhoneChangeEntry]
        let smsMessages: [SMS]
        let learning: LearningExport
    }

    static func export(_ user: User, currentSessionID: UUID?, on database: any Database) async throws -> Export {
        let userID = try user.requireID()
        let sessions = try await SessionService.list(for: userID, on: database)
        let changes = try await PhoneChange.query(on: database).filter(\.$user.$id == userID).sort(\.$createdAt).all()
        let sms = try await SMSMessage.query(on: database).filter(\.$user.$id == userID).sort(\.$createdAt).all()
        return Export(
            generatedAt: Date(),
            account: try await AccountService.me(user, on: database),
            phoneVerifiedAt: user.phoneVerifiedAt,
            sessions: try sessions.map { try SessionDTO($0, currentID: currentSessionID) },
            phoneChanges: changes.map { .init(at: $0.createdAt, oldPhone: $0.oldPhone, newPhone: $0.newPhone, by: $0.changedByLabel, reason: $0.reason) },
            smsMessages: sms.map { .init(sentAt: $0.createdAt, purpose: $0.purpose, status: $0.status, body: $0.body) },
            learning: try await LearningExport.of(userID, on: database))
    }

    /// Erases who the member was while keeping the row, so what others wrote in shared
    /// conversations keeps its thread. The member can no longer log in.
    static func anonymise(_ user: User, on database: any Database) async throws {
        let userID = try user.requireID()
        try await database.atomically { database in
            user.firstName = ""
            user.lastName = ""
            user.email = nil
            user.phone = nil
            user.passwordHash = nil
            user.about = nil
            user.spokenLanguages = []
            user.interests = []
            user.availability = []
            user.postalCode = nil
            user.city = nil
            user.phoneVerifiedAt = nil
            user.anonymisedAt = Date()
            user.photoDigest = nil
            try await user.update(on: database)
            try await MemberPhoto.query(on: database).filter(\.$user.$id == userID).delete()
            try await SessionService.revokeAll(of: userID, on: database)
            try await UserRole.query(on: database).filter(\.$user.$id == userID).delete()
            try await OneTimeCode.query(on: database).filter(\.$user.$id == userID).delete()
            try await SMSMessage.query(on: database).filter(\.$user.$id == userID).delete()
            try await PhoneChange.query(on: database).filter(\.$user.$id == userID).delete()
        }
    }
}

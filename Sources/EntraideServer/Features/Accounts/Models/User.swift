import Vapor
import Fluent
import EntraideCore

/// A member of Entraide. The family name, e-mail, phone and goal are the member's own:
/// other members only ever see `PublicProfile`.
final class User: Model, Authenticatable, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "first_name") var firstName: String
    @Field(key: "last_name") var lastName: String
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "password_hash") var passwordHash: String?
    @Field(key: "goal") var goal: String
    @Field(key: "language") var language: String
    @OptionalField(key: "about") var about: String?
    @Field(key: "languages") var spokenLanguages: [String]
    @Field(key: "interests") var interests: [String]
    @Field(key: "availability") var availability: [String]
    @OptionalField(key: "postal_code") var postalCode: String?
    @OptionalField(key: "city") var city: String?
    @Field(key: "travel_distance_km") var travelDistanceKm: Int
    /// Self-declared and optional; only opens women-only spaces.
    @OptionalField(key: "gender") var gender: String?
    @OptionalField(key: "phone_verified_at") var phoneVerifiedAt: Date?
    @OptionalField(key: "anonymised_at") var anonymisedAt: Date?
    /// A digest of the member's photo (`member_photos`), in its URL so browsers may keep it; nil without one.
    @OptionalField(key: "photo_digest") var photoDigest: String?
    /// "Low data": pages show this member no photos.
    @Field(key: "low_data") var lowData: Bool
    /// Set by a moderator: no login and no posting until then.
    @OptionalField(key: "suspended_until") var suspendedUntil: Date?
    @OptionalField(key: "banned_at") var bannedAt: Date?
    /// Why the "about" text is held for a moderator; others do not see it meanwhile.
    @OptionalField(key: "about_held_reasons") var aboutHeldReasons: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Children(for: \.$user) var roles: [UserRole]

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $firstName, $lastName, $email, $phone, $passwordHash, $goal, $language, $about,
            $spokenLanguages, $interests, $availability, $postalCode, $city, $travelDistanceKm, $gender,
            $phoneVerifiedAt, $anonymisedAt, $photoDigest, $lowData, $suspendedUntil, $bannedAt,
            $aboutHeldReasons, $createdAt, $updatedAt, $roles
        ]
    }

    init() {
        lowData = false
    }

    init(firstName: String, lastName: String, goal: Goal, language: Language) {
        self.firstName = firstName
        self.lastName = lastName
        self.goal = goal.rawValue
        self.language = language.rawValue
        self.spokenLanguages = [language.rawValue]
        self.lowData = false
        self.interests = []
        self.availability = []
        self.travelDistanceKm = 10
    }

    var displayName: String { DisplayName.of(firstName: firstName, lastName: lastName) }
    var isActive: Bool { anonymisedAt == nil }

    /// Banned, or suspended until a later date: such a member cannot log in or post.
    func isSanctioned(at now: Date = Date()) -> Bool {
        bannedAt != nil || (suspendedUntil.map { $0 > now } ?? false)
    }
    var goalValue: Goal? { Goal(rawValue: goal) }
    var isWoman: Bool { gender == Gender.woman.rawValue }
}

import Vapor
import EntraideCore

/// The member's own view of their account: the only answer that holds their family name,
/// e-mail, phone and goal.
struct MeDTO: Content {
    let id: UUID
    let firstName: String
    let lastName: String
    let displayName: String
    let email: String?
    let phone: String?
    let goal: String
    let language: String
    let about: String?
    let languages: [String]
    let interests: [String]
    let availability: [String]
    let postalCode: String?
    let city: String?
    let travelDistanceKm: Int
    let gender: String?
    let roles: [String]
    let createdAt: Date?
    let photoURL: String?
    let lowData: Bool

    init(_ user: User, roles: [String]) throws {
        id = try user.requireID()
        firstName = user.firstName
        lastName = user.lastName
        displayName = user.displayName
        email = user.email
        phone = user.phone
        goal = user.goal
        language = user.language
        about = user.about
        languages = user.spokenLanguages
        interests = user.interests
        availability = user.availability
        postalCode = user.postalCode
        city = user.city
        travelDistanceKm = user.travelDistanceKm
        gender = user.gender
        self.roles = roles
        createdAt = user.createdAt
        photoURL = try PhotoService.url(of: user)
        lowData = user.lowData
    }
}

/// What any member sees of another: "Marie D.", the city and postal code, what they chose
/// to say about themselves. Never the family name, contact details, goal or address.
struct PublicProfileDTO: Content {
    let id: UUID
    let displayName: String
    let firstName: String
    let about: String?
    let languages: [String]
    let interests: [String]
    let city: String?
    let postalCode: String?
    let place: String?
    let memberSince: Date?
    let photoURL: String?

    init(_ user: User) throws {
        id = try user.requireID()
        displayName = user.displayName
        firstName = user.firstName
        about = user.aboutHeldReasons == nil ? user.about : nil
        languages = user.spokenLanguages
        interests = user.interests
        city = user.city
        postalCode = user.postalCode
        place = PublicPlace.label(city: user.city, postalCode: user.postalCode)
        memberSince = user.createdAt
        photoURL = try PhotoService.url(of: user)
    }
}

struct AuthResultDTO: Content {
    let token: String
    let user: MeDTO
}

struct CodeSentDTO: Content {
    let codeSent: Bool
    let phone: String
}

struct SessionDTO: Content {
    let id: UUID
    let kind: String
    let createdAt: Date?
    let lastUsedAt: Date
    let userAgent: String?
    let current: Bool

    init(_ session: MemberSession, currentID: UUID?) throws {
        id = try session.requireID()
        kind = session.kind
        createdAt = session.createdAt
        lastUsedAt = session.lastUsedAt
        userAgent = session.userAgent
        current = session.id == currentID
    }
}

// MARK: - Requests

struct SignupRequest: Content {
    var firstName: String
    var lastName: String
    var goal: String
    var language: String?
    var email: String?
    var password: String?
    var phone: String?
}

struct LoginRequest: Content {
    var email: String
    var password: String
}

struct PhoneRequest: Content {
    var phone: String
}

struct PhoneCodeRequest: Content {
    var phone: String
    var code: String
}

struct StaffPhoneChangeRequest: Content {
    var phone: String
    var reason: String
}

struct ProfileUpdate: Content {
    var firstName: String?
    var lastName: String?
    var about: String?
    var languages: [String]?
    var interests: [String]?
    var availability: [String]?
    var postalCode: String?
    var city: String?
    var travelDistanceKm: Int?
    var language: String?
    /// `woman`, `man`, `other`, or an empty string to say nothing.
    var gender: String?
    /// "Low data": no photos in pages.
    var lowData: Bool?
}

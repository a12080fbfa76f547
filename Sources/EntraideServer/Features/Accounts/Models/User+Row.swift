import Vapor
import Fluent
import SQLKit

extension User {
    /// Reads a member from a raw `users` row. Fluent's own `decode(model:)` walks the model
    /// by reflection and took 16 % of the CPU of every authenticated request (perf, release
    /// build); this runs on every one of them, so the columns are read by hand. A test holds
    /// it to the same result as Fluent's decoder on both databases.
    static func decode(row: any SQLRow) throws -> User {
        let user = User()
        user.id = try row.decode(column: "id", as: UUID.self)
        user.firstName = try row.decode(column: "first_name", as: String.self)
        user.lastName = try row.decode(column: "last_name", as: String.self)
        user.email = try row.decode(column: "email", as: String?.self)
        user.phone = try row.decode(column: "phone", as: String?.self)
        user.passwordHash = try row.decode(column: "password_hash", as: String?.self)
        user.goal = try row.decode(column: "goal", as: String.self)
        user.language = try row.decode(column: "language", as: String.self)
        user.about = try row.decode(column: "about", as: String?.self)
        user.spokenLanguages = try row.decode(column: "languages", as: [String].self)
        user.interests = try row.decode(column: "interests", as: [String].self)
        user.availability = try row.decode(column: "availability", as: [String].self)
        user.postalCode = try row.decode(column: "postal_code", as: String?.self)
        user.city = try row.decode(column: "city", as: String?.self)
        user.travelDistanceKm = try row.decode(column: "travel_distance_km", as: Int.self)
        user.gender = try row.decode(column: "gender", as: String?.self)
        user.suspendedUntil = try row.decode(column: "suspended_until", as: Date?.self)
        user.bannedAt = try row.decode(column: "banned_at", as: Date?.self)
        user.aboutHeldReasons = try row.decode(column: "about_held_reasons", as: String?.self)
        user.phoneVerifiedAt = try row.decode(column: "phone_verified_at", as: Date?.self)
        user.anonymisedAt = try row.decode(column: "anonymised_at", as: Date?.self)
        user.photoDigest = try row.decode(column: "photo_digest", as: String?.self)
        user.lowData = try row.decode(column: "low_data", as: Bool.self)
        user.createdAt = try row.decode(column: "created_at", as: Date?.self)
        user.updatedAt = try row.decode(column: "updated_at", as: Date?.self)
        // The row exists: a later save() must update it, not insert it again.
        user.$id.exists = true
        return user
    }
}

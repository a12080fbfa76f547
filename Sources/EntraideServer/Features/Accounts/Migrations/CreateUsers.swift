import Fluent
import SQLKit

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .id()
            .field("first_name", .string, .required)
            .field("last_name", .string, .required)
            .field("email", .string)
            .field("phone", .string)
            .field("password_hash", .string)
            .field("goal", .string, .required)
            .field("language", .string, .required)
            .field("about", .string)
            .field("languages", .array(of: .string), .required)
            .field("interests", .array(of: .string), .required)
            .field("availability", .array(of: .string), .required)
            .field("postal_code", .string)
            .field("city", .string)
            .field("travel_distance_km", .int, .required)
            .field("phone_verified_at", .datetime)
            .field("anonymised_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "email")
            .unique(on: "phone")
            .create()

        try await database.schema(UserRole.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("role", .string, .required)
            .field("granted_by", .string)
            .field("granted_at", .datetime)
            .unique(on: "user_id", "role")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserRole.schema).delete()
        try await database.schema(User.schema).delete()
    }
}

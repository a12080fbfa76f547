import Fluent
import SQLKit

struct CreateOneTimeCodes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OneTimeCode.schema)
            .id()
            .field("phone", .string, .required)
            .field("purpose", .string, .required)
            .field("user_id", .uuid, .references(User.schema, .id, onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("attempts", .int, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime)
            .create()
        try await database.sql.create(index: "one_time_codes_phone_purpose_idx")
            .on(OneTimeCode.schema).column("phone").column("purpose").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OneTimeCode.schema).delete()
    }
}

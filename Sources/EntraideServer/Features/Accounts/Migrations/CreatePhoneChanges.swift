import Fluent

struct CreatePhoneChanges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PhoneChange.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("old_phone", .string)
            .field("new_phone", .string, .required)
            .field("changed_by_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("changed_by_label", .string)
            .field("reason", .string)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PhoneChange.schema).delete()
    }
}

import Fluent
import SQLKit

struct CreateMemberSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MemberSession.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("kind", .string, .required)
            .field("user_agent", .string)
            .field("created_at", .datetime)
            .field("last_used_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.sql.create(index: "member_sessions_user_id_idx")
            .on(MemberSession.schema).column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MemberSession.schema).delete()
    }
}

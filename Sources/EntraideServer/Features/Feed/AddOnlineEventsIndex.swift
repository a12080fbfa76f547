import Fluent
import SQLKit

/// Online events have no cell: every feed search reads them, and this partial index keeps
/// that to the online events of the window instead of every event created in it.
struct AddOnlineEventsIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.raw("""
            CREATE INDEX events_online_idx ON events (created_at, ends_at, organiser_id, women_only, reserved_goal, series_id, starts_at, id)
            WHERE status = 'scheduled' AND moderation = 'visible' AND online = TRUE
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX events_online_idx").run()
    }
}

import Foundation
import Fluent
import SQLKit
import EntraideCore

/// Adds the feed grid cell to actions and events, with the indexes the feed reads first
/// (cell, then age), and fills it for rows that exist.
struct AddFeedCells: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(HelpAction.schema).field("cell", .int).update()
        try await database.schema(Outing.schema).field("cell", .int).update()
        for table in [HelpAction.schema, Outing.schema] {
            let rows = try await database.sql.raw("SELECT id, lat, lon FROM \(ident: table) WHERE lat IS NOT NULL AND lon IS NOT NULL").all()
            for row in rows {
                let point = GeoPoint(lat: try row.decode(column: "lat", as: Double.self), lon: try row.decode(column: "lon", as: Double.self))
                try await database.sql.raw("UPDATE \(ident: table) SET cell = \(bind: FeedGrid.cell(point)) WHERE id = \(bind: try row.decode(column: "id", as: UUID.self))").run()
            }
        }
        try await database.sql.raw("""
            CREATE INDEX actions_cell_idx ON actions (cell, created_at, lat, lon, author_id, id)
            WHERE status = 'open' AND moderation = 'visible'
            """).run()
        try await database.sql.raw("""
            CREATE INDEX events_cell_idx ON events (cell, created_at, lat, lon, online, ends_at, organiser_id, women_only, reserved_goal, series_id, starts_at, id)
            WHERE status = 'scheduled' AND moderation = 'visible'
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX actions_cell_idx").run()
        try await database.sql.raw("DROP INDEX events_cell_idx").run()
        try await database.schema(HelpAction.schema).deleteField("cell").update()
        try await database.schema(Outing.schema).deleteField("cell").update()
    }
}

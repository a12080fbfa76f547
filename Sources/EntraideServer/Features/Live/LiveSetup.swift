import Vapor
import PostgresKit

enum LiveSetup {
    /// Local delivery with SQLite (one instance); LISTEN/NOTIFY with PostgreSQL.
    static func configure(_ app: Application, config: AppConfig) throws {
        let hub = LiveHub(catalogue: app.catalogue)
        let isPostgres = config.databaseURL.hasPrefix("postgres://") || config.databaseURL.hasPrefix("postgresql://")
        app.live = LiveBus(hub: hub, postgresChannel: isPostgres ? config.liveChannel : nil, database: { [unowned app] in app.db })
        if isPostgres {
            let configuration = try SQLPostgresConfiguration(url: config.databaseURL).coreConfiguration
            app.lifecycle.use(LiveListenerLifecycle(configuration: configuration, channel: config.liveChannel))
        }
    }
}

import Vapor
import Fluent
import Leaf
import EntraideCore

/// Wiring only: settings, database, translations, middleware, routes, commands.
public func configure(_ app: Application, config: AppConfig? = nil, postgresSearchPath: [String]? = nil) async throws {
    let config = config ?? AppConfig.fromEnvironment(app.environment)
    app.config = config
    app.directory = try ProjectDirectory.detect()

    if app.environment == .production && config.secret == AppConfig.developmentSecret {
        app.logger.warning("APP_SECRET is not set: SMS codes and CSRF tokens use a development key")
    }

    try DatabaseSetup.configure(app, url: config.databaseURL, postgresSearchPath: postgresSearchPath)
    Migrations.register(on: app)

    app.catalogue = try Catalogue.load(from: URL(fileURLWithPath: app.directory.resourcesDirectory + "Locales"))
    app.views.use(.leaf)
    app.leaf.tags["t"] = TranslateTag()
    // Bcrypt's cost is what protects stored passwords; the test environment (Swift tests and
    // the e2e server) signs up hundreds of members, so it uses the lowest cost instead of
    // starving the machine. Production and development keep the default cost.
    app.passwords.use(app.environment == .testing ? .bcrypt(cost: 4) : .bcrypt)
    // Dates cross the API as ISO 8601, as the OpenAPI document says.
    ContentConfiguration.global.use(encoder: JSONEncoder.custom(dates: .iso8601), for: .json)
    ContentConfiguration.global.use(decoder: NullCharacterGuard.json(JSONDecoder.custom(dates: .iso8601)), for: .json)
    ContentConfiguration.global.use(decoder: NullCharacterGuard.form(URLEncodedFormDecoder()), for: .urlEncodedForm)
    app.smsProviders = try SMSProviders.make(config, client: app.client)
    if let path = DatabaseSetup.sqlitePath(config.databaseURL) {
        app.smsGroupCommit = SMSGroupCommit(path: path)
        app.lifecycle.use(SMSGroupCommitLifecycle())
    }
    app.smsServiceWords = SMSServices.words(app.catalogue)
    app.feedHints = FeedHints()
    app.feedCache = FeedCellCache()
    app.databases.middleware.use(FeedCacheInvalidation<HelpAction>(cache: app.feedCache))
    app.databases.middleware.use(FeedCacheInvalidation<Outing>(cache: app.feedCache))
    app.screening = try ContentScreening.load(from: app.directory.resourcesDirectory + "Safety")
    app.databases.middleware.use(ScreeningMiddleware<HelpAction>(screening: app.screening))
    app.databases.middleware.use(ScreeningMiddleware<Outing>(screening: app.screening))
    app.databases.middleware.use(ScreeningMiddleware<NeighbourhoodGroup>(screening: app.screening))
    app.databases.middleware.use(ScreeningMiddleware<GroupPost>(screening: app.screening))
    app.databases.middleware.use(ScreeningMiddleware<PostComment>(screening: app.screening))
    app.committee = CommitteeSettings(rule: config.committeeRule)
    app.committee.appliers[.charter] = CharterApplier()
    app.committee.appliers[.sensitiveWords] = SensitiveWordsApplier(screening: app.screening)
    app.committee.appliers[.other] = RecordOnlyApplier()
    app.committee.appliers[.learningContent] = LearningContentApplier()
    app.learningReview = LearningCommitteeReview.review(catalogue: app.catalogue, language: config.defaultLanguage)
    app.translator = try app.makeTranslator(config)
    app.encounterNotes = try EncounterNotesCipher.make(config, environment: app.environment, logger: app.logger)
    try LiveSetup.configure(app, config: config)
    app.http.server.configuration.responseCompression = .enabled
    app.http.server.configuration.requestDecompression = .enabled
    _ = PlatformMetrics.registry

    app.middleware = Middlewares()
    app.middleware.use(RequestMetricsMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(EntraideErrorMiddleware())

    app.lifecycle.use(HousekeepingLifecycle())
    if config.smsWorker { app.lifecycle.use(SMSWorker()) }

    try routes(app)
    Commands.register(on: app)

    if config.autoMigrate {
        try await DatabaseSetup.prepare(app.db)
        try await app.autoMigrate()
    }
    // The committee's approved word-list changes, over the shipped files (skipped, with a
    // warning, before the first migration).
    do {
        try await SensitiveWordsApplier.reload(app.screening, on: app.db)
    } catch {
        app.logger.warning("approved sensitive-word changes not loaded", metadata: ["error": .string("\(error)")])
    }
    try await DatabaseSetup.prepareConnections(app)
}

enum Migrations {
    static func register(on app: Application) {
        app.migrations.add(CreateUsers())
        app.migrations.add(CreateMemberSessions())
        app.migrations.add(CreateOneTimeCodes())
        app.migrations.add(CreatePhoneChanges())
        app.migrations.add(CreateSMSMessages())
        app.migrations.add(CreateRateLimitCounters())
        app.migrations.add(AddGenderToUsers())
        app.migrations.add(CreateMemberships())
        app.migrations.add(CreateBlocks())
        app.migrations.add(CreateHelpActions())
        app.migrations.add(CreateOutings())
        app.migrations.add(CreateNeighbourhoodGroups())
        app.migrations.add(CreateConversations())
        app.migrations.add(CreateNotifications())
        app.migrations.add(CreateIdempotencyKeys())
        app.migrations.add(AddFeedCells())
        app.migrations.add(AddOnlineEventsIndex())
        app.migrations.add(CreateModerationCases())
        app.migrations.add(CreateModerationDecisions())
        app.migrations.add(AddModerationFields())
        app.migrations.add(CreateTextTranslations())
        app.migrations.add(AddMemberPhotos())
        app.migrations.add(ReplaceRateLimitCounters())
        app.migrations.add(AddSMSOutbox())
        app.migrations.add(CreateSMSChannel())
        app.migrations.add(CreateOutreachRounds())
        app.migrations.add(CreatePlaces())
        app.migrations.add(CreatePlaceSuggestions())
        app.migrations.add(CreateLearningJourneys())
        app.migrations.add(CreateLearningJourneyDrafts())
        app.migrations.add(CreateFirstWeek())
        app.migrations.add(CreateCommittee())
    }
}

import Vapor

func routes(_ app: Application) throws {
    try app.register(collection: HealthRoutes())
    try app.register(collection: MetricsRoutes())
    app.get("static", ":file", use: StaticAssets.serve)

    let api = app.grouped("api")
    api.get("openapi.json", use: OpenAPIDocument.serve)
    let v1 = api.grouped("v1").grouped(BearerSessionAuthenticator(), IdempotencyMiddleware())
    try v1.register(collection: AuthAPI())
    try v1.register(collection: MeAPI())
    try v1.register(collection: UsersAPI())
    try v1.register(collection: ActionsAPI())
    try v1.register(collection: OutingsAPI())
    try v1.register(collection: GroupsAPI())
    try v1.register(collection: FeedAPI())
    try v1.register(collection: BlocksAPI())
    try v1.register(collection: ConversationsAPI())
    try v1.register(collection: NotificationsAPI())
    try v1.register(collection: LiveAPI())
    try v1.register(collection: ModerationAPI())
    try v1.register(collection: TranslationsAPI())
    try v1.register(collection: PhotosAPI())
    // Members' photos, for pages (cookie) and apps (bearer) alike.
    app.grouped(CookieSessionAuthenticator(), BearerSessionAuthenticator()).get("photos", ":userID", ":file", use: PhotoService.serve)

    let web = app.grouped(CookieSessionAuthenticator(), LanguagePickerMiddleware(), CSRFMiddleware(), IdempotencyMiddleware())
    try app.register(collection: SMSWebhooks())

    try web.register(collection: HomePage())
    try web.register(collection: AccountPages())
    try web.register(collection: PhotoPages())
    try web.register(collection: ActionPages())
    try web.register(collection: EventPages())
    try web.register(collection: ConversationPages())
    try web.register(collection: NotificationPages())
    try web.register(collection: GroupPages())
    try web.register(collection: FeedPage())
    try web.register(collection: ModerationPages())
    web.get("live", use: LiveSocket.open)
    OfflineApp.register(on: app, pages: web)
}

import Vapor

func routes(_ app: Application) throws {
    try app.register(collection: HealthRoutes())
    try app.register(collection: MetricsRoutes())
    app.get("static", ":file", use: StaticAssets.serve)

    let api = app.grouped("api")
    api.get("openapi.json", use: OpenAPIDocument.serve)
    let v1 = api.grouped("v1").grouped(BearerSessionAuthenticator())
    try v1.register(collection: AuthAPI())
    try v1.register(collection: MeAPI())
    try v1.register(collection: UsersAPI())

    let web = app.grouped(CookieSessionAuthenticator(), LanguagePickerMiddleware(), CSRFMiddleware())
    try web.register(collection: HomePage())
    try web.register(collection: AccountPages())
}

import Vapor
import EntraideCore

/// Every setting the platform reads from its environment, in one place (the README's table
/// lists the same variables).
public struct AppConfig: Sendable {
    /// `entraide.sqlite` in the working directory unless `DATABASE_URL` says otherwise.
    public var databaseURL: String
    /// Keys the HMACs of SMS codes and CSRF tokens. Must be set in production.
    public var secret: String
    public var defaultCountry: String
    public var defaultLanguage: Language
    public var smsDriver: String
    /// Multiplies every rate-limit allowance (tests and load benchmarks raise it).
    public var rateLimitFactor: Int
    /// Read the client address from `X-Forwarded-For` (only behind a trusted proxy).
    public var trustForwardedFor: Bool
    public var autoMigrate: Bool
    /// Cookies get `Secure` everywhere but in development and tests over plain HTTP.
    public var secureCookies: Bool
    /// The PostgreSQL NOTIFY channel that carries live events between instances.
    public var liveChannel: String
    /// `none` (default) or `libretranslate`: who translates member texts on demand.
    public var translatorDriver: String
    /// The LibreTranslate server (`https://translate.example.org`) and its optional API key.
    public var libreTranslateURL: String?
    public var libreTranslateKey: String?

    /// Used when `APP_SECRET` is unset; fine on a laptop, never in production.
    static let developmentSecret = "development-secret-change-me"

    public static func fromEnvironment(_ environment: Environment) -> AppConfig {
        let env = { (name: String) in Environment.get(name).flatMap { $0.isEmpty ? nil : $0 } }
        let isDevelopment = environment == .development || environment == .testing
        return AppConfig(
            databaseURL: env("DATABASE_URL") ?? "entraide.sqlite",
            secret: env("APP_SECRET") ?? developmentSecret,
            defaultCountry: (env("DEFAULT_COUNTRY") ?? "FR").uppercased(),
            defaultLanguage: env("DEFAULT_LANGUAGE").flatMap(Language.init(rawValue:)) ?? .fr,
            smsDriver: env("SMS_DRIVER") ?? "log",
            rateLimitFactor: max(1, env("RATE_LIMIT_FACTOR").flatMap(Int.init) ?? 1),
            trustForwardedFor: env("TRUST_FORWARDED_FOR").map(Self.isTrue) ?? false,
            autoMigrate: env("AUTO_MIGRATE").map(Self.isTrue) ?? true,
            secureCookies: env("SECURE_COOKIES").map(Self.isTrue) ?? !isDevelopment,
            liveChannel: env("LIVE_CHANNEL") ?? "entraide_live",
            translatorDriver: (env("TRANSLATOR") ?? "none").lowercased(),
            libreTranslateURL: env("LIBRETRANSLATE_URL"),
            libreTranslateKey: env("LIBRETRANSLATE_API_KEY")
        )
    }

    static func isTrue(_ value: String) -> Bool {
        ["1", "true", "yes", "on"].contains(value.lowercased())
    }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }

    public var config: AppConfig {
        get {
            guard let config = storage[ConfigKey.self] else { fatalError("configure(_:) sets the configuration first") }
            return config
        }
        set { storage[ConfigKey.self] = newValue }
    }
}

extension Request {
    var config: AppConfig { application.config }
}

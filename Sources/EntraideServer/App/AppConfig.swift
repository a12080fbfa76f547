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
    /// `log` (default), `twilio` or `android`: who sends SMS. `SMS_FALLBACK_DRIVER` names a
    /// second provider the outbox turns to when the first keeps failing.
    public var smsDriver: String
    public var smsFallbackDriver: String?
    /// Twilio, or any provider speaking its API (`TWILIO_BASE_URL` points elsewhere).
    public var twilioAccountSID: String?
    public var twilioAuthToken: String?
    /// A phone number, or a messaging service id (`MG…`).
    public var twilioFrom: String?
    public var twilioBaseURL: String
    /// A self-hosted Android SMS gateway (`http://phone.local:8080`), its login, and the
    /// secret its webhooks are signed with.
    public var androidGatewayURL: String?
    public var androidGatewayUsername: String?
    public var androidGatewayPassword: String?
    public var androidWebhookSecret: String?
    /// How many SMS one number may receive a day, whatever their purpose (codes aside).
    public var smsDailyCap: Int
    /// Runs the loop that sends the outbox, news batches and digests (tests drive it by hand).
    public var smsWorker: Bool
    /// The address the world reaches this server at (`https://entraide.example.org`):
    /// provider callbacks and Twilio's signatures are computed on it.
    public var publicURL: String?
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
    /// `ENCOUNTER_NOTES_KEY`: 32 bytes in base64 that seal the notes of outreach encounters
    /// (`EncounterNotesCipher`). Required in production.
    public var encounterNotesKey: String? = nil
    /// `COMMITTEE_MAJORITY` (`1/2` = more than half, the default; `2/3` = at least two thirds;
    /// `>` or `>=` in front says it explicitly, see `CommitteeMajority`) and `COMMITTEE_QUORUM`
    /// (fewest votes before the committee decides, 1 by default).
    public var committeeRule: CommitteeRule = CommitteeRule()

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
            smsDriver: (env("SMS_DRIVER") ?? "log").lowercased(),
            smsFallbackDriver: env("SMS_FALLBACK_DRIVER")?.lowercased(),
            twilioAccountSID: env("TWILIO_ACCOUNT_SID"),
            twilioAuthToken: env("TWILIO_AUTH_TOKEN"),
            twilioFrom: env("TWILIO_FROM"),
            twilioBaseURL: env("TWILIO_BASE_URL") ?? "https://api.twilio.com",
            androidGatewayURL: env("ANDROID_SMS_URL"),
            androidGatewayUsername: env("ANDROID_SMS_USERNAME"),
            androidGatewayPassword: env("ANDROID_SMS_PASSWORD"),
            androidWebhookSecret: env("ANDROID_SMS_WEBHOOK_SECRET"),
            smsDailyCap: max(1, env("SMS_DAILY_CAP").flatMap(Int.init) ?? 10),
            smsWorker: env("SMS_WORKER").map(Self.isTrue) ?? true,
            publicURL: env("PUBLIC_URL").map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 },
            rateLimitFactor: max(1, env("RATE_LIMIT_FACTOR").flatMap(Int.init) ?? 1),
            trustForwardedFor: env("TRUST_FORWARDED_FOR").map(Self.isTrue) ?? false,
            autoMigrate: env("AUTO_MIGRATE").map(Self.isTrue) ?? true,
            secureCookies: env("SECURE_COOKIES").map(Self.isTrue) ?? !isDevelopment,
            liveChannel: env("LIVE_CHANNEL") ?? "entraide_live",
            translatorDriver: (env("TRANSLATOR") ?? "none").lowercased(),
            libreTranslateURL: env("LIBRETRANSLATE_URL"),
            libreTranslateKey: env("LIBRETRANSLATE_API_KEY"),
            encounterNotesKey: env("ENCOUNTER_NOTES_KEY"),
            committeeRule: CommitteeRule(majority: env("COMMITTEE_MAJORITY").flatMap(CommitteeMajority.init) ?? .simple,
                                         quorum: env("COMMITTEE_QUORUM").flatMap(Int.init) ?? 1)
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

import Vapor
import EntraideCore

/// Turns member texts into the reader's language on demand ("Translate" / "See original").
///
/// Drivers: `none` (the default: nothing leaves the server and no "Translate" link shows) and
/// `libretranslate` (a LibreTranslate server the association runs or rents). Answers are kept
/// in `text_translations`, so a text is sent to the provider once per language.
protocol Translator: Sendable {
    /// The `TRANSLATOR` value that selects this driver.
    var driver: String { get }
    /// False for `none`: pages hide the "Translate" link and the API answers `translation.unavailable`.
    var isEnabled: Bool { get }
    /// One translation per text, in the order given.
    func translate(_ texts: [String], to target: Language) async throws -> [MachineTranslation]
}

struct MachineTranslation: Sendable, Equatable {
    let text: String
    /// The language the provider detected, when it says ("fr", "ps"…).
    let sourceLanguage: String?
}

/// Why a provider gave no translation; each becomes a stable, translated error code.
enum TranslatorError: Error, Equatable {
    case unavailable
    case unsupportedLanguage(Language)
    case providerFailed(status: UInt)
}

/// The default: translates nothing.
struct NoTranslator: Translator {
    var driver: String { "none" }
    var isEnabled: Bool { false }
    func translate(_ texts: [String], to target: Language) async throws -> [MachineTranslation] {
        throw TranslatorError.unavailable
    }
}

extension Application {
    private struct TranslatorKey: StorageKey { typealias Value = any Translator }

    /// Chosen at configuration time from `TRANSLATOR` (tests may replace it).
    var translator: any Translator {
        get { storage[TranslatorKey.self] ?? NoTranslator() }
        set { storage[TranslatorKey.self] = newValue }
    }

    /// The driver `TRANSLATOR` names; an unknown name is refused at start-up rather than
    /// silently translating nothing.
    func makeTranslator(_ config: AppConfig) throws -> any Translator {
        switch config.translatorDriver {
        case "none":
            return NoTranslator()
        case "libretranslate":
            guard let url = config.libreTranslateURL, let base = URL(string: url), base.scheme?.hasPrefix("http") == true else {
                throw Abort(.internalServerError, reason: "TRANSLATOR=libretranslate needs LIBRETRANSLATE_URL (http:// or https://)")
            }
            return LibreTranslateTranslator(baseURL: base, apiKey: config.libreTranslateKey, client: client)
        default:
            throw Abort(.internalServerError, reason: "TRANSLATOR must be `none` or `libretranslate`, not `\(config.translatorDriver)`")
        }
    }
}

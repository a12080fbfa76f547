import Vapor
import EntraideCore

extension Application {
    private struct CatalogueKey: StorageKey { typealias Value = Catalogue }

    /// The translations of every text, loaded once at start-up from `Resources/Locales`.
    var catalogue: Catalogue {
        get { storage[CatalogueKey.self] ?? Catalogue(texts: [:]) }
        set { storage[CatalogueKey.self] = newValue }
    }
}

extension Request {
    private struct LanguageKey: StorageKey { typealias Value = Language }

    /// The language of this reply: the member's setting, else `?lang=`, else the `lang`
    /// cookie the language picker sets, else `Accept-Language`.
    var language: Language {
        if let chosen = storage[LanguageKey.self] { return chosen }
        let chosen = LanguageNegotiation.choose(
            memberSetting: auth.get(User.self)?.language,
            queryParameter: query[String.self, at: "lang"],
            cookie: cookies["lang"]?.string,
            acceptLanguage: headers.first(name: .acceptLanguage),
            available: application.catalogue.languages,
            fallback: application.config.defaultLanguage
        )
        // Only cache once the member is known, so a later login changes the language.
        if auth.has(User.self) { storage[LanguageKey.self] = chosen }
        return chosen
    }

    func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        application.catalogue.text(key, language, arguments)
    }
}

import Vapor
import EntraideCore

/// The "Translate" / "See original" links of one member text on a page, and its
/// translation when the page was asked for it (`?translate=<id>`). Plain links, so it works
/// without JavaScript; nothing shows when the translator is `none` or the text is the reader's own.
struct PageTranslation: Encodable {
    /// Shown while the original is on the page.
    let translateURL: String?
    /// Shown with the translation.
    let originalURL: String?
    /// The translated texts by field ("title", "description", "body"…).
    let fields: [String: String]?
    /// "Machine translation from: Français".
    let note: String?
    /// Why no translation came (the original stays on the page).
    let error: String?

    static let parameter = "translate"

    static func of(_ req: Request, _ subject: TranslatableSubject, _ id: UUID, authorID: UUID?, viewer: User,
                   anchor: String? = nil) async -> PageTranslation? {
        let translator = req.application.translator
        guard translator.isEnabled, authorID != viewer.id else { return nil }
        let fragment = anchor.map { "#" + $0 } ?? ""
        let original = url(req, translating: nil) + fragment
        let translate = url(req, translating: id) + fragment
        guard req.query[String.self, at: parameter]?.lowercased() == id.uuidString.lowercased() else {
            return PageTranslation(translateURL: translate, originalURL: nil, fields: nil, note: nil, error: nil)
        }
        do {
            try await req.rateLimit(.translatePerMember, key: viewer.requireID().uuidString)
            let fields = try await TranslationService.translate(subject, id, to: req.language, viewer: viewer,
                                                                translator: translator, on: req.db)
            let source = fields.compactMap(\.sourceLanguage).first.flatMap(LanguageNegotiation.parse)
            let note = source.map { req.t("page.translation.machine_from", ["language": $0.endonym]) } ?? req.t("page.translation.machine")
            return PageTranslation(translateURL: nil, originalURL: original,
                                   fields: Dictionary(fields.map { ($0.field, $0.text) }, uniquingKeysWith: { first, _ in first }),
                                   note: note, error: nil)
        } catch let error as AppError {
            return PageTranslation(translateURL: translate, originalURL: nil, fields: nil, note: nil, error: req.t(error.code, error.arguments))
        } catch {
            req.logger.warning("translation failed: \(String(reflecting: type(of: error)))")
            return PageTranslation(translateURL: translate, originalURL: nil, fields: nil, note: nil, error: req.t("translation.failed"))
        }
    }

    /// The page's own URL with `translate` set or removed; its other parameters (a cursor) kept.
    static func url(_ req: Request, translating id: UUID?) -> String {
        var items = (URLComponents(string: req.url.string)?.queryItems ?? []).filter { $0.name != parameter && $0.name != "lang" }
        if let id { items.append(URLQueryItem(name: parameter, value: id.uuidString.lowercased())) }
        var components = URLComponents()
        components.path = req.url.path
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? req.url.path
    }
}

import Vapor
import EntraideCore

struct TranslationDTO: Content {
    let subjectType: TranslatableSubject
    let subjectID: UUID
    /// The language of the translation.
    let target: Language
    let driver: String
    let fields: [TranslatedField]
}

/// `GET /api/v1/translations/{subjectType}/{id}?to=xx`: another member's text in my language
/// (or `to`), for the "Translate" button. A GET, so offline clients may keep the answer.
struct TranslationsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("translations", ":subjectType", ":subjectID", use: Self.show)
    }

    static func show(_ req: Request) async throws -> TranslationDTO {
        let user = try req.requireMember()
        guard let subject = req.parameters.get("subjectType").flatMap(TranslatableSubject.init(rawValue:)) else {
            throw AppError(.unprocessableEntity, "translation.subject_unsupported", field: "subjectType")
        }
        guard let id = req.parameters.get("subjectID", as: UUID.self) else { throw AppError.notFound() }
        let target = try targetLanguage(req)
        try await req.rateLimit(.translatePerMember, key: user.requireID().uuidString)
        let fields = try await TranslationService.translate(subject, id, to: target, viewer: user,
                                                            translator: req.application.translator, on: req.db)
        return TranslationDTO(subjectType: subject, subjectID: id, target: target, driver: req.application.translator.driver, fields: fields)
    }

    /// `?to=` when given (one of our languages), else the language the answer is written in.
    static func targetLanguage(_ req: Request) throws -> Language {
        guard let code = req.query[String.self, at: "to"] else { return req.language }
        guard let language = Language(rawValue: code.lowercased()) else {
            throw AppError(.unprocessableEntity, "translation.language_unknown", field: "to")
        }
        return language
    }
}

import Vapor
import Fluent
import EntraideCore

/// What a member may ask to translate: the texts other members wrote that they can see.
enum TranslatableSubject: String, Codable, CaseIterable, Sendable {
    case action, event, group, post, comment, message, member
}

/// One text of a subject, translated ("title", "description", "body", "about"…).
struct TranslatedField: Content, Equatable {
    let field: String
    let text: String
    let sourceLanguage: String?
}

enum TranslationService {
    /// The translations of `texts` into `target`, in the order given: from the cache when a
    /// text was translated before, from the provider in one request for the others.
    static func translate(_ texts: [String], to target: Language, translator: any Translator,
                          on database: any Database) async throws -> [MachineTranslation] {
        guard translator.isEnabled else { throw AppError(.notFound, "translation.unavailable") }
        let digests = texts.map(TextTranslation.digest(of:))
        var known: [String: MachineTranslation] = [:]
        if !digests.isEmpty {
            for row in try await TextTranslation.query(on: database)
                .filter(\.$digest ~~ Array(Set(digests))).filter(\.$target == target.rawValue).all() {
                known[row.digest] = MachineTranslation(text: row.text, sourceLanguage: row.sourceLanguage)
            }
        }
        var missing: [(digest: String, text: String)] = []
        for (digest, text) in zip(digests, texts) where known[digest] == nil && !missing.contains(where: { $0.digest == digest }) {
            missing.append((digest, text))
        }
        if !missing.isEmpty {
            let fresh: [MachineTranslation]
            do {
                fresh = try await translator.translate(missing.map(\.text), to: target)
            } catch let error as TranslatorError {
                throw appError(error)
            }
            for (item, translation) in zip(missing, fresh) {
                known[item.digest] = translation
                let row = TextTranslation(digest: item.digest, target: target.rawValue, translation: translation, driver: translator.driver)
                do {
                    try await row.create(on: database)
                } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
                    // Another request translated the same text at the same time: either copy will do.
                }
            }
        }
        return digests.map { known[$0]! }
    }

    static func appError(_ error: TranslatorError) -> AppError {
        switch error {
        case .unavailable: AppError(.notFound, "translation.unavailable")
        case .unsupportedLanguage(let language):
            AppError(.unprocessableEntity, "translation.language_unsupported", field: "to", arguments: ["language": language.endonym])
        case .providerFailed: AppError(.badGateway, "translation.failed")
        }
    }

    /// The texts of a subject `viewer` can read, field by field, empty ones left out. Anything
    /// the viewer cannot see answers "not found", as everywhere else.
    static func texts(of subject: TranslatableSubject, _ id: UUID, viewer: User,
                      on database: any Database) async throws -> [(field: String, text: String)] {
        let fields: [(String, String?)]
        switch subject {
        case .action:
            let action = try await ActionService.visible(id, to: viewer, on: database)
            fields = [("title", action.title), ("description", action.details)]
        case .event:
            let outing = try await OutingService.visible(id, to: viewer, on: database)
            fields = [("title", outing.title), ("description", outing.details)]
        case .group:
            let (group, _) = try await GroupService.visible(id, to: viewer, on: database)
            var texts: [(String, String?)] = [("name", group.name), ("description", group.details)]
            if let (readable, _) = try? await GroupService.readable(id, by: viewer, on: database) {
                texts += [("welcomeMessage", readable.welcomeMessage), ("charter", readable.charter)]
            }
            fields = texts
        case .post:
            let (post, _, _) = try await PostService.readable(id, by: viewer, on: database)
            fields = [("body", post.body)]
        case .comment:
            guard let comment = try await PostComment.find(id, on: database) else { throw AppError.notFound("comment.not_found") }
            _ = try await PostService.readable(comment.$post.id, by: viewer, on: database)
            guard comment.moderation == ModerationState.visible.rawValue || comment.$author.id == viewer.id else {
                throw AppError.notFound("comment.not_found")
            }
            fields = [("body", comment.body)]
        case .message:
            guard let message = try await Message.find(id, on: database),
                  try await MembershipService.find(.conversation, message.$conversation.id, userID: viewer.requireID(), on: database) != nil
            else { throw AppError.notFound("message.not_found") }
            fields = [("body", message.body)]
        case .member:
            guard let user = try await User.find(id, on: database), user.isActive,
                  user.aboutHeldReasons == nil || user.id == viewer.id
            else { throw AppError.notFound("user.not_found") }
            fields = [("about", user.about)]
        }
        return fields.compactMap { name, text in
            guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            return (name, text)
        }
    }

    /// A subject's texts in `target`, for the API and the pages.
    static func translate(_ subject: TranslatableSubject, _ id: UUID, to target: Language, viewer: User,
                          translator: any Translator, on database: any Database) async throws -> [TranslatedField] {
        guard translator.isEnabled else { throw AppError(.notFound, "translation.unavailable") }
        let texts = try await texts(of: subject, id, viewer: viewer, on: database)
        let translations = try await translate(texts.map(\.text), to: target, translator: translator, on: database)
        return zip(texts, translations).map { TranslatedField(field: $0.field, text: $1.text, sourceLanguage: $1.sourceLanguage) }
    }
}

import Vapor
import Fluent
import EntraideCore

/// Screens public content whenever it is written through Fluent (API, web pages, demo data
/// alike): a text that could locate someone or hits a word list is saved as held, with its
/// reasons, and a case opens in the moderation queue; an edit that removes the problem
/// publishes it again and closes that case. Content a moderator hid stays hidden, and text a
/// moderator approved is not held again until it changes.
struct ScreeningMiddleware<Content: ScreenedContent>: AsyncModelMiddleware {
    typealias Model = Content
    let screening: ContentScreening

    func create(model: Content, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        let reasons = screen(model)
        try await next.create(model, on: db)
        if !reasons.isEmpty { try await ModerationCases.hold(model, reasons: reasons, on: db) }
    }

    func update(model: Content, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        let wasHeld = model.heldReasons != nil
        let reasons = screen(model)
        try await next.update(model, on: db)
        if !reasons.isEmpty {
            try await ModerationCases.hold(model, reasons: reasons, on: db)
        } else if wasHeld {
            try await ModerationCases.release(model, on: db)
        }
    }

    /// Sets the state the texts call for and returns the reasons to hold them, if any.
    private func screen(_ model: Content) -> [String] {
        guard model.moderation != ModerationState.hidden.rawValue else { return [] }
        if let reviewed = model.reviewedHash, reviewed == ContentScreening.fingerprint(model.screenedTexts) { return [] }
        let reasons = ContentScreening.reasons(screening.findings(in: model.screenedTexts, language: nil))
        if reasons.isEmpty {
            if model.heldReasons != nil {
                model.heldReasons = nil
                model.moderation = ModerationState.visible.rawValue
            }
        } else {
            model.heldReasons = reasons.joined(separator: ",")
            model.moderation = ModerationState.held.rawValue
        }
        return reasons
    }
}

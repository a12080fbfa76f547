import Vapor
import Fluent
import EntraideCore

/// The back-office where staff write journeys (`/staff/learning`), without JavaScript: the list
/// with each language's state and the proposals waiting, a new journey, a language's text in
/// the journey markup, and a preview as members will see it. There is no publish button: a
/// submitted text goes to the street committee (`LearningReview`).
struct LearningEditorPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped("staff", "learning")
        staff.get(use: Self.list)
        staff.get("new", use: Self.newForm)
        staff.post("new", use: Self.create)
        staff.get(":journey", ":language", use: Self.edit)
        staff.post(":journey", ":language", use: Self.save)
        staff.get(":journey", ":language", "preview", use: Self.preview)
    }

    /// Staff who edit journeys; nil for a visitor (sent to sign in), 403 for anyone else —
    /// the committee included: reviewers do not write what they review.
    static func editor(_ req: Request) throws -> User? {
        guard let user = req.auth.get(User.self) else { return nil }
        let roles = Set(req.authenticated?.roles ?? [])
        guard !roles.isDisjoint(with: LearningDraftService.editors.map(\.rawValue)) else { throw AppError.forbidden }
        return user
    }

    static func date(_ date: Date?, _ req: Request) -> String {
        guard let date else { return "" }
        return PageClock.dayAndTime(date, req.language)
    }

    static func statusText(_ status: LearningJourneyDraft.Status, _ req: Request) -> String {
        req.t("learning.editor.draft_status.\(status.rawValue)")
    }

    // MARK: List

    struct LanguageLink: Encodable {
        let link: String
        let name: String
        let state: String
    }

    struct JourneyRow: Encodable {
        let slug: String
        let title: String
        let status: String
        let languages: [LanguageLink]
    }

    struct DraftRow: Encodable {
        let link: String
        let journey: String
        let language: String
        let status: String
        let author: String
        let when: String
    }

    struct ListPage: Encodable {
        let page: PageContext
        let journeys: [JourneyRow]
        let drafts: [DraftRow]
    }

    static func list(_ req: Request) async throws -> Response {
        guard try editor(req) != nil else { return req.redirect(to: "/login") }
        let journeys = try await LearningJourney.query(on: req.db).sort(\.$position).sort(\.$slug).all()
        let texts = try await LearningJourneyText.query(on: req.db).all()
        let drafts = try await LearningDraftService.pending(on: req.db)
        let authors = try await User.query(on: req.db).filter(\.$id ~~ Array(Set(drafts.map(\.$author.id)))).all()
        let slugs = Dictionary(uniqueKeysWithValues: journeys.compactMap { journey in journey.id.map { ($0, journey.slug) } })
        let rows = try journeys.map { journey in
            let own = texts.filter { $0.$journey.id == journey.id }
            let title = try LearningService.load(journey, texts: own, for: req.language)?.document.title ?? journey.slug
            let languages = Language.allCases.map { language in
                let published = own.contains { $0.language == language.rawValue }
                let open = drafts.first { $0.$journey.id == journey.id && $0.language == language.rawValue }
                var state = [published ? req.t("learning.editor.published") : req.t("learning.editor.not_written")]
                if let open { state.append(statusText(open.draftStatus, req)) }
                return LanguageLink(link: "/staff/learning/\(journey.slug)/\(language.rawValue)", name: language.endonym,
                                    state: state.joined(separator: ", "))
            }
            return JourneyRow(slug: journey.slug, title: title, status: req.t("learning.status.\(journey.journeyStatus.rawValue)"),
                              languages: languages)
        }
        let draftRows = drafts.compactMap { draft -> DraftRow? in
            guard let slug = slugs[draft.$journey.id], let language = Language(rawValue: draft.language) else { return nil }
            return DraftRow(link: "/staff/learning/\(slug)/\(language.rawValue)", journey: slug, language: language.endonym,
                            status: statusText(draft.draftStatus, req),
                            author: authors.first { $0.id == draft.$author.id }?.displayName ?? "",
                            when: date(draft.updatedAt ?? draft.createdAt, req))
        }
        return try await req.view.render("learning/editor/list", ListPage(page: PageContext(req, titleKey: "page.learning_editor.title"),
                                                                          journeys: rows, drafts: draftRows)).encodeResponse(for: req)
    }

    // MARK: New journey

    struct FamilyOption: Encodable {
        let code: String
        let name: String
        let selected: Bool
    }

    struct NewPage: Encodable {
        let page: PageContext
        let form: FormState
        let families: [FamilyOption]
    }

    static let newFields: Set<String> = ["slug", "family", "estimatedMinutes", "position"]

    static func renderNew(_ req: Request, form: FormState) -> NewPage {
        NewPage(page: PageContext(req, titleKey: "page.learning_editor.new_title"), form: form,
                families: JourneyFamily.allCases.map {
                    FamilyOption(code: $0.rawValue, name: req.t("learning.family.\($0.rawValue)"), selected: form.values["family"] == $0.rawValue)
                })
    }

    static func newForm(_ req: Request) async throws -> Response {
        guard try editor(req) != nil else { return req.redirect(to: "/login") }
        let form = FormState(values: ["estimatedMinutes": "10", "position": "10"])
        return try await req.view.render("learning/editor/new", renderNew(req, form: form)).encodeResponse(for: req)
    }

    static func create(_ req: Request) async throws -> Response {
        guard try editor(req) != nil else { return req.redirect(to: "/login") }
        let fields = try CommunityForm.fields(req)
        do {
            let journey = try await LearningDraftService.create(.init(
                slug: fields["slug"] ?? "", family: fields["family"] ?? "", estimatedMinutes: fields["estimatedMinutes"] ?? "",
                position: fields["position"] ?? ""), on: req.db)
            return req.redirect(to: "/staff/learning/\(journey.slug)/\(Language.reference.rawValue)")
        } catch {
            let form = FormState.failed(error, values: fields, req).placed(on: newFields)
            return try await AccountPages.renderFailed("learning/editor/new", renderNew(req, form: form), error, req)
        }
    }

    // MARK: Editing a language

    struct EditPage: Encodable {
        let page: PageContext
        let slug: String
        let language: String
        let languageName: String
        let target: String
        let preview: String
        let markup: String
        let error: String?
        let notices: [String]
        let cheatsheet: String
    }

    /// What the text area starts with: the open proposal, else what members read, else the
    /// French to translate from, else a skeleton to fill in.
    static func startingText(_ journey: LearningJourney, _ language: Language, _ req: Request) async throws -> (String, [String]) {
        var notices: [String] = []
        let published = try await LearningDraftService.published(journey, language, on: req.db)
        notices.append(journey.journeyStatus == .published
            ? req.t("learning.editor.members_read_published") : req.t("learning.editor.never_published"))
        if let draft = try await LearningDraftService.pending(journey, language, on: req.db) {
            if draft.draftStatus == .inReview {
                notices.append(req.t("learning.editor.in_review_notice", ["date": date(draft.submittedAt, req)]))
            } else {
                notices.append(req.t("learning.editor.draft_notice", ["date": date(draft.updatedAt ?? draft.createdAt, req)]))
            }
            return (JourneyMarkup.write(try draft.decoded()), notices)
        }
        if let published { return (JourneyMarkup.write(published), notices) }
        if language != .reference, let reference = try await LearningDraftService.reference(for: journey, on: req.db) {
            notices.append(req.t("learning.editor.translate_notice"))
            return (JourneyMarkup.write(reference), notices)
        }
        return (req.t("learning.editor.skeleton") + "\n", notices)
    }

    static func renderEdit(_ req: Request, journey: LearningJourney, language: Language, markup: String?, error: String?,
                           status: HTTPStatus = .ok) async throws -> Response {
        var (text, notices) = try await startingText(journey, language, req)
        if req.query[String.self, at: "done"] == "saved" { notices.insert(req.t("learning.editor.saved"), at: 0) }
        if req.query[String.self, at: "done"] == "submitted" { notices.insert(req.t("learning.editor.submitted"), at: 0) }
        if let markup { text = markup }
        let base = "/staff/learning/\(journey.slug)/\(language.rawValue)"
        var context = PageContext(req, titleKey: "page.learning_editor.edit_title")
        context.title = "\(journey.slug) · \(language.endonym)"
        let page = EditPage(page: context, slug: journey.slug, language: language.rawValue, languageName: language.endonym,
                            target: base, preview: base + "/preview", markup: text, error: error, notices: notices,
                            cheatsheet: req.t("learning.editor.cheatsheet"))
        return try await req.view.render("learning/editor/edit", page).encodeResponse(status: status, for: req)
    }

    static func edit(_ req: Request) async throws -> Response {
        guard try editor(req) != nil else { return req.redirect(to: "/login") }
        let journey = try await LearningDraftService.journey(req.parameters.get("journey"), on: req.db)
        let language = try LearningDraftService.language(req.parameters.get("language"))
        return try await renderEdit(req, journey: journey, language: language, markup: nil, error: nil)
    }

    struct EditForm: Decodable {
        let markup: String?
        let action: String?
    }

    /// "Save" keeps the text as a draft; "Submit" also sends it to the committee. Either way
    /// a mistake brings the page back with its line and the text exactly as it was sent.
    static func save(_ req: Request) async throws -> Response {
        guard let user = try editor(req) else { return req.redirect(to: "/login") }
        let journey = try await LearningDraftService.journey(req.parameters.get("journey"), on: req.db)
        let language = try LearningDraftService.language(req.parameters.get("language"))
        let form = try req.content.decode(EditForm.self)
        let markup = form.markup ?? ""
        do {
            if form.action == "submit" {
                _ = try await LearningDraftService.submit(markup, journey: journey, language: language, by: user,
                                                          review: req.application.learningReview, on: req.db)
            } else {
                try await LearningDraftService.save(markup, journey: journey, language: language, by: user, on: req.db)
            }
            return req.redirect(to: "/staff/learning/\(journey.slug)/\(language.rawValue)?done=\(form.action == "submit" ? "submitted" : "saved")")
        } catch {
            let appError = EntraideErrorMiddleware.appError(for: error, request: req)
            guard appError.status == .unprocessableEntity || appError.status == .conflict else { throw error }
            return try await renderEdit(req, journey: journey, language: language, markup: markup,
                                        error: message(appError, req), status: appError.status)
        }
    }

    /// The translated error, after the line it is about when it has one.
    static func message(_ error: AppError, _ req: Request) -> String {
        let text = req.t(error.code, error.arguments)
        guard let line = error.arguments["line"] else { return text }
        return req.t("learning.markup.at_line", ["line": line, "message": text])
    }

    // MARK: Preview

    struct OutlineArticle: Encodable {
        let link: String
        let title: String
        let current: Bool
    }

    struct OutlineChapter: Encodable {
        let title: String
        let articles: [OutlineArticle]
    }

    struct PreviewPage: Encodable {
        let page: PageContext
        let preview: Bool
        let edit: String
        let notice: String
        let journeyTitle: String
        let summary: String
        let chapters: [OutlineChapter]
        let title: String
        let blocks: [LearningPages.BlockView]
        let challengeTitle: String
        let challengeText: String
    }

    /// The open proposal (else what members read) with the learning pages' own blocks, one
    /// article at a time like members read it.
    static func preview(_ req: Request) async throws -> Response {
        guard try editor(req) != nil else { return req.redirect(to: "/login") }
        let journey = try await LearningDraftService.journey(req.parameters.get("journey"), on: req.db)
        let language = try LearningDraftService.language(req.parameters.get("language"))
        let draft = try await LearningDraftService.pending(journey, language, on: req.db)
        let published = draft == nil ? try await LearningDraftService.published(journey, language, on: req.db) : nil
        guard let document = try draft?.decoded() ?? published else { throw AppError.notFound("learning.editor.nothing_to_preview") }
        let base = "/staff/learning/\(journey.slug)/\(language.rawValue)"
        let wanted = req.query[String.self, at: "article"]
        guard let place = document.place(of: wanted ?? document.articles[0].key) else { throw AppError.notFound("learning.article_not_found") }
        let chapters = document.chapters.map { chapter in
            OutlineChapter(title: chapter.title, articles: chapter.articles.map {
                OutlineArticle(link: base + "/preview?article=\($0.key)", title: $0.title, current: $0.key == place.article.key)
            })
        }
        var context = PageContext(req, titleKey: "page.learning_editor.preview_title")
        context.title = req.t("page.learning_editor.preview_title") + " · " + place.article.title
        let page = PreviewPage(
            page: context, preview: true, edit: base,
            notice: req.t(draft == nil ? "learning.editor.preview_published" : "learning.editor.preview_draft",
                          ["status": draft.map { statusText($0.draftStatus, req) } ?? ""]),
            journeyTitle: document.title, summary: document.summary, chapters: chapters, title: place.article.title,
            blocks: place.article.blocks.map { LearningPages.blockView($0, article: place.article.key, progress: nil, attempt: nil, preview: true, req) },
            challengeTitle: document.challenge.title, challengeText: document.challenge.text)
        return try await req.view.render("learning/editor/preview", page).encodeResponse(for: req)
    }
}

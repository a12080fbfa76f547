import Vapor
import Leaf
import LeafKit
import NIOConcurrencyHelpers

/// The web app a member installs on a phone and keeps using without signal: its manifest,
/// its service worker (`Public/sw.js`, served at the root so it covers every page), and the
/// small page shown for a page never opened on that phone. What the worker does lives in
/// `Public/sw.js`; what it works on is decided here, in one place.
enum OfflineApp {
    /// Pages whose last copy the worker keeps, to be read again without signal: each path
    /// and everything under it (`/conversations` covers `/conversations/<id>`). The network
    /// always comes first; the copy is shown only when it fails. Add a page here and its
    /// copies are kept too (`/services` is the services directory's list and places).
    static let readablePaths = [
        "/feed", "/conversations", "/events", "/services",
        // Pages whose form can be written without signal (see `queuedForms`) must open too.
        "/groups", "/actions/new",
        // A round's page, open on a phone in the street.
        "/rounds",
    ]

    /// Forms that, sent without signal, are kept on the phone and sent again when the signal
    /// returns, under the same `Idempotency-Key` (never lost, never twice). `*` stands for one
    /// path segment. The page shows them where they were written: its form carries
    /// `data-offline-queue="<field to show>"`.
    static let queuedForms = ["/conversations/*/messages", "/groups/*/posts", "/actions", "/rounds/*/encounters"]

    /// Shown by the worker for a page never opened on the phone; stored when it installs, and
    /// again when the member changes language or another member signs in.
    static let offlinePath = "/offline"

    /// Files of `Public/` the worker stores when it installs (others of `/static/` on first use).
    static let precachedFiles = ["app.css", "app.js", "icon.svg"]

    /// The colours of `Public/app.css` (`--accent`, `--bg`): the installed app's bar and splash.
    static let themeColour = "#0b5c4a"
    static let backgroundColour = "#ffffff"

    static func register(on app: Application, pages: any RoutesBuilder) {
        app.leaf.tags["asset"] = AssetTag()
        app.leaf.tags["inlineIcon"] = InlineIconTag()
        app.leaf.tags["offlineOwner"] = OwnerTag()
        app.get("manifest.webmanifest", use: manifest)
        app.get("sw.js", use: serviceWorker)
        pages.get("offline", use: offlinePage)
    }

    // MARK: Manifest

    struct Manifest: Encodable {
        struct Icon: Encodable {
            let src: String
            let sizes: String
            let type: String
        }

        let name = "Entraide"
        let shortName = "Entraide"
        let id = "/feed"
        let startUrl = "/feed"
        let scope = "/"
        let display = "standalone"
        let themeColor = OfflineApp.themeColour
        let backgroundColor = OfflineApp.backgroundColour
        let icons: [Icon]
    }

    static func manifest(_ req: Request) async throws -> Response {
        let app = req.application
        // The SVG draws at any size; Chromium still wants PNGs of 192 and 512 pixels to install.
        let manifest = Manifest(icons: [
            .init(src: StaticAssets.url(for: "icon.svg", in: app), sizes: "any", type: "image/svg+xml"),
            .init(src: StaticAssets.url(for: "icon-192.png", in: app), sizes: "192x192", type: "image/png"),
            .init(src: StaticAssets.url(for: "icon-512.png", in: app), sizes: "512x512", type: "image/png"),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/manifest+json")
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=86400")
        return Response(status: .ok, headers: headers, body: .init(data: try encoder.encode(manifest)))
    }

    // MARK: Service worker

    /// What `sw.js` is told, written as `var CONFIG = {…};` above the file's own text: the
    /// fingerprinted names change with every new stylesheet or script, and so does the
    /// worker's text, so browsers install the new worker, which stores the new files.
    struct WorkerConfig: Encodable {
        let version: String
        let offline: String
        let precache: [String]
        let pages: [String]
        let queued: [String]
    }

    private static let renderedWorker = NIOLockedValueBox<(script: String, etag: String)?>(nil)

    static func workerScript(_ app: Application) throws -> (script: String, etag: String) {
        if let known = renderedWorker.withLockedValue({ $0 }) { return known }
        let path = app.directory.publicDirectory + "sw.js"
        guard let source = FileManager.default.contents(atPath: path) else { throw AppError.notFound() }
        let files = precachedFiles.map { StaticAssets.url(for: $0, in: app) }
        let text = String(decoding: source, as: UTF8.self)
        let version = String(Secrets.sha256(([text, offlinePath] + files + readablePaths + queuedForms).joined(separator: "\n")).prefix(12))
        let config = WorkerConfig(version: version, offline: offlinePath, precache: files,
                                  pages: readablePaths, queued: queuedForms)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(config), as: UTF8.self)
        let rendered = (script: "var CONFIG = \(json);\n\(text)", etag: "\"\(version)\"")
        renderedWorker.withLockedValue { $0 = rendered }
        return rendered
    }

    /// A stable URL at the root (its scope is every page), never cached without asking: the
    /// browser compares it byte for byte to learn of a new version, and a 304 costs nothing.
    static func serviceWorker(_ req: Request) async throws -> Response {
        let worker = try workerScript(req.application)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/javascript; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        headers.replaceOrAdd(name: "Service-Worker-Allowed", value: "/")
        headers.replaceOrAdd(name: .eTag, value: worker.etag)
        if req.headers.first(name: .ifNoneMatch) == worker.etag {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(string: worker.script))
    }

    // MARK: The page never seen

    struct OfflinePage: Encodable {
        let page: PageContext
    }

    /// Stored by the worker in the member's language (`Content-Language` tells it when the
    /// language changed) and shown in place of a page it has no copy of.
    static func offlinePage(_ req: Request) async throws -> Response {
        let response = try await req.view.render("offline", OfflinePage(page: PageContext(req, titleKey: "web.offline.title")))
            .encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .contentLanguage, value: req.language.rawValue)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        return response
    }
}

/// `#asset("app.js")`: the fingerprinted URL of a file of `Public/`, like the stylesheet's.
struct AssetTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let file = ctx.parameters.first?.string else { throw LeafError(.unknownError("#asset needs a file name")) }
        guard let app = ctx.request?.application else { return .string("/static/\(file)") }
        return .string(StaticAssets.url(for: file, in: app))
    }
}

/// `#inlineIcon()`: `Public/icon.svg` as a `data:` URL, so the tab's icon costs the page no
/// request (the manifest names the file itself, for the installed app).
struct InlineIconTag: LeafTag {
    private static let known = NIOLockedValueBox<String?>(nil)

    func render(_ ctx: LeafContext) throws -> LeafData {
        if let url = Self.known.withLockedValue({ $0 }) { return .string(url) }
        guard let app = ctx.request?.application,
              let svg = FileManager.default.contents(atPath: app.directory.publicDirectory + "icon.svg")
        else { return .string("") }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~'=:/(),;")
        let text = String(decoding: svg, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let url = "data:image/svg+xml," + (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        Self.known.withLockedValue { $0 = url }
        return .string(url)
    }
}

/// `#offlineOwner()`: who the page was made for, as an opaque value (empty for a visitor).
/// The worker keeps copies and unsent texts for one member at a time: when another member
/// signs in on the same phone, the copies go and the first member's texts are never sent
/// under the second one's name.
struct OwnerTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let request = ctx.request, let id = request.auth.get(User.self)?.id else { return .string("") }
        return .string(String(Secrets.hmac("offline-owner:" + id.uuidString, key: request.config.secret).prefix(16)))
    }
}

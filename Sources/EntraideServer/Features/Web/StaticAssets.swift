import Vapor
import NIOConcurrencyHelpers

/// Static files are served under a name that holds a hash of their content
/// (`/static/app.3f2a9c1b.css`), so browsers may cache them for a year and still see a
/// change at once.
enum StaticAssets {
    private static let fingerprints = NIOLockedValueBox<[String: String]>([:])

    static func url(for file: String, in app: Application) -> String {
        if let known = fingerprints.withLockedValue({ $0[file] }) { return known }
        let path = app.directory.publicDirectory + file
        let url: String
        if let data = FileManager.default.contents(atPath: path) {
            let hash = SHA256.hash(data: data).hex.prefix(10)
            let ext = (file as NSString).pathExtension, stem = (file as NSString).deletingPathExtension
            url = "/static/\(stem).\(hash).\(ext)"
        } else {
            url = "/static/\(file)"
        }
        fingerprints.withLockedValue { $0[file] = url }
        return url
    }

    /// Serves `/static/<stem>.<hash>.<ext>` (or the plain name) from `Public/`.
    static func serve(_ req: Request) async throws -> Response {
        let name = req.parameters.get("file") ?? ""
        guard !name.contains(".."), !name.contains("/") else { throw AppError.notFound() }
        var parts = name.split(separator: ".").map(String.init)
        if parts.count >= 3 { parts.remove(at: parts.count - 2) }
        let file = parts.joined(separator: ".")
        let path = req.application.directory.publicDirectory + file
        guard FileManager.default.fileExists(atPath: path) else { throw AppError.notFound() }
        let response = try await req.fileio.asyncStreamFile(at: path)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=31536000, immutable")
        return response
    }
}

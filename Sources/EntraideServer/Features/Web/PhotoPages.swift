import Vapor

/// The photo and "low data" parts of my profile page (`/me`): add or replace a photo (the
/// server resizes it and strips what the camera wrote in it), remove it, and choose to see
/// no photos at all.
struct PhotoPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "me", "photo", body: .collect(maxSize: ByteCount(value: PhotoService.maxUploadBytes + 64 * 1024)), use: Self.upload)
        routes.post("me", "photo", "delete", use: Self.remove)
        routes.post("me", "low-data", use: Self.lowData)
    }

    struct UploadForm: Content {
        var photo: File?
    }

    static func upload(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        do {
            let form = try req.content.decode(UploadForm.self)
            try await req.rateLimit(.publishPerMember, key: user.requireID().uuidString)
            try await PhotoService.set(form.photo?.data ?? ByteBuffer(), for: user, on: req.db, threads: req.application.threadPool)
            return req.redirect(to: "/me?saved=1")
        } catch {
            return try await failed(error, user, req)
        }
    }

    static func remove(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        try await PhotoService.remove(for: user, on: req.db)
        return req.redirect(to: "/me?saved=1")
    }

    struct LowDataForm: Content {
        var lowData: String?
    }

    static func lowData(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        user.lowData = try req.content.decode(LowDataForm.self).lowData == "on"
        try await user.update(on: req.db)
        return req.redirect(to: "/me?saved=1")
    }

    /// The profile page again, with the reason on the photo field.
    static func failed(_ error: any Error, _ user: User, _ req: Request) async throws -> Response {
        let page = try await AccountPages.profilePage(req, user: user, form: .failed(error, values: AccountPages.profileValues(user), req), saved: false)
        return try await AccountPages.renderFailed("accounts/profile", page, error, req)
    }
}

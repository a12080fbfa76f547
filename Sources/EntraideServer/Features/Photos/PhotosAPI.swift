import Vapor

/// `PUT /api/v1/me/photo` (the image itself as the body, `image/jpeg` or `image/png`, up to
/// 10 MB) and `DELETE /api/v1/me/photo`; photos themselves are read at `GET /photos/…`.
struct PhotosAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.PUT, "me", "photo", body: .collect(maxSize: ByteCount(value: PhotoService.maxUploadBytes)), use: Self.upload)
        routes.delete("me", "photo", use: Self.remove)
    }

    static func upload(_ req: Request) async throws -> MeDTO {
        let user = try req.requireMember()
        try await req.rateLimit(.publishPerMember, key: user.requireID().uuidString)
        try await PhotoService.set(req.body.data ?? ByteBuffer(), for: user, on: req.db, threads: req.application.threadPool)
        return try await AccountService.me(user, on: req.db)
    }

    static func remove(_ req: Request) async throws -> HTTPStatus {
        try await PhotoService.remove(for: req.requireMember(), on: req.db)
        return .noContent
    }
}

import Vapor
import Fluent
import Crypto
import EntraideCore

/// Adds, replaces and removes a member's photo. Whatever arrives (a 12-megapixel JPEG with
/// its GPS position, a PNG…) is decoded and re-encoded by the server itself
/// (`EntraideCore.ProfilePhoto`), off the event loop: only the small clean JPEG is kept.
enum PhotoService {
    /// Uploads above this are refused before any decoding.
    static let maxUploadBytes = 10 * 1024 * 1024

    /// `/photos/<member>/<digest>.jpg`: a new photo gets a new address, so an address may be cached for a year.
    static func url(of user: User) throws -> String? {
        guard user.isActive, let digest = user.photoDigest else { return nil }
        return "/photos/\(try user.requireID().uuidString.lowercased())/\(digest).jpg"
    }

    static func set(_ upload: ByteBuffer, for user: User, on database: any Database, threads: NIOThreadPool) async throws {
        guard upload.readableBytes <= maxUploadBytes else { throw AppError(.payloadTooLarge, "photo.too_large", field: "photo") }
        guard upload.readableBytes > 0 else { throw AppError(.unprocessableEntity, "validation.required", field: "photo") }
        let bytes = Array(upload.readableBytesView)
        let photo: NormalisedPhoto
        do {
            photo = try await threads.runIfActive { try ProfilePhoto.normalise(bytes) }
        } catch let error as PhotoError {
            throw AppError(.unprocessableEntity, error.code, field: "photo")
        }
        let digest = SHA256.hash(data: photo.jpeg).prefix(8).map { String(format: "%02x", $0) }.joined()
        let userID = try user.requireID()
        try await database.atomically { db in
            try await MemberPhoto.query(on: db).filter(\.$user.$id == userID).delete()
            let row = MemberPhoto()
            row.$user.id = userID
            row.jpeg = Data(photo.jpeg)
            row.width = photo.width
            row.height = photo.height
            row.digest = digest
            try await row.create(on: db)
            user.photoDigest = digest
            try await user.update(on: db)
        }
    }

    static func remove(for user: User, on database: any Database) async throws {
        let userID = try user.requireID()
        try await database.atomically { db in
            try await MemberPhoto.query(on: db).filter(\.$user.$id == userID).delete()
            user.photoDigest = nil
            try await user.update(on: db)
        }
    }

    /// Serves a photo to signed-in members; an old digest or an erased member answers "not found".
    static func serve(_ req: Request) async throws -> Response {
        guard req.auth.has(User.self) else { throw AppError.unauthenticated }
        guard let userID = req.parameters.get("userID", as: UUID.self),
              let file = req.parameters.get("file"), file.hasSuffix(".jpg")
        else { throw AppError.notFound("photo.not_found") }
        let digest = String(file.dropLast(4))
        guard let owner = try await User.find(userID, on: req.db), owner.isActive, owner.photoDigest == digest,
              let photo = try await MemberPhoto.query(on: req.db).filter(\.$user.$id == userID).filter(\.$digest == digest).first()
        else { throw AppError.notFound("photo.not_found") }
        let response = Response(status: .ok, body: .init(data: photo.jpeg))
        response.headers.contentType = HTTPMediaType(type: "image", subType: "jpeg")
        // Members only, so private; the address changes with the photo, so immutable.
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=31536000, immutable")
        return response
    }
}

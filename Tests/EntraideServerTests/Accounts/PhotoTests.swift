import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
@testable import EntraideServer

/// A member's photo: re-encoded by the server (small, upright, with nothing the camera wrote
/// in it), shown to members only, under an address that changes with the photo; "low data"
/// hides photos; erasing an account erases its photo.
@Suite struct PhotoTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../EntraideCoreTests/Media/Fixtures/\(name)").standardized
        return [UInt8](try Data(contentsOf: url))
    }

    static func upload(_ app: Application, _ bytes: [UInt8], type: String, as member: TestMember) async throws -> TestingHTTPResponse {
        var headers = member.auth
        headers.replaceOrAdd(name: .contentType, value: type)
        return try await app.testing().sendRequest(.PUT, "/api/v1/me/photo", headers: headers, body: ByteBuffer(bytes: bytes))
    }

    @Test func aPhotoIsReencodedWithoutWhatTheCameraWroteAndShownToMembersOnly() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie"), paul = try await app.member("Paul")
            let original = try Self.fixture("orientation-6-gps.jpg")
            #expect(original.count > 0 && String(decoding: original, as: UTF8.self).contains("Exif"))

            let res = try await Self.upload(app, original, type: "image/jpeg", as: marie)
            #expect(res.status == .ok, "\(res.body.string)")
            let url = try #require(try JSONBody(res)["photoURL"].string)
            #expect(url.hasPrefix("/photos/\(marie.id.uuidString.lowercased())/") && url.hasSuffix(".jpg"))

            let photo = try await app.send(.GET, url, headers: paul.auth)
            #expect(photo.status == .ok)
            #expect(photo.headers.contentType == HTTPMediaType(type: "image", subType: "jpeg"))
            #expect(photo.headers.first(name: .cacheControl)?.contains("immutable") == true)
            let bytes = [UInt8](photo.body.readableBytesView)
            #expect(bytes.count <= 100_000 && bytes.prefix(2) == [0xFF, 0xD8])
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("Exif") && !text.contains("ENTRAIDE-GPS-SECRET"), "nothing the camera wrote is served")
            let stored = try #require(try await MemberPhoto.query(on: app.db).first())
            #expect(stored.width <= 320 && stored.height <= 320 && stored.height > stored.width, "turned upright: portrait")

            // Members see it on the profile; visitors do not get it at all.
            let profile = try JSONBody(try await app.send(.GET, "/api/v1/users/\(marie.id)", headers: paul.auth))
            #expect(profile["photoURL"].string == url)
            #expect(try await app.send(.GET, url).status == .unauthorized)

            // A new photo, a new address; the old one is gone.
            let png = try await Self.upload(app, try Self.fixture("blocks-rgba.png"), type: "image/png", as: marie)
            let newURL = try #require(try JSONBody(png)["photoURL"].string)
            #expect(newURL != url)
            #expect(try await app.send(.GET, url, headers: paul.auth).status == .notFound)
            #expect(try await MemberPhoto.query(on: app.db).count() == 1)

            // Removed: no address, nothing served.
            #expect(try await app.send(.DELETE, "/api/v1/me/photo", headers: marie.auth).status == .noContent)
            #expect(try JSONBody(try await app.send(.GET, "/api/v1/me", headers: marie.auth))["photoURL"].isNull)
            #expect(try await app.send(.GET, newURL, headers: paul.auth).status == .notFound)
        }
    }

    @Test func whatIsNotAPhotoGetsACode() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie")
            let text = try await Self.upload(app, try Self.fixture("not-an-image.txt"), type: "image/jpeg", as: marie)
            #expect(text.status == .unprocessableEntity && errorCode(text) == "photo.unsupported_format")
            var cut = try Self.fixture("blocks-420.jpg")
            cut.removeLast(cut.count / 2)
            let broken = try await Self.upload(app, cut, type: "image/jpeg", as: marie)
            #expect(broken.status == .unprocessableEntity && ["photo.corrupt"].contains(errorCode(broken) ?? ""), "\(broken.body.string)")
            let empty = try await Self.upload(app, [], type: "image/jpeg", as: marie)
            #expect(empty.status == .unprocessableEntity && errorCode(empty) == "validation.required")
            #expect(try await MemberPhoto.query(on: app.db).count() == 0)
        }
    }

    @Test func theProfilePageTakesAPhotoAndLowDataHidesPhotos() async throws {
        try await withEntraide { app in
            let marie = try await WebClient.member(app, "Marie", "Dupontel")
            let form = try await marie.get("/me")
            let csrf = try #require(WebClient.csrf(in: form.body.string))
            #expect(form.body.string.contains("enctype=\"multipart/form-data\""))
            let sent = try await marie.postFile("/me/photo", fields: ["csrf": csrf],
                                                file: ("photo", "IMG_0001.JPG", "image/jpeg", try Self.fixture("orientation-6-gps.jpg")))
            #expect(sent.status == .seeOther, "\(sent.status) \(sent.body.string.prefix(300))")
            let me = try await marie.get("/me").body.string
            let img = try #require(me.firstMatch(of: /<img class="photo" src="([^"]+)"[^>]*loading="lazy"/))
            let url = String(img.1)

            let karim = try await WebClient.member(app, "Karim", "Benaissa")
            let marieID = try #require(url.split(separator: "/").dropFirst().first.map(String.init))
            #expect(try await karim.get("/users/\(marieID)").body.string.contains("src=\"\(url)\""))
            #expect(try await karim.get(url).status == .ok)

            // Karim saves data: no photo on pages any more.
            let karimForm = try #require(WebClient.csrf(in: try await karim.get("/me").body.string))
            #expect(try await karim.post("/me/low-data", form: ["csrf": karimForm, "lowData": "on"]).status == .seeOther)
            #expect(!(try await karim.get("/users/\(marieID)").body.string.contains("<img")))

            // A refused file keeps the page and says why, on the field.
            let refused = try await marie.postFile("/me/photo", fields: ["csrf": csrf], file: ("photo", "notes.txt", "text/plain", Array("bonjour".utf8)))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("ni une photo JPEG ni une image PNG"))
        }
    }

    @Test func erasingAnAccountErasesItsPhoto() async throws {
        try await withEntraide { app in
            let marie = try await app.member("Marie"), paul = try await app.member("Paul")
            let url = try #require(try JSONBody(try await Self.upload(app, try Self.fixture("blocks-420.jpg"), type: "image/jpeg", as: marie))["photoURL"].string)
            #expect(try await app.send(.DELETE, "/api/v1/me", headers: marie.auth).status == .noContent)
            #expect(try await MemberPhoto.query(on: app.db).count() == 0)
            #expect(try await app.send(.GET, url, headers: paul.auth).status == .notFound)
        }
    }
}

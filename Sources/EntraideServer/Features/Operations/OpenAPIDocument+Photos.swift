import Vapor

/// The photo part of the API contract: my photo, sent as the image itself.
extension OpenAPIDocument {
    static var photoPaths: JSON {
        let image: JSON = ["schema": ["type": "string", "format": "binary"]]
        return [
            "/api/v1/me/photo": [
                "put": operation("setMyPhoto", "Add or replace my photo: a JPEG or PNG up to 10 MB, re-encoded by the server (≤ 320 px, ≤ 100 KB, no metadata)",
                    body: nil, responses: ["200": response("My account, with its photoURL", ref("Me"))])
                    .merging(["requestBody": ["required": true, "content": ["image/jpeg": image, "image/png": image]]]) { $1 },
                "delete": operation("removeMyPhoto", "Remove my photo", responses: ["204": response("Removed")]),
            ],
        ]
    }
}

import Vapor

/// Refuses request bodies that hold a NUL character (U+0000), whatever the field: no text a
/// member writes needs one, PostgreSQL cannot store one in text, and C libraries read it
/// as the end of a string. Checked once, where bodies are decoded, for JSON and forms alike.
struct NullCharacterGuard<Wrapped: ContentDecoder>: ContentDecoder {
    let wrapped: Wrapped
    /// How NUL is spelt in the body's format: raw, JSON escape, or URL escape.
    let spellings: [[UInt8]]

    static func holdsNull(_ body: ByteBuffer, spellings: [[UInt8]]) -> Bool {
        let bytes = body.readableBytesView
        if bytes.contains(0) { return true }
        for spelling in spellings where bytes.count >= spelling.count {
            var index = bytes.startIndex
            while let found = bytes[index...].firstIndex(of: spelling[0]) {
                let end = found + spelling.count
                guard end <= bytes.endIndex else { break }
                if zip(bytes[found..<end], spelling).allSatisfy({ a, b in a == b || (b >= 97 && a == b - 32) }) { return true }
                index = found + 1
            }
        }
        return false
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        if Self.holdsNull(body, spellings: spellings) { throw AppError(.unprocessableEntity, "validation.null_character") }
        return try wrapped.decode(decodable, from: body, headers: headers)
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable]) throws -> D {
        if Self.holdsNull(body, spellings: spellings) { throw AppError(.unprocessableEntity, "validation.null_character") }
        return try wrapped.decode(decodable, from: body, headers: headers, userInfo: userInfo)
    }
}

extension NullCharacterGuard {
    static func json(_ decoder: JSONDecoder) -> NullCharacterGuard<JSONDecoder> where Wrapped == JSONDecoder {
        NullCharacterGuard(wrapped: decoder, spellings: [Array("\\u0000".utf8)])
    }

    static func form(_ decoder: URLEncodedFormDecoder) -> NullCharacterGuard<URLEncodedFormDecoder> where Wrapped == URLEncodedFormDecoder {
        NullCharacterGuard(wrapped: decoder, spellings: [Array("%00".utf8)])
    }
}

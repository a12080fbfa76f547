import Testing
@testable import EntraideCore

extension MediaTests {
    @Suite struct InflateTests {
        static let text = Array((0..<300).map { "Entraide \($0 % 97) " }.joined().utf8)

        @Test(arguments: ["stored", "fixed", "dynamic"])
        func decodesEveryKindOfBlock(kind: String) throws {
            let stream = MediaFixtures.bytes("text-\(kind).zlib")
            #expect(try Inflate.zlib(stream, limit: 1_000_000) == Self.text)
        }

        @Test func neverWritesPastTheLimit() throws {
            let stream = MediaFixtures.bytes("text-dynamic.zlib")
            #expect(try Inflate.zlib(stream, limit: 100) == Array(Self.text.prefix(100)))
        }

        @Test func refusesATruncatedStream() {
            let stream = MediaFixtures.bytes("text-dynamic.zlib")
            #expect(throws: PhotoError.corrupt) { try Inflate.zlib(Array(stream.prefix(stream.count / 2)), limit: 1_000_000) }
        }

        @Test func refusesAWrongHeader() {
            #expect(throws: PhotoError.corrupt) { try Inflate.zlib([0x78, 0x02, 0x03, 0x00], limit: 10) }
            #expect(throws: PhotoError.corrupt) { try Inflate.zlib([0x79, 0x9C, 0x03, 0x00], limit: 10) }
        }

        @Test func copiesOverlappingMatches() throws {
            // Fixed block: literal "a", then a copy of length 3 at distance 1.
            #expect(try Inflate.deflate([0x4B, 0x04, 0x02, 0x00], limit: 10) == Array("aaaa".utf8))
        }

        @Test func refusesADistanceBeforeTheStart() {
            // The same with distance 2, one byte before the output begins.
            #expect(throws: PhotoError.corrupt) { try Inflate.deflate([0x4B, 0x04, 0x42, 0x00], limit: 10) }
        }

        @Test func refusesAStoredBlockWhoseLengthsDisagree() {
            #expect(throws: PhotoError.corrupt) { try Inflate.deflate([0x01, 0x05, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5], limit: 10) }
        }
    }
}

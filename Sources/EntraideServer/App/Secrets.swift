import Vapor

/// Random secrets and their one-way fingerprints, used for bearer tokens, session cookies,
/// SMS codes and CSRF tokens.
enum Secrets {
    /// 32 random bytes, URL-safe base64 without padding (43 characters).
    static func randomToken() -> String {
        let bytes = [UInt8].random(count: 32)
        return Data(bytes).base64URLEncodedString()
    }

    static func sha256(_ value: String) -> String {
        SHA256.hash(data: Data(value.utf8)).hex
    }

    static func hmac(_ value: String, key: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: SymmetricKey(data: Data(key.utf8))).hex
    }

    /// Compares without leaking, through timing, how many leading characters matched.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}

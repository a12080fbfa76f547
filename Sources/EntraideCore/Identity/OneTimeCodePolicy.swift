/// Rules for the 6-digit codes sent by SMS to log in or to confirm a new number.
public enum OneTimeCodePolicy {
    public static let digits = 6
    public static let lifetimeSeconds = 10 * 60
    /// After this many wrong tries the code is dead, even if the right one comes next.
    public static let maxAttempts = 5

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> String {
        String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
    }

    public static func isWellFormed(_ code: String) -> Bool {
        code.count == digits && code.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

/// A broken rule, as a value: a stable code (also the catalogue key of its message),
/// the field it concerns, and the values its message needs.
public struct RuleViolation: Error, Sendable, Equatable {
    public let code: String
    public let field: String?
    public let arguments: [String: String]

    public init(_ code: String, field: String? = nil, arguments: [String: String] = [:]) {
        self.code = code
        self.field = field
        self.arguments = arguments
    }
}

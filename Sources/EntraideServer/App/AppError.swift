import Vapor
import EntraideCore

/// An error a member can act on: an HTTP status, a stable code (also the catalogue key of
/// its translated message), the field it concerns, and values for the message.
struct AppError: Error, Sendable {
    let status: HTTPResponseStatus
    let code: String
    let field: String?
    let arguments: [String: String]
    var headers: HTTPHeaders = [:]

    init(_ status: HTTPResponseStatus, _ code: String, field: String? = nil, arguments: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.field = field
        self.arguments = arguments
    }

    static func validation(_ violation: RuleViolation) -> AppError {
        AppError(.unprocessableEntity, violation.code, field: violation.field, arguments: violation.arguments)
    }

    static let unauthenticated = AppError(.unauthorized, "auth.required")
    static let forbidden = AppError(.forbidden, "auth.forbidden")

    static func notFound(_ code: String = "http.not_found") -> AppError { AppError(.notFound, code) }

    static func tooManyRequests(retryAfter seconds: Int) -> AppError {
        var error = AppError(.tooManyRequests, "rate_limit.exceeded", arguments: ["seconds": "\(seconds)"])
        error.headers.replaceOrAdd(name: .retryAfter, value: "\(seconds)")
        return error
    }
}

/// The JSON body of every API error.
struct ErrorBody: Content {
    struct Detail: Codable {
        let code: String
        let message: String
        let field: String?
    }
    let error: Detail
}

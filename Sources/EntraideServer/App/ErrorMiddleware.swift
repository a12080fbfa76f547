import Vapor
import EntraideCore

/// Turns every error into a translated answer with a stable code: JSON under `/api`,
/// a page elsewhere. Anything unexpected is logged and answered as a 500, which is a bug.
struct EntraideErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let appError = Self.appError(for: error, request: request)
            let language = request.language
            let message = request.application.catalogue.text(appError.code, language, appError.arguments)
            let response: Response
            if request.url.path.hasPrefix("/api/") || !request.prefersHTML {
                response = Response(status: appError.status)
                try response.content.encode(ErrorBody(error: .init(code: appError.code, message: message, field: appError.field)))
            } else {
                response = try await ErrorPage.render(request: request, status: appError.status, message: message)
            }
            for (name, value) in appError.headers { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        }
    }

    static func appError(for error: any Error, request: Request) -> AppError {
        switch error {
        case let error as AppError:
            return error
        case let violation as RuleViolation:
            return .validation(violation)
        case let decoding as DecodingError:
            return Self.appError(for: decoding)
        case let abort as any AbortError:
            return Self.appError(for: abort, request: request)
        default:
            request.logger.report(error: error)
            return AppError(.internalServerError, "server.error")
        }
    }

    static func appError(for decoding: DecodingError) -> AppError {
        func fieldName(_ path: [any CodingKey]) -> String? {
            let names = path.filter { $0.intValue == nil }.map(\.stringValue)
            return names.isEmpty ? nil : names.joined(separator: ".")
        }
        switch decoding {
        case let .keyNotFound(key, context):
            return AppError(.unprocessableEntity, "validation.required", field: fieldName(context.codingPath + [key]))
        case let .valueNotFound(_, context):
            return AppError(.unprocessableEntity, "validation.required", field: fieldName(context.codingPath))
        case let .typeMismatch(_, context):
            if context.codingPath.isEmpty { return AppError(.badRequest, "request.body_invalid") }
            return AppError(.unprocessableEntity, "validation.type_invalid", field: fieldName(context.codingPath))
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty { return AppError(.badRequest, "request.body_invalid") }
            return AppError(.unprocessableEntity, "validation.type_invalid", field: fieldName(context.codingPath))
        @unknown default:
            return AppError(.badRequest, "request.body_invalid")
        }
    }

    static func appError(for abort: any AbortError, request: Request) -> AppError {
        switch abort.status {
        case .notFound: return AppError(.notFound, "http.not_found")
        case .methodNotAllowed: return AppError(.methodNotAllowed, "http.method_not_allowed")
        case .payloadTooLarge: return AppError(.payloadTooLarge, "request.too_large")
        case .unsupportedMediaType: return AppError(.unsupportedMediaType, "request.unsupported_media_type")
        case .unauthorized: return .unauthenticated
        case .forbidden: return .forbidden
        case .badRequest: return AppError(.badRequest, "request.body_invalid")
        case .unprocessableEntity: return AppError(.unprocessableEntity, "request.body_invalid")
        default:
            if abort.status.code >= 500 {
                request.logger.report(error: abort)
                return AppError(abort.status, "server.error")
            }
            return AppError(abort.status, "request.invalid")
        }
    }
}

extension Request {
    /// Browsers ask for HTML; API clients and tools get JSON.
    var prefersHTML: Bool {
        headers.first(name: .accept)?.contains("text/html") ?? false
    }
}

import Vapor

struct BlockInput: Content {
    var userID: UUID?
}

struct BlockDTO: Content {
    let member: MemberSummary
    let createdAt: Date?
}

/// `/api/v1/blocks…`: the members I blocked. They cannot write to me and we no longer see
/// each other's content.
struct BlocksAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let blocks = routes.grouped("blocks")
        blocks.post(use: Self.block)
        blocks.get(use: Self.list)
        blocks.delete(":userID", use: Self.unblock)
    }

    static func block(_ req: Request) async throws -> HTTPStatus {
        let user = try req.requireMember()
        guard let target = try req.content.decode(BlockInput.self).userID else {
            throw AppError(.unprocessableEntity, "validation.required", field: "userID")
        }
        try await BlockService.block(target, by: user.requireID(), on: req.db)
        return .created
    }

    static func list(_ req: Request) async throws -> [BlockDTO] {
        try await BlockService.blocked(by: req.requireMember().requireID(), on: req.db)
            .map { BlockDTO(member: try MemberSummary($0.blocked), createdAt: $0.createdAt) }
    }

    static func unblock(_ req: Request) async throws -> HTTPStatus {
        guard let target = req.parameters.get("userID", as: UUID.self) else { throw AppError.notFound("user.not_found") }
        try await BlockService.unblock(target, by: req.requireMember().requireID(), on: req.db)
        return .noContent
    }
}

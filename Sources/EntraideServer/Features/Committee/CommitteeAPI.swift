import Vapor
import Fluent
import EntraideCore

/// `/api/v1/committee/proposals…`: the street committee's proposals for committee members and
/// staff, and committee members' votes.
struct CommitteeAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let proposals = routes.grouped("committee", "proposals")
        proposals.get(use: Self.list)
        proposals.post(use: Self.submit)
        proposals.get(":proposalID", use: Self.show)
        proposals.post(":proposalID", "votes", use: Self.vote)
    }

    static func reader(_ req: Request) async throws -> User {
        let user = try req.requireMember()
        guard try await CommitteeService.mayRead(user, on: req.db) else { throw AppError.forbidden }
        return user
    }

    static func list(_ req: Request) async throws -> [ProposalSummaryDTO] {
        _ = try await reader(req)
        let proposals = try await CommitteeService.list(on: req.db)
        return try proposals.map(CommitteeService.summary)
    }

    static func show(_ req: Request) async throws -> ProposalDTO {
        _ = try await reader(req)
        let proposal = try await CommitteeService.find(req.parameters.get("proposalID", as: UUID.self), on: req.db)
        return try await CommitteeService.detail(proposal, rule: req.application.committee.rule, on: req.db)
    }

    /// Staff propose a charter change, a word-list change or another proposal.
    static func submit(_ req: Request) async throws -> Response {
        let user = try req.requireMember()
        let input = try req.content.decode(ProposalInput.self)
        guard let raw = input.kind, !raw.isEmpty else { throw AppError(.unprocessableEntity, "validation.required", field: "kind") }
        guard let kind = ProposalKind(rawValue: raw), ProposalDraft.formKinds.contains(kind) else {
            throw AppError(.unprocessableEntity, "validation.choice_invalid", field: "kind", arguments: ["value": raw])
        }
        let proposal = try await CommitteeService.submit(input, kind: kind, by: user, screening: req.application.screening, on: req.db)
        let detail = try await CommitteeService.detail(proposal, rule: req.application.committee.rule, on: req.db)
        return try await detail.encodeResponse(status: .created, for: req)
    }

    static func vote(_ req: Request) async throws -> ProposalDTO {
        let user = try await reader(req)
        let id = try await CommitteeService.find(req.parameters.get("proposalID", as: UUID.self), on: req.db).requireID()
        let input = try req.content.decode(CommitteeVoteInput.self)
        guard let raw = input.choice, !raw.isEmpty else { throw AppError(.unprocessableEntity, "validation.required", field: "choice") }
        guard let choice = VoteChoice(rawValue: raw) else { throw AppError(.unprocessableEntity, "validation.choice_invalid", field: "choice", arguments: ["value": raw]) }
        let proposal = try await CommitteeService.vote(choice, comment: input.comment, on: id, by: user, committee: req.application.committee, on: req.db)
        return try await CommitteeService.detail(proposal, rule: req.application.committee.rule, on: req.db)
    }
}

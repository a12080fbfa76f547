import Vapor
import Fluent
import EntraideCore

/// The team's path, recorded from the round's page: the phone's script gathers positions
/// while the round is ongoing and sends them here in small batches, keeping on the phone any
/// batch the server has not taken (no signal), until it is. The points are the team's, never a
/// person's: an encounter is only ever placed in its sector.
extension RoundPages {
    struct RecordedPath: Content {
        let recorded: Int
    }

    /// `points` is the batch as JSON (`[{"lat":…,"lon":…,"at":"…"}]`), beside the form's `csrf`.
    static func recordPath(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { throw AppError(.unauthorized, "auth.required") }
        let (context, round) = try await load(req, user: user)
        let text = try CommunityForm.fields(req)["points"] ?? ""
        guard !text.isEmpty else { throw AppError(.unprocessableEntity, "validation.required", field: "points") }
        let points: [PathPointInput]
        do {
            points = try JSONDecoder.custom(dates: .iso8601).decode([PathPointInput].self, from: Data(text.utf8))
        } catch {
            throw AppError(.unprocessableEntity, "validation.type_invalid", field: "points")
        }
        let recorded = try await RoundService.record(PathPointsInput(points: points), on: round, in: context, on: req.db)
        return try await RecordedPath(recorded: recorded).encodeResponse(status: .created, for: req)
    }
}

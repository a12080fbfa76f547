import Vapor
import Fluent
import EntraideCore

/// "The local team" a person asking for help is invited to meet: the people who run things
/// where they live, that is a zone's animator or the members of an association. Meeting them
/// is taking part in an event one of them organises, which the platform sees, unlike a
/// meeting in the street.
enum LocalTeam {
    /// Of these organisers, those who are a local team.
    static func organisers(among ids: [UUID], on database: any Database) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        let associations = try await OrganisationMember.query(on: database).filter(\.$user.$id ~~ ids).all(\.$user.$id)
        let animators = try await UserRole.query(on: database).filter(\.$user.$id ~~ ids)
            .filter(\.$role == StaffRole.animator.rawValue).all(\.$user.$id)
        return Set(associations).union(animators)
    }

    /// Of these events, those a local team organises.
    static func events(_ ids: [UUID], on database: any Database) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        let events = try await Outing.query(on: database).filter(\.$id ~~ ids).field(\.$id).field(\.$organiser.$id).all()
        let team = try await organisers(among: Array(Set(events.map(\.$organiser.id))), on: database)
        return Set(events.filter { team.contains($0.$organiser.id) }.compactMap(\.id))
    }
}

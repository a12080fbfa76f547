import Vapor
import Fluent
import EntraideCore

/// Reads, in the members' own data, when each first-week step was first done: a step is
/// what the member did (a group joined, a need posted), never a box they tick. One query per
/// kind of signal for any number of members, so the staff's drop-off figures cost the same
/// few queries as one member's home page.
enum FirstWeekSignals {
    typealias Completions = [UUID: [FirstWeekStep: Date]]

    /// The steps among `wanted` that each member has done, with the date they were first done.
    /// `findServices` leaves no trace in the data: it is recorded by the services pages.
    static func detect(_ users: [User], wanted: Set<FirstWeekStep>, on database: any Database, now: Date = Date()) async throws -> Completions {
        var found: Completions = [:]
        func note(_ userID: UUID, _ step: FirstWeekStep, _ date: Date?) {
            let date = date ?? now
            if let known = found[userID]?[step], known <= date { return }
            found[userID, default: [:]][step] = date
        }
        let ids = try users.map { try $0.requireID() }
        guard !ids.isEmpty else { return [:] }

        if wanted.contains(.completeProfile) {
            for user in users where FirstWeekRules.profileIsComplete(about: user.about, postalCode: user.postalCode, interests: user.interests) {
                // The last edit is when the profile became complete, as closely as the data says.
                note(try user.requireID(), .completeProfile, user.updatedAt ?? user.createdAt)
            }
        }
        if wanted.contains(.followFirstJourney) {
            let seen = try await LearningArticleSeen.query(on: database).filter(\.$user.$id ~~ ids)
                .field(\.$user.$id).field(\.$seenAt).all()
            for row in seen { note(row.$user.id, .followFirstJourney, row.seenAt) }
        }
        let memberships = wanted.isDisjoint(with: [.joinGroup, .goToEvent, .meetLocalTeam]) ? [] :
            try await Membership.query(on: database).filter(\.$user.$id ~~ ids)
                .filter(\.$subjectType ~~ [Membership.Subject.group.rawValue, Membership.Subject.event.rawValue])
                .filter(\.$status == Membership.Status.accepted.rawValue).all()
        // Taking part in an event, not organising it: organising is the organisations' step.
        let participations = memberships.filter { $0.subjectType == Membership.Subject.event.rawValue && $0.role == Membership.Role.member.rawValue }
        if wanted.contains(.joinGroup) {
            for row in memberships where row.subjectType == Membership.Subject.group.rawValue { note(row.$user.id, .joinGroup, row.createdAt) }
        }
        if wanted.contains(.goToEvent) {
            for row in participations { note(row.$user.id, .goToEvent, row.createdAt) }
        }
        if wanted.contains(.meetLocalTeam), !participations.isEmpty {
            let teamEvents = try await LocalTeam.events(Array(Set(participations.map(\.subjectID))), on: database)
            for row in participations where teamEvents.contains(row.subjectID) { note(row.$user.id, .meetLocalTeam, row.createdAt) }
        }
        if wanted.contains(.postNeed) {
            let requests = try await HelpAction.query(on: database).filter(\.$author.$id ~~ ids)
                .filter(\.$kind == ActionKind.request.rawValue).field(\.$author.$id).field(\.$createdAt).all()
            for row in requests { note(row.$author.id, .postNeed, row.createdAt) }
        }
        if wanted.contains(.createOrganisation) {
            // The member's association is on Entraide: they opened it, or its admin added them.
            let teams = try await OrganisationMember.query(on: database).filter(\.$user.$id ~~ ids).all()
            for row in teams { note(row.$user.id, .createOrganisation, row.createdAt) }
        }
        if wanted.contains(.planRoundOrEvent) {
            let rounds = try await OutreachRound.query(on: database).filter(\.$createdBy.$id ~~ ids)
                .field(\.$createdBy.$id).field(\.$createdAt).all()
            for row in rounds { note(row.$createdBy.id, .planRoundOrEvent, row.createdAt) }
            let events = try await Outing.query(on: database).filter(\.$organiser.$id ~~ ids)
                .field(\.$organiser.$id).field(\.$createdAt).all()
            for row in events { note(row.$organiser.id, .planRoundOrEvent, row.createdAt) }
        }
        return found
    }
}

import Vapor
import Fluent

/// Reads and writes memberships; every feature asks here who belongs to what.
enum MembershipService {
    static func find(_ subject: Membership.Subject, _ subjectID: UUID, userID: UUID, on database: any Database) async throws -> Membership? {
        try await Membership.query(on: database)
            .filter(\.$subjectType == subject.rawValue).filter(\.$subjectID == subjectID)
            .filter(\.$user.$id == userID).first()
    }

    static func isAccepted(_ subject: Membership.Subject, _ subjectID: UUID, userID: UUID, on database: any Database) async throws -> Bool {
        try await find(subject, subjectID, userID: userID, on: database)?.isAccepted ?? false
    }

    static func members(_ subject: Membership.Subject, _ subjectID: UUID, status: Membership.Status? = .accepted, on database: any Database) async throws -> [Membership] {
        var query = Membership.query(on: database)
            .filter(\.$subjectType == subject.rawValue).filter(\.$subjectID == subjectID)
            .with(\.$user).sort(\.$createdAt)
        if let status { query = query.filter(\.$status == status.rawValue) }
        return try await query.all()
    }

    static func memberIDs(_ subject: Membership.Subject, _ subjectID: UUID, on database: any Database) async throws -> [UUID] {
        try await Membership.query(on: database)
            .filter(\.$subjectType == subject.rawValue).filter(\.$subjectID == subjectID)
            .filter(\.$status == Membership.Status.accepted.rawValue)
            .all(\.$user.$id)
    }

    /// Adds a membership, or returns the one that exists (joining twice changes nothing).
    @discardableResult
    static func join(_ subject: Membership.Subject, _ subjectID: UUID, userID: UUID, role: Membership.Role = .member,
                     status: Membership.Status = .accepted, on database: any Database) async throws -> (membership: Membership, created: Bool) {
        if let existing = try await find(subject, subjectID, userID: userID, on: database) { return (existing, false) }
        let membership = Membership(subject, subjectID, userID: userID, role: role, status: status)
        do {
            try await membership.create(on: database)
            return (membership, true)
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // The same member joined in a parallel request: theirs stands.
            guard let existing = try await find(subject, subjectID, userID: userID, on: database) else { throw error }
            return (existing, false)
        }
    }

    @discardableResult
    static func leave(_ subject: Membership.Subject, _ subjectID: UUID, userID: UUID, on database: any Database) async throws -> Membership? {
        guard let membership = try await find(subject, subjectID, userID: userID, on: database) else { return nil }
        try await membership.delete(on: database)
        return membership
    }

    /// The ids among `subjectIDs` that the member belongs to (accepted).
    static func memberOf(_ subject: Membership.Subject, _ subjectIDs: [UUID], userID: UUID, on database: any Database) async throws -> [UUID: Membership] {
        guard !subjectIDs.isEmpty else { return [:] }
        let rows = try await Membership.query(on: database)
            .filter(\.$subjectType == subject.rawValue).filter(\.$subjectID ~~ subjectIDs)
            .filter(\.$user.$id == userID).all()
        return Dictionary(rows.map { ($0.subjectID, $0) }, uniquingKeysWith: { a, _ in a })
    }
}

import Vapor
import Fluent
import SQLKit
import EntraideCore

/// A member's first-week checklist: what they have done (recorded the first time the data
/// shows it), whether they put the list away, and the staff's drop-off figures.
enum FirstWeekService {
    struct Status {
        let checklist: FirstWeekChecklist
        let dismissed: Bool

        func isShown(at now: Date) -> Bool { checklist.isShown(at: now, dismissed: dismissed) }
    }

    static func goal(of user: User) -> Goal { user.goalValue ?? .offerHelp }

    /// The member's checklist, after recording the steps their data shows done since last time.
    static func status(of user: User, on database: any Database, now: Date = Date()) async throws -> Status {
        let userID = try user.requireID()
        let goal = goal(of: user)
        var done = try await recorded([userID], on: database)[userID] ?? [:]
        let missing = Set(FirstWeekChecklist.steps(for: goal).filter { done[$0] == nil && $0.isSeenInData })
        if !missing.isEmpty {
            let found = try await FirstWeekSignals.detect([user], wanted: missing, on: database, now: now)[userID] ?? [:]
            if !found.isEmpty {
                try await record([userID: found], on: database)
                done.merge(found) { kept, _ in kept }
            }
        }
        let dismissed = try await FirstWeekDismissal.query(on: database).filter(\.$user.$id == userID).count() > 0
        return Status(checklist: FirstWeekChecklist(goal: goal, startedAt: user.createdAt ?? now, completions: done), dismissed: dismissed)
    }

    /// The member opened the services directory: the one step whose only trace is a visit.
    static func servicesFound(by user: User?, on database: any Database, now: Date = Date()) async throws {
        guard let user, let userID = user.id, FirstWeekChecklist.steps(for: goal(of: user)).contains(.findServices) else { return }
        // Read before writing: the directory is opened often, and a write each time would queue behind others.
        guard try await FirstWeekCompletion.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$step == FirstWeekStep.findServices.rawValue).count() == 0 else { return }
        try await record([userID: [.findServices: now]], on: database)
    }

    static func dismiss(_ user: User, on database: any Database, now: Date = Date()) async throws {
        let userID = try user.requireID()
        try await database.sql.raw("""
            INSERT INTO first_week_dismissals (id, user_id, dismissed_at) VALUES (\(bind: UUID()), \(bind: userID), \(bind: now))
            ON CONFLICT (user_id) DO NOTHING
            """).run()
    }

    /// Each step's first completion, by member.
    static func recorded(_ ids: [UUID], on database: any Database) async throws -> FirstWeekSignals.Completions {
        guard !ids.isEmpty else { return [:] }
        var done: FirstWeekSignals.Completions = [:]
        for row in try await FirstWeekCompletion.query(on: database).filter(\.$user.$id ~~ ids).all() {
            guard let step = row.stepValue else { continue }
            done[row.$user.id, default: [:]][step] = row.completedAt
        }
        return done
    }

    /// Keeps the first completion of each step: a step recorded already, by another request
    /// at the same moment too, stays as it was.
    static func record(_ completions: FirstWeekSignals.Completions, on database: any Database) async throws {
        let rows: [SQLQueryString] = completions.flatMap { userID, steps in
            steps.map { step, date in "(\(bind: UUID()), \(bind: userID), \(bind: step.rawValue), \(bind: date))" }
        }
        guard !rows.isEmpty else { return }
        try await database.sql.raw("""
            INSERT INTO first_week_completions (id, user_id, step, completed_at) VALUES \(rows.joined(separator: ", "))
            ON CONFLICT (user_id, step) DO NOTHING
            """).run()
    }

    static let dropOffBatch = 300

    /// Drop-off per step for the members who signed up in `[from, to)`: their steps are
    /// brought up to date from their data first, so members who never came back are counted
    /// for what they did.
    static func dropOff(signedUpFrom from: Date, to: Date, on database: any Database, now: Date = Date()) async throws -> [FirstWeekDropOff.GoalCounts] {
        var members: [FirstWeekDropOff.Member] = []
        var lastID: UUID?
        while true {
            var query = User.query(on: database).filter(\.$createdAt >= from).filter(\.$createdAt < to)
                .filter(\.$anonymisedAt == nil)
            if let lastID { query = query.filter(\.$id > lastID) }
            let users = try await query.sort(\.$id).limit(dropOffBatch).all()
            guard let last = users.last else { break }
            lastID = last.id
            let ids = try users.map { try $0.requireID() }
            var done = try await recorded(ids, on: database)
            let found = try await FirstWeekSignals.detect(users, wanted: Set(FirstWeekStep.allCases.filter(\.isSeenInData)), on: database, now: now)
            var fresh: FirstWeekSignals.Completions = [:]
            for user in users {
                let userID = try user.requireID()
                for step in FirstWeekChecklist.steps(for: goal(of: user)) where done[userID]?[step] == nil {
                    if let date = found[userID]?[step] { fresh[userID, default: [:]][step] = date }
                }
            }
            try await record(fresh, on: database)
            done.merge(fresh) { kept, new in kept.merging(new) { first, _ in first } }
            members += try users.map { user in
                FirstWeekDropOff.Member(goal: goal(of: user), startedAt: user.createdAt ?? now, completions: done[try user.requireID()] ?? [:])
            }
            if users.count < dropOffBatch { break }
        }
        return FirstWeekDropOff.tally(members)
    }
}

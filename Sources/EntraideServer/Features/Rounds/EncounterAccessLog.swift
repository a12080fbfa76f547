import Vapor
import Fluent

/// Writes every read of encounter data to `encounter_access_log`, and reads it back for the
/// association's admins. A read that cannot be logged is not served: the write comes first.
enum EncounterAccessLog {
    static func record(_ action: EncounterAccess.Action, subject: UUID?, rows: Int, via: String,
                       context: OrganisationContext, on database: any Database) async throws {
        let entry = EncounterAccess()
        entry.$organisation.id = context.organisationID
        entry.$user.id = context.userID
        entry.action = action.rawValue
        entry.subjectID = subject
        entry.rowCount = rows
        entry.via = via
        entry.at = Date()
        try await entry.create(on: database)
    }

    static func entries(_ context: OrganisationContext, list: ListQuery, on database: any Database) async throws -> Page<AccessLogEntryDTO> {
        try context.require(\.readsAccessLog)
        var query = EncounterAccess.query(on: database).filter(\.$organisation.$id == context.organisationID).with(\.$user)
        if let cursor = list.cursor {
            query = query.group(.or) { or in
                or.filter(\.$at < cursor.before)
                or.group(.and) { and in
                    and.filter(\.$at >= cursor.before).filter(\.$at <= cursor.after).filter(\.$id < cursor.id)
                }
            }
        }
        let rows = try await query.sort(\.$at, .descending).sort(\.$id, .descending).limit(list.limit + 1).all()
        let kept = Array(rows.prefix(list.limit))
        let next = rows.count > list.limit ? kept.last.flatMap { row in row.id.map { PageCursor(date: row.at, id: $0).encoded } } : nil
        let items = try kept.map { row in
            AccessLogEntryDTO(id: try row.requireID(), member: try MemberSummary(row.user), action: row.action,
                              subjectID: row.subjectID, rowCount: row.rowCount, via: row.via, at: row.at)
        }
        return Page(items: items, nextCursor: next)
    }
}

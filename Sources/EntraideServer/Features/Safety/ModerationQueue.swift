import Vapor
import Fluent
import SQLKit
import EntraideCore

/// The moderation queue: open cases, the moderator's zone first, then the longest waiting.
/// Filterable by zone, source (held, flagged, report, appeal), subject and age.
enum ModerationQueue {
    struct Filters {
        let zone: String?
        let source: ModerationCase.Source?
        let subject: ModerationSubject?
        let olderThan: Date?
        let after: (rank: Int, cursor: PageCursor)?
        let limit: Int

        init(zone: String?, source: String?, subject: String?, olderThanHours: Int?, cursor: String?, limit: Int?) throws {
            self.zone = zone.flatMap { $0.isEmpty ? nil : String($0.prefix(3)) }
            self.source = try source.map { try CommunityRules.choice($0, as: ModerationCase.Source.self, field: "source") }
            self.subject = try subject.map { try CommunityRules.choice($0, as: ModerationSubject.self, field: "subjectType") }
            if let hours = olderThanHours {
                guard (0...24 * 365).contains(hours) else { throw AppError(.badRequest, "moderation.age_invalid", field: "olderThanHours") }
                olderThan = Date().addingTimeInterval(-Double(hours) * 3600)
            } else {
                olderThan = nil
            }
            if let cursor {
                // "<rank>.<page cursor>": the zone rank comes first in the order.
                let parts = cursor.split(separator: ".", maxSplits: 1)
                guard parts.count == 2, let rank = Int(parts[0]), (0...1).contains(rank) else { throw PageCursor.invalid }
                after = (rank, try PageCursor(String(parts[1])))
            } else {
                after = nil
            }
            if let limit, !(1...100).contains(limit) { throw AppError(.badRequest, "paging.invalid_limit", field: "limit", arguments: ["max": "100"]) }
            self.limit = limit ?? 50
        }
    }

    static func page(_ filters: Filters, moderatorZone: String?, on database: any Database) async throws -> (cases: [ModerationCase], next: String?) {
        let mine = moderatorZone ?? ""
        let rank: SQLQueryString = "(CASE WHEN zone = \(bind: mine) THEN 0 ELSE 1 END)"
        var conditions: [SQLQueryString] = ["status = 'open'"]
        if let zone = filters.zone { conditions.append("zone = \(bind: zone)") }
        if let source = filters.source { conditions.append("source = \(bind: source.rawValue)") }
        if let subject = filters.subject { conditions.append("subject_type = \(bind: subject.rawValue)") }
        if let older = filters.olderThan { conditions.append("created_at <= \(bind: older)") }
        if let after = filters.after {
            let date = after.cursor.date, id = after.cursor.id
            conditions.append("""
                (\(rank) > \(bind: after.rank) OR (\(rank) = \(bind: after.rank) AND (created_at > \(bind: date.addingTimeInterval(PageCursor.tolerance))
                 OR (created_at >= \(bind: date.addingTimeInterval(-PageCursor.tolerance)) AND id > \(bind: id)))))
                """)
        }
        let rows = try await database.sql.raw("""
            SELECT id, \(rank) AS queue_rank FROM moderation_cases WHERE \(conditions.joined(separator: " AND "))
            ORDER BY queue_rank, created_at, id LIMIT \(literal: filters.limit + 1)
            """).all()
        let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
        let ranks = Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "queue_rank", as: Int.self)) })
        let found = Dictionary(uniqueKeysWithValues: try await ModerationCase.query(on: database).filter(\.$id ~~ ids).all().map { ($0.id!, $0) })
        let cases = ids.compactMap { found[$0] }
        let shown = Array(cases.prefix(filters.limit))
        let next = cases.count > filters.limit ? shown.last.flatMap { last in
            last.createdAt.map { "\(ranks[last.id!] ?? 1)." + PageCursor(date: $0, id: last.id!).encoded }
        } : nil
        return (shown, next)
    }

    /// Cases with what moderators need to judge them: the content's text as it stands and the
    /// member concerned (display name only), read per kind in one query each.
    static func dtos(_ cases: [ModerationCase], _ req: Request) async throws -> [ModerationCaseDTO] {
        let db = req.db
        var texts: [UUID: String] = [:]
        func ids(_ subject: ModerationSubject) -> [UUID] { cases.filter { $0.subjectType == subject.rawValue }.map(\.subjectID) }
        func keep(_ id: UUID?, _ parts: [String?]) { if let id { texts[id] = parts.compactMap { $0 }.joined(separator: "\n") } }
        if case let list = ids(.action), !list.isEmpty {
            for item in try await HelpAction.query(on: db).filter(\.$id ~~ list).all() { keep(item.id, item.screenedTexts) }
        }
        if case let list = ids(.event), !list.isEmpty {
            for item in try await Outing.query(on: db).filter(\.$id ~~ list).all() { keep(item.id, item.screenedTexts) }
        }
        if case let list = ids(.group), !list.isEmpty {
            for item in try await NeighbourhoodGroup.query(on: db).filter(\.$id ~~ list).all() { keep(item.id, item.screenedTexts) }
        }
        if case let list = ids(.post), !list.isEmpty {
            for item in try await GroupPost.query(on: db).filter(\.$id ~~ list).all() { keep(item.id, item.screenedTexts) }
        }
        if case let list = ids(.comment), !list.isEmpty {
            for item in try await PostComment.query(on: db).filter(\.$id ~~ list).all() { keep(item.id, item.screenedTexts) }
        }
        if case let list = ids(.member), !list.isEmpty {
            for item in try await User.query(on: db).filter(\.$id ~~ list).all() { keep(item.id, [item.about]) }
        }
        // A private message is read only because a participant reported it.
        let reported = cases.filter { $0.subjectType == ModerationSubject.message.rawValue && $0.source == ModerationCase.Source.report.rawValue }
        if !reported.isEmpty {
            for item in try await Message.query(on: db).filter(\.$id ~~ reported.map(\.subjectID)).all() { keep(item.id, [item.body]) }
        }
        let memberIDs = Array(Set(cases.compactMap(\.memberID)))
        let members = Dictionary(uniqueKeysWithValues: try await User.query(on: db).filter(\.$id ~~ memberIDs).all().map { ($0.id!, $0) })
        return try cases.map { item in
            let reasons = item.source == ModerationCase.Source.held.rawValue
                ? (HeldReasonDTO.list(item.reasons, req) ?? [])
                : item.reasonList.map { HeldReasonDTO(code: $0, message: req.t("\(item.source).reason.\($0)")) }
            return ModerationCaseDTO(
                id: try item.requireID(), source: item.source, subjectType: item.subjectType, subjectID: item.subjectID,
                reasons: reasons, note: item.note, zone: item.zone, member: try item.memberID.flatMap { members[$0] }.map(MemberSummary.init),
                excerpt: texts[item.subjectID].map { String($0.prefix(1_000)) }, status: item.status, createdAt: item.createdAt)
        }
    }
}

/// The audit log of decisions.
enum ModerationLog {
    static func page(_ list: ListQuery, on database: any Database) async throws -> (rows: [ModerationDecision], next: String?) {
        let rows = try await ModerationDecision.query(on: database).page(list, date: \.$createdAt, updated: \.$createdAt, id: \.$id).all()
        return list.finish(rows, date: { $0.createdAt }, id: { $0.id })
    }

    static func dtos(_ decisions: [ModerationDecision], on database: any Database) async throws -> [ModerationDecisionDTO] {
        let people = Array(Set(decisions.flatMap { [$0.moderatorID] + ($0.memberID.map { [$0] } ?? []) }))
        let users = Dictionary(uniqueKeysWithValues: try await User.query(on: database).filter(\.$id ~~ people).all().map { ($0.id!, $0) })
        return try decisions.map { decision in
            ModerationDecisionDTO(
                id: try decision.requireID(), caseID: decision.caseID, action: decision.action, subjectType: decision.subjectType,
                subjectID: decision.subjectID, member: try decision.memberID.flatMap { users[$0] }.map(MemberSummary.init),
                moderator: try users[decision.moderatorID].map(MemberSummary.init), reason: decision.reason,
                details: (try? JSONDecoder().decode([String: String].self, from: Data(decision.details.utf8))) ?? [:],
                appealedAt: decision.appealedAt, createdAt: decision.createdAt)
        }
    }

    /// Every decision, oldest first, one line each; people by display name only.
    static func csv(on database: any Database) async throws -> String {
        let decisions = try await ModerationDecision.query(on: database).sort(\.$createdAt).sort(\.$id).all()
        var lines = ["date,moderator,action,subject_type,subject_id,member,reason,details,appealed_at"]
        for dto in try await dtos(decisions, on: database) {
            let details = dto.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
            let fields = [dto.createdAt.map { $0.formatted(.iso8601) } ?? "", dto.moderator?.displayName ?? "", dto.action, dto.subjectType,
                          dto.subjectID.uuidString, dto.member?.displayName ?? "", dto.reason, details, dto.appealedAt.map { $0.formatted(.iso8601) } ?? ""]
            lines.append(fields.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 4180 quoting; a leading =, +, - or @ is prefixed so a spreadsheet never runs it.
    static func field(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        guard text.contains(where: { ",\"\r\n".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Vapor
import Fluent
import SQLKit

/// Writes notifications (skipping kinds a member switched off), pushes them live, lists and
/// marks them read.
enum NotificationService {
    static func notify(_ recipients: [UUID], _ kind: MemberNotification.Kind, subject: Membership.Subject, subjectID: UUID,
                       arguments: [String: String], dedupeKey: String? = nil, push: Bool = true,
                       on database: any Database, live: LiveBus) async throws {
        try await notify(recipients, kind, subjectType: subject.rawValue, subjectID: subjectID, arguments: arguments,
                         dedupeKey: dedupeKey, push: push, on: database, live: live)
    }

    static func notify(_ recipients: [UUID], _ kind: MemberNotification.Kind, subjectType: String, subjectID: UUID,
                       arguments: [String: String], dedupeKey: String? = nil, push: Bool = true,
                       on database: any Database, live: LiveBus) async throws {
        let unique = Array(Set(recipients))
        guard !unique.isEmpty else { return }
        let muted = kind == .moderation ? [] : Set(try await NotificationPreference.query(on: database)
            .filter(\.$user.$id ~~ unique).filter(\.$kind == kind.rawValue).filter(\.$enabled == false)
            .all(\.$user.$id))
        let arguments = String(decoding: try JSONEncoder().encode(arguments), as: UTF8.self)
        for recipient in unique where !muted.contains(recipient) {
            let notification = MemberNotification()
            notification.id = UUID()
            notification.$user.id = recipient
            notification.kind = kind.rawValue
            notification.subjectType = subjectType
            notification.subjectID = subjectID
            notification.arguments = arguments
            notification.dedupeKey = dedupeKey
            notification.createdAt = Date()
            if dedupeKey != nil {
                // Written at most once per member and key, even when two instances try.
                let inserted = try await database.sql.insert(into: MemberNotification.schema)
                    .columns("id", "user_id", "kind", "subject_type", "subject_id", "arguments", "dedupe_key", "created_at")
                    .values(SQLBind(notification.id!), SQLBind(recipient), SQLBind(kind.rawValue), SQLBind(subjectType),
                            SQLBind(subjectID), SQLBind(arguments), SQLBind(dedupeKey), SQLBind(notification.createdAt!))
                    .ignoringConflicts(with: ["user_id", "dedupe_key"])
                    .returning("id")
                    .all()
                if inserted.isEmpty { continue }
            } else {
                try await notification.create(on: database)
            }
            if push {
                try await live.publish(LiveEvent(type: .notification, notification: NotificationDTO(notification)), to: [recipient])
            }
        }
        if kind.reachesSMS {
            try await SMSNotices.schedule(unique.filter { !muted.contains($0) }, on: database)
        }
    }

    static func list(for userID: UUID, _ list: ListQuery, unreadOnly: Bool, on database: any Database) async throws -> (rows: [MemberNotification], next: String?) {
        var query = MemberNotification.query(on: database).filter(\.$user.$id == userID)
        if unreadOnly { query = query.filter(\.$readAt == nil) }
        let rows = try await query.page(list, date: \.$createdAt, updated: \.$createdAt, id: \.$id).all()
        return list.finish(rows, date: { $0.createdAt }, id: { $0.id })
    }

    static func unreadCount(for userID: UUID, on database: any Database) async throws -> Int {
        try await MemberNotification.query(on: database).filter(\.$user.$id == userID).filter(\.$readAt == nil).count()
    }

    static func markRead(_ id: UUID?, for userID: UUID, on database: any Database) async throws {
        guard let id, let notification = try await MemberNotification.query(on: database)
            .filter(\.$id == id).filter(\.$user.$id == userID).first()
        else { throw AppError.notFound("notification.not_found") }
        if notification.readAt == nil {
            notification.readAt = Date()
            try await notification.save(on: database)
        }
    }

    static func markAllRead(for userID: UUID, on database: any Database) async throws {
        try await MemberNotification.query(on: database).filter(\.$user.$id == userID).filter(\.$readAt == nil)
            .set(\.$readAt, to: Date()).update()
    }

    static func preferences(for userID: UUID, on database: any Database) async throws -> [String: Bool] {
        let stored = try await NotificationPreference.query(on: database).filter(\.$user.$id == userID).all()
        var result = Dictionary(uniqueKeysWithValues: MemberNotification.Kind.choosable.map { ($0.rawValue, true) })
        for preference in stored where result[preference.kind] != nil { result[preference.kind] = preference.enabled }
        return result
    }

    static func setPreferences(_ kinds: [String: Bool], for userID: UUID, on database: any Database) async throws {
        for kind in kinds.keys where !MemberNotification.Kind.choosable.contains(where: { $0.rawValue == kind }) {
            throw AppError(.unprocessableEntity, "notification.unknown_kind", field: "kinds", arguments: ["kind": kind])
        }
        try await database.atomically { db in
            for (kind, enabled) in kinds {
                if let existing = try await NotificationPreference.query(on: db).filter(\.$user.$id == userID).filter(\.$kind == kind).first() {
                    existing.enabled = enabled
                    try await existing.save(on: db)
                } else {
                    let preference = NotificationPreference()
                    preference.$user.id = userID
                    preference.kind = kind
                    preference.enabled = enabled
                    try await preference.create(on: db)
                }
            }
        }
    }
}

import Vapor
import Fluent
import SQLKit
import EntraideCore

/// Every text goes through here: written to `sms_messages` first (so nothing is lost if a
/// provider is down), then sent by `attempt`, now or by the sender's loop.
///
/// - A stopped number gets nothing but the codes it asks for and its STOP confirmation.
/// - A number gets at most `dailyCap` news a day (and `replyCap` answers), over the last
///   24 hours; what is over is recorded as `capped`, never sent later in a burst.
/// - A provider failing for a reason worth retrying is retried at once on the fallback
///   provider, then again after a growing pause (`backoff`), `maxRounds` times in all.
struct SMSOutbox: Sendable {
    let providers: SMSProviders
    let database: any Database
    let logger: Logger
    let dailyCap: Int

    static let maxRounds = 6
    /// How long a sender may hold a text before another sender takes it back (a crash).
    static let lease: TimeInterval = 300
    static let replyCapFactor = 3

    /// Pause before round `n + 1` once `n` rounds failed: 15 s, 1 min, 4 min, 16 min, 64 min.
    static func backoff(afterRounds rounds: Int) -> TimeInterval {
        15 * pow(4, Double(max(0, rounds - 1)))
    }

    func on(_ database: any Database) -> SMSOutbox {
        SMSOutbox(providers: providers, database: database, logger: logger, dailyCap: dailyCap)
    }

    /// Writes a text to the outbox, already `stopped` or `capped` when it must not go.
    /// `stopped` is the number's STOP when the caller already read it.
    @discardableResult
    func enqueue(to phone: String, body: String, purpose: SMSPurpose, userID: UUID?, now: Date = Date(), stopped: Bool? = nil) async throws -> SMSMessage {
        let message = SMSMessage(toPhone: phone, body: body, purpose: purpose.rawValue, driver: providers.primary.name, userID: userID)
        let count = SMSSegments.count(body)
        message.id = UUID()
        message.segments = count.segments
        message.encoding = count.encoding.rawValue
        message.nextAttemptAt = now
        message.createdAt = Date()
        var isStopped = false
        if purpose.honoursStop { isStopped = if let stopped { stopped } else { try await self.isStopped(phone) } }
        if isStopped {
            message.status = SMSMessage.Status.stopped.rawValue
            message.nextAttemptAt = nil
        }
        // The day's count is read by the insert itself: this is on the path of every received
        // text, and on SQLite every statement there holds the write lock a little longer.
        var status: SQLQueryString = "\(bind: message.status)"
        var nextAttempt: SQLQueryString = "\(bind: message.nextAttemptAt)"
        if !isStopped, purpose.isCapped {
            let full = sentToday(phone, replies: purpose == .reply, now: now, atLeast: cap(for: purpose))
            status = "CASE WHEN \(full) THEN 'capped' ELSE \(bind: message.status) END"
            nextAttempt = "CASE WHEN \(full) THEN NULL ELSE \(bind: message.nextAttemptAt) END"
        }
        let kept = try await database.sql.raw("""
            INSERT INTO sms_messages (id, to_phone, body, purpose, driver, status, user_id, attempts, next_attempt_at, segments, encoding, created_at)
            VALUES (\(bind: message.id), \(bind: phone), \(bind: body), \(bind: purpose.rawValue), \(bind: message.driver),
                    \(status), \(bind: userID), 0, \(nextAttempt), \(bind: message.segments),
                    \(bind: message.encoding), \(bind: message.createdAt))
            RETURNING status
            """).first()
        if let kept = try kept?.decode(column: "status", as: String.self), kept != message.status {
            message.status = kept
            message.nextAttemptAt = nil
        }
        message.$id.exists = true
        return message
    }

    /// Writes and sends at once: for codes, which a person is waiting for on a form.
    func send(to phone: String, body: String, purpose: SMSPurpose, userID: UUID?) async throws {
        let message = try await enqueue(to: phone, body: body, purpose: purpose, userID: userID)
        if try await claim(message.requireID(), now: Date()) { await attempt(message) }
    }

    func cap(for purpose: SMSPurpose) -> Int {
        purpose == .reply ? dailyCap * Self.replyCapFactor : dailyCap
    }

    private func isStopped(_ phone: String) async throws -> Bool {
        try await SMSContact.query(on: database).filter(\.$phone == phone).filter(\.$stoppedAt != nil).count() > 0
    }

    /// True when the number already had `cap` texts of this kind in the last 24 hours.
    private func sentToday(_ phone: String, replies: Bool, now: Date, atLeast cap: Int) -> SQLQueryString {
        let purposes = replies ? [SMSPurpose.reply.rawValue] : [SMSPurpose.notice, .digest, .welcome].map(\.rawValue)
        return """
            (SELECT COUNT(*) FROM sms_messages
             WHERE to_phone = \(bind: phone) AND created_at >= \(bind: now.addingTimeInterval(-24 * 3600))
               AND purpose IN (\(binds: purposes)) AND status NOT IN ('stopped', 'capped')) >= \(bind: cap)
            """
    }

    /// Takes a due text for this sender: one conditional update, so two senders (two
    /// instances) never send the same text twice.
    func claim(_ id: UUID, now: Date) async throws -> Bool {
        let rows = try await database.sql.raw("""
            UPDATE sms_messages SET status = 'sending', next_attempt_at = \(bind: now.addingTimeInterval(Self.lease))
            WHERE id = \(bind: id) AND status IN ('queued', 'sending') AND next_attempt_at <= \(bind: now)
            RETURNING id
            """).all()
        return !rows.isEmpty
    }

    /// Sends every due text (or `limit` of them), `parallel` at a time; returns how many were tried.
    @discardableResult
    func drain(now: Date = Date(), limit: Int = 200, parallel: Int = 8) async throws -> Int {
        // One statement claims the batch and returns its rows. The outer conditions are
        // checked again on the row as it is when the update reaches it, so two instances
        // never claim the same text.
        let messages = try await database.sql.raw("""
            UPDATE sms_messages SET status = 'sending', next_attempt_at = \(bind: now.addingTimeInterval(Self.lease))
            WHERE status IN ('queued', 'sending') AND next_attempt_at <= \(bind: now)
              AND id IN (SELECT id FROM sms_messages WHERE status IN ('queued', 'sending') AND next_attempt_at <= \(bind: now)
                         ORDER BY next_attempt_at LIMIT \(bind: limit))
            RETURNING *
            """).all().map { try $0.decode(fluentModel: SMSMessage.self) }
        guard !messages.isEmpty else { return 0 }
        await withTaskGroup(of: Void.self) { group in
            var next = messages.makeIterator()
            for _ in 0..<max(1, parallel) {
                guard let message = next.next() else { break }
                group.addTask { await attempt(message, now: now, saving: false) }
            }
            while await group.next() != nil {
                if let message = next.next() { group.addTask { await attempt(message, now: now, saving: false) } }
            }
        }
        do {
            try await saveOutcomes(messages)
        } catch {
            // Only a failing database gets here: the rows stay claimed under their lease and
            // are tried again when it ends, as after a crash.
            logger.error("sms outbox rows not saved", metadata: ["error": .string("\(error)")])
        }
        return messages.count
    }

    /// One round: the primary provider, then the fallback when the primary failed for a
    /// reason worth retrying. The row records who took it, or why it waits or failed.
    /// `saving: false` leaves the row to the caller, which saves a batch at once.
    func attempt(_ message: SMSMessage, now: Date = Date(), saving: Bool = true) async {
        let outgoing = OutgoingSMS(id: message.id ?? UUID(), to: message.toPhone, body: message.body)
        var reasons: [String] = []
        var permanent = false
        for gateway in [providers.primary] + (providers.fallback.map { [$0] } ?? []) {
            message.driver = gateway.name
            do {
                let delivery = try await gateway.deliver(outgoing)
                message.status = delivery.state == .logged ? SMSMessage.Status.logged.rawValue
                    : delivery.state == .delivered ? SMSMessage.Status.delivered.rawValue : SMSMessage.Status.sent.rawValue
                message.providerMessageID = delivery.providerMessageID
                message.sentAt = now
                if delivery.state == .delivered { message.deliveredAt = now }
                message.nextAttemptAt = nil
                message.lastError = reasons.isEmpty ? nil : reasons.joined(separator: "; ")
                // The body may hold a login code, and the number is personal: neither goes to the log in full.
                logger.info(delivery.state == .logged ? "sms kept in outbox" : "sms sent", metadata: [
                    "to": .string(PhoneMask.mask(message.toPhone)), "purpose": .string(message.purpose), "driver": .string(gateway.name),
                ])
                if saving { await save(message) }
                return
            } catch SMSGatewayError.permanent(let reason) {
                reasons.append(gateway.name + ": " + reason)
                permanent = true
                break
            } catch SMSGatewayError.temporary(let reason) {
                reasons.append(gateway.name + ": " + reason)
            } catch {
                reasons.append(gateway.name + ": " + String(describing: type(of: error)))
            }
        }
        message.attempts += 1
        message.lastError = String(reasons.joined(separator: "; ").prefix(500))
        if permanent || message.attempts >= Self.maxRounds {
            message.status = SMSMessage.Status.failed.rawValue
            message.nextAttemptAt = nil
        } else {
            message.status = SMSMessage.Status.queued.rawValue
            message.nextAttemptAt = now.addingTimeInterval(Self.backoff(afterRounds: message.attempts))
        }
        logger.warning("sms not sent", metadata: [
            "to": .string(PhoneMask.mask(message.toPhone)), "rounds": .stringConvertible(message.attempts),
            "status": .string(message.status), "error": .string(message.lastError ?? ""),
        ])
        if saving { await save(message) }
    }

    /// The batch's outcomes in one statement: on SQLite the write lock is shared with the
    /// received texts' batches, and a statement per text held it as long as the sending took.
    private func saveOutcomes(_ messages: [SMSMessage]) async throws {
        // PostgreSQL reads the types of a VALUES list from its parameters, which say none
        // for a NULL: each column says its own.
        let pg = database.isPostgres
        func typed(_ type: String) -> SQLQueryString { pg ? "::\(unsafeRaw: type)" : "" }
        let rows: [SQLQueryString] = try messages.map { message in
            """
            (\(bind: try message.requireID())\(typed("uuid")), \(bind: message.driver)\(typed("text")), \(bind: message.status)\(typed("text")),
             \(bind: message.providerMessageID)\(typed("text")), \(bind: message.sentAt)\(typed("timestamptz")),
             \(bind: message.deliveredAt)\(typed("timestamptz")), \(bind: message.nextAttemptAt)\(typed("timestamptz")),
             \(bind: message.lastError)\(typed("text")), \(bind: message.attempts)\(typed("bigint")))
            """
        }
        try await database.sql.raw("""
            UPDATE sms_messages SET driver = v.column2, status = v.column3, provider_message_id = v.column4, sent_at = v.column5,
                   delivered_at = v.column6, next_attempt_at = v.column7, last_error = v.column8, attempts = v.column9
            FROM (VALUES \(rows.joined(separator: ", "))) AS v
            WHERE sms_messages.id = v.column1
            """).run()
    }

    private func save(_ message: SMSMessage) async {
        do { try await message.update(on: database) } catch {
            logger.error("sms outbox row not saved", metadata: ["error": .string("\(error)")])
        }
    }

    /// A provider's delivery receipt. Receipts may arrive late, twice or out of order: a
    /// delivered text stays delivered.
    func record(_ receipt: SMSReceipt, now: Date = Date()) async throws {
        var found = try await SMSMessage.query(on: database).filter(\.$providerMessageID == receipt.providerMessageID).first()
        if found == nil, let id = UUID(uuidString: receipt.providerMessageID) { found = try await SMSMessage.find(id, on: database) }
        guard let message = found else { return }
        switch receipt.state {
        case .delivered:
            message.status = SMSMessage.Status.delivered.rawValue
            message.deliveredAt = now
        case .failed where message.statusValue != .delivered:
            message.status = SMSMessage.Status.failed.rawValue
            message.lastError = receipt.error.map { String($0.prefix(200)) } ?? "undelivered"
        case .sent, .failed:
            return
        }
        try await message.update(on: database)
    }
}

extension Request {
    var smsOutbox: SMSOutbox {
        SMSOutbox(providers: application.smsProviders, database: db, logger: logger, dailyCap: config.smsDailyCap)
    }
    /// Sends a code now (see `SMSOutbox.send`).
    var sms: SMSOutbox { smsOutbox }
}

extension Application {
    func smsOutbox(on database: (any Database)? = nil) -> SMSOutbox {
        SMSOutbox(providers: smsProviders, database: database ?? db, logger: logger, dailyCap: config.smsDailyCap)
    }
}

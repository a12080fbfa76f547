import Fluent
import SQLKit

/// The outbox learns retries, receipts and segment counts. SQLite adds one column per
/// statement, hence one `update()` each.
struct AddSMSOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let schema = { database.schema(SMSMessage.schema) }
        try await schema().field("attempts", .int, .required, .sql(.default(0))).update()
        try await schema().field("next_attempt_at", .datetime).update()
        try await schema().field("provider_message_id", .string).update()
        try await schema().field("segments", .int, .required, .sql(.default(1))).update()
        try await schema().field("encoding", .string, .required, .sql(.default("gsm7"))).update()
        try await schema().field("last_error", .string).update()
        try await schema().field("sent_at", .datetime).update()
        try await schema().field("delivered_at", .datetime).update()
        // The sender's loop reads due rows; receipts find theirs by the provider's id; the
        // daily cap counts a number's texts of the last day.
        try await database.sql.raw("CREATE INDEX sms_messages_due_idx ON sms_messages (status, next_attempt_at)").run()
        try await database.sql.raw("CREATE INDEX sms_messages_provider_idx ON sms_messages (provider_message_id)").run()
        try await database.sql.raw("CREATE INDEX sms_messages_phone_idx ON sms_messages (to_phone, created_at)").run()
    }

    func revert(on database: any Database) async throws {
        for index in ["sms_messages_due_idx", "sms_messages_provider_idx", "sms_messages_phone_idx"] {
            try await database.sql.raw("DROP INDEX \(ident: index)").run()
        }
        for name in ["attempts", "next_attempt_at", "provider_message_id", "segments", "encoding", "last_error", "sent_at", "delivered_at"] {
            try await database.schema(SMSMessage.schema).deleteField(.string(name)).update()
        }
    }
}

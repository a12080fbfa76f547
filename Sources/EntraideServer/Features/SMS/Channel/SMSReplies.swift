import Vapor
import Fluent
import EntraideCore

/// `R <code> <text>`: answers the conversation whose SMS ended with that code.
struct SMSReplies {
    let context: SMSConversationContext
    var channel: SMSChannel { context.channel }

    func reply(code: String, text: String, by user: User) async throws {
        guard let known = try await SMSReplyCode.query(on: channel.database)
            .filter(\.$user.$id == user.requireID()).filter(\.$code == code.uppercased()).first()
        else { return try await context.say("sms.reply.unknown_code", ["code": code.uppercased()]) }
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty else { return try await context.say("sms.reply.empty", ["code": known.code]) }
        if user.isSanctioned(at: context.now) { return try await context.say("sms.account.sanctioned") }
        do {
            let (conversation, membership) = try await ConversationService.participating(known.$conversation.id, user: user, on: channel.database)
            try await RateLimiter.hit(.messagePerMember, key: user.requireID().uuidString, factor: channel.config.rateLimitFactor, on: channel.database)
            let message = try await ConversationService.post(MessageInput(body: body), in: conversation, by: user, on: channel.database, live: channel.live)
            // Answering shows they read what came before.
            try await ConversationService.markRead(membership, at: message.createdAt ?? context.now, on: channel.database)
            try await context.say("sms.reply.sent", ["code": known.code])
        } catch let error where channel.explain(error, context.language) != nil {
            try await context.sayRaw(channel.explain(error, context.language)!)
        }
    }
}

/// Gives each of a member's conversations its short code, the same every time.
enum SMSReplyCodes {
    static func code(for userID: UUID, conversation conversationID: UUID, on database: any Database) async throws -> SMSReplyCode {
        if let existing = try await SMSReplyCode.query(on: database)
            .filter(\.$user.$id == userID).filter(\.$conversation.$id == conversationID).first() {
            return existing
        }
        var generator = SystemRandomNumberGenerator()
        // Three characters give 29,791 codes; a member with that many conversations gets four.
        for attempt in 0..<20 {
            let code = String((0..<(attempt < 10 ? 3 : 4)).map { _ in SMSReplyCode.alphabet.randomElement(using: &generator)! })
            let row = SMSReplyCode()
            row.$user.id = userID
            row.$conversation.id = conversationID
            row.code = code
            do {
                try await row.create(on: database)
                return row
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // The code is taken for this member, or another sender made this conversation's code just now.
                if let made = try await SMSReplyCode.query(on: database)
                    .filter(\.$user.$id == userID).filter(\.$conversation.$id == conversationID).first() { return made }
            }
        }
        throw AppError(.serviceUnavailable, "sms.reply.no_code")
    }
}

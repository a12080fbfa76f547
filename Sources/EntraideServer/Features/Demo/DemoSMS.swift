import Vapor
import Fluent

/// The demo members without e-mail live by SMS: the association (Claire) registered them,
/// with their consent, so their news arrive as SMS in the outbox.
enum DemoSMS {
    static func seed(on database: any Database) async throws -> Bool {
        guard let claire = try await User.query(on: database).filter(\.$email == "association@demo.entraide.example").first() else { return false }
        var added = false
        for member in DemoData.members {
            guard let phone = member.phone, try await SMSContact.query(on: database).filter(\.$phone == phone).first() == nil,
                  let user = try await User.query(on: database).filter(\.$phone == phone).first() else { continue }
            let contact = SMSContact(phone: phone, userID: user.id, language: user.language, mode: .instant)
            contact.consentAt = Date()
            contact.consentChannel = "web"
            contact.$referent.id = claire.id
            try await contact.create(on: database)
            added = true
        }
        return added
    }
}

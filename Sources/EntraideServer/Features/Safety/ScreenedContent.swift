import Vapor
import Fluent
import EntraideCore

/// Public content whose texts are screened before anyone else sees them.
protocol ScreenedContent: Model where IDValue == UUID {
    static var moderationSubject: ModerationSubject { get }
    /// The texts others would read.
    var screenedTexts: [String?] { get }
    var moderation: String { get set }
    /// Reason codes while held by screening; nil once visible or decided by a moderator.
    var heldReasons: String? { get set }
    /// The fingerprint of the texts a moderator approved (`ContentScreening.fingerprint`).
    var reviewedHash: String? { get set }
    var authorID: UUID { get }
    /// The id a case is opened on: an event's series, so its occurrences make one case.
    var caseSubjectID: UUID? { get }
    /// The moderators' zone the content belongs to.
    func zone(on database: any Database) async throws -> String?
}

extension ScreenedContent {
    var caseSubjectID: UUID? { id }
}

extension HelpAction: ScreenedContent {
    static var moderationSubject: ModerationSubject { .action }
    var screenedTexts: [String?] { [title, details] }
    var authorID: UUID { $author.id }
    func zone(on database: any Database) async throws -> String? { ModerationZone.of(postalCode: postalCode) }
}

extension Outing: ScreenedContent {
    static var moderationSubject: ModerationSubject { .event }
    // An event's place name and address are meant to be public (events happen in public
    // places): only its title and description are screened.
    var screenedTexts: [String?] { [title, details] }
    var authorID: UUID { $organiser.id }
    var caseSubjectID: UUID? { seriesID ?? id }
    func zone(on database: any Database) async throws -> String? { ModerationZone.of(postalCode: postalCode) }
}

extension NeighbourhoodGroup: ScreenedContent {
    static var moderationSubject: ModerationSubject { .group }
    var screenedTexts: [String?] { [name, details, welcomeMessage, charter] }
    var authorID: UUID { $creator.id }
    func zone(on database: any Database) async throws -> String? { ModerationZone.of(postalCode: postalCode) }
}

extension GroupPost: ScreenedContent {
    static var moderationSubject: ModerationSubject { .post }
    var screenedTexts: [String?] { [body] + (pollOptions ?? []).map { $0 } }
    var authorID: UUID { $author.id }
    func zone(on database: any Database) async throws -> String? {
        ModerationZone.of(postalCode: try await NeighbourhoodGroup.find($group.id, on: database)?.postalCode)
    }
}

extension PostComment: ScreenedContent {
    static var moderationSubject: ModerationSubject { .comment }
    var screenedTexts: [String?] { [body] }
    var authorID: UUID { $author.id }
    func zone(on database: any Database) async throws -> String? {
        guard let post = try await GroupPost.find($post.id, on: database) else { return nil }
        return try await post.zone(on: database)
    }
}

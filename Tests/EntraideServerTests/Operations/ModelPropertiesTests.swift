import Foundation
import Testing
import Fluent
@testable import EntraideServer

/// Models list their properties by hand (FluentKit otherwise reflects over every model on every
/// query and row). A field added to a model but not to its list would silently never be saved nor
/// read, so each list is checked against what reflection finds.
@Suite struct ModelPropertiesTests {
    static let models: [any Model.Type] = [
        User.self, UserRole.self, MemberSession.self, OneTimeCode.self, PhoneChange.self, MemberPhoto.self,
        HelpAction.self, Outing.self, Membership.self, NeighbourhoodGroup.self, GroupPost.self,
        PostComment.self, PostReaction.self, PollVote.self, Conversation.self, Message.self,
        MemberNotification.self, NotificationPreference.self, Block.self, IdempotencyKey.self,
        TextTranslation.self, ModerationCase.self, ModerationDecision.self,
        SMSInbound.self, SMSContact.self, SMSReplyCode.self, SMSEventChoice.self, SMSMessage.self,
        Organisation.self, OrganisationMember.self, RoundSector.self, OutreachRound.self, RoundTeamMember.self,
        RoundPathPoint.self, FollowedPerson.self, Encounter.self, EncounterNeedRecord.self, EncounterAccess.self,
        Place.self, PlaceStop.self, PlaceSuggestion.self,
        LearningJourney.self, LearningJourneyText.self, LearningArticleSeen.self, LearningQuizAnswer.self, LearningChallenge.self,
        LearningJourneyDraft.self,
        FirstWeekCompletion.self, FirstWeekDismissal.self,
        CommitteeProposal.self, CommitteeVote.self, CommitteeDecision.self, CharterVersion.self, StoredWordEdit.self,
    ]

    @Test(arguments: models.map { ModelType($0) })
    func listedPropertiesAreTheReflectedOnes(_ model: ModelType) {
        let instance = model.type.init()
        let listed = instance.properties.map { ObjectIdentifier($0 as AnyObject) }
        let reflected = Mirror(reflecting: instance).children
            .compactMap { $0.value as? any AnyProperty }
            .map { ObjectIdentifier($0 as AnyObject) }
        #expect(listed == reflected, "\(model) lists \(listed.count) properties, reflection finds \(reflected.count)")
    }

    /// A new model must join the list above, so that its own list (if it has one) is checked too.
    @Test func everyModelIsChecked() throws {
        let sources = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let declaration = try Regex(#"final class (\w+)\s*:[^{]*\bModel\b"#)
        var declared = Set<String>()
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: declaration) {
                if let name = match.output[1].substring { declared.insert(String(name)) }
            }
        }
        let checked = Set(Self.models.map { String(describing: $0) })
        #expect(!declared.isEmpty)
        #expect(declared.subtracting(checked).isEmpty, "models not checked: \(declared.subtracting(checked).sorted())")
    }
}

/// A model type as a test argument, named in the test report.
struct ModelType: CustomStringConvertible, Sendable {
    let type: any Model.Type
    init(_ type: any Model.Type) { self.type = type }
    var description: String { String(describing: type) }
}

import Foundation
import Testing
import Vapor
import VaporTesting
import Fluent
import EntraideCore
@testable import EntraideServer

extension Application {
    /// The journeys of `Resources/Learning` (the first one is `first-steps`).
    func loadJourneys() async throws {
        let summary = try await LearningContent.load(self)
        #expect(summary.journeysCreated >= 1)
    }

    /// A journey staff are still writing: members must not see it.
    func draftJourney(_ slug: String = "draft-one", status: JourneyStatus = .draft, blocks: [LearningBlock] = [.text(TextBlock(text: "À relire."))]) async throws {
        let document = JourneyDocument(title: "Brouillon", summary: "Pas encore relu", chapters: [
            .init(key: "only", title: "Seul chapitre", articles: [.init(key: "only", title: "Seul article", blocks: blocks)]),
        ], challenge: .init(title: "Défi", text: "Plus tard"))
        _ = try await LearningContent.save(slug: slug, manifest: .init(family: .understand, estimatedMinutes: 5, position: 2, status: status),
                                           documents: [.fr: document], on: db)
    }

    /// A published journey in French and English only, for what a reader of another language sees.
    func twoLanguageJourney(_ slug: String = "two-languages") async throws {
        func document(_ title: String, _ chapter: String, _ text: String) -> JourneyDocument {
            JourneyDocument(title: title, summary: title, chapters: [
                .init(key: "only", title: chapter, articles: [.init(key: "only", title: chapter, blocks: [.text(TextBlock(text: text))])]),
            ], challenge: .init(title: title, text: text))
        }
        _ = try await LearningContent.save(slug: slug, manifest: .init(family: .understand, estimatedMinutes: 5, position: 3, status: .published),
                                           documents: [.fr: document("Deux langues", "Le seul chapitre", "Bonjour."),
                                                       .en: document("Two languages", "The only chapter", "Hello.")], on: db)
    }

    func grant(_ role: StaffRole, to member: TestMember) async throws {
        let user = try #require(try await User.find(member.id, on: db))
        try await RoleService.grant(role, to: user, by: "test", on: db)
    }
}

let journeyPath = "/api/v1/learning/journeys/first-steps"

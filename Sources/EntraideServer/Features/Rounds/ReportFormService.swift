import Vapor
import Fluent
import EntraideCore

/// Each association's own report form, and its answers per round.
enum ReportFormService {
    static func save(_ input: ReportFormInput, for context: OrganisationContext, on database: any Database) async throws -> [ReportQuestion] {
        try context.require(\.managesReportForm)
        let questions = try ReportFormRules.questions((input.questions ?? []).map {
            (id: $0.id, label: $0.label, kind: $0.kind, required: $0.required, choices: $0.choices)
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        context.organisation.reportForm = String(decoding: try encoder.encode(questions), as: UTF8.self)
        try await context.organisation.save(on: database)
        return questions
    }

    /// The team (or staff) answers once the round has started; answering again replaces.
    static func answer(_ input: RoundReportInput, for round: OutreachRound, in context: OrganisationContext, on database: any Database) async throws {
        try await RoundService.requireRunner(round, context, on: database)
        guard round.statusValue != .planned else { throw AppError(.conflict, "rounds.not_started") }
        let questions = context.organisation.questions
        guard !questions.isEmpty else { throw AppError(.conflict, "rounds.no_report_form") }
        let answers = try ReportFormRules.answers(input.answers ?? [:], to: questions).mapValues(\.stored)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        round.reportAnswers = String(decoding: try encoder.encode(answers), as: UTF8.self)
        round.reportedAt = Date()
        round.reportedByID = context.userID
        try await round.save(on: database)
    }

    static func report(of round: OutreachRound, in context: OrganisationContext, on database: any Database) async throws -> RoundReportDTO {
        var author: User?
        if let authorID = round.reportedByID { author = try await User.find(authorID, on: database) }
        return RoundReportDTO(roundID: try round.requireID(), questions: context.organisation.questions, answers: round.answers,
                              reportedAt: round.reportedAt, reportedBy: try author.map(MemberSummary.init))
    }
}

import Vapor
import Fluent
import EntraideCore

/// `/api/v1/organisations/{organisationID}/rounds…`, encounters, people and needs. Every read
/// of encounter data is written to the access log before it is answered.
struct RoundsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let one = routes.grouped("organisations", ":organisationID")
        let rounds = one.grouped("rounds")
        rounds.get(use: Self.list)
        rounds.post(use: Self.create)
        let round = rounds.grouped(":roundID")
        round.get(use: Self.show)
        round.patch(use: Self.update)
        round.post("start", use: Self.start)
        round.post("finish", use: Self.finish)
        round.get("path", use: Self.path)
        round.post("path", use: Self.recordPath)
        round.get("encounters", use: Self.encounters)
        round.post("encounters", use: Self.recordEncounter)
        round.get("report", use: Self.report)
        round.put("report", use: Self.answerReport)
        one.get("encounters", ":encounterID", use: Self.encounter)
        one.get("people", use: Self.people)
        one.get("people", ":personID", use: Self.person)
        one.post("people", ":personID", "engagement", use: Self.engage)
        one.post("needs", ":needID", "met", use: Self.needMet)
    }

    static func list(_ req: Request) async throws -> Page<RoundDTO> {
        let context = try await req.organisation()
        let status = try req.query[String.self, at: "status"].map { try CommunityRules.choice($0, as: RoundStatus.self, field: "status") }
        let page = try await RoundService.list(context, status: status, list: ListQuery(req), on: req.db)
        return Page(items: try await RoundService.dtos(page.rows, on: req.db), nextCursor: page.next)
    }

    static func create(_ req: Request) async throws -> Response {
        let context = try await req.organisation()
        let round = try await RoundService.create(try req.content.decode(RoundInput.self), in: context, on: req.db)
        return try await dto(round, req).encodeResponse(status: .created, for: req)
    }

    static func show(_ req: Request) async throws -> RoundDTO {
        let (context, round) = try await load(req)
        _ = context
        return try await dto(round, req)
    }

    static func update(_ req: Request) async throws -> RoundDTO {
        let (context, round) = try await load(req)
        try await RoundService.update(round, with: try req.content.decode(RoundInput.self), in: context, on: req.db)
        return try await dto(RoundService.find(round.requireID(), in: context, on: req.db), req)
    }

    static func start(_ req: Request) async throws -> RoundDTO {
        let (context, round) = try await load(req)
        try await RoundService.start(round, in: context, on: req.db)
        return try await dto(round, req)
    }

    static func finish(_ req: Request) async throws -> RoundDTO {
        let (context, round) = try await load(req)
        try await RoundService.finish(round, in: context, on: req.db)
        return try await dto(round, req)
    }

    static func path(_ req: Request) async throws -> RoundPathDTO {
        let (context, round) = try await load(req)
        return try await RoundService.path(of: round, in: context, on: req.db)
    }

    static func recordPath(_ req: Request) async throws -> Response {
        let (context, round) = try await load(req)
        _ = try await RoundService.record(try req.content.decode(PathPointsInput.self), on: round, in: context, on: req.db)
        return try await RoundService.path(of: round, in: context, on: req.db).encodeResponse(status: .created, for: req)
    }

    static func encounters(_ req: Request) async throws -> [EncounterDTO] {
        let (context, round) = try await load(req)
        let rows = try await EncounterService.encounters(ofRound: round, on: req.db)
        try await EncounterAccessLog.record(.listEncounters, subject: round.requireID(), rows: rows.count, via: "api", context: context, on: req.db)
        return try await EncounterService.dtos(rows, in: context, cipher: req.application.encounterNotes,
                                               catalogue: req.application.catalogue, language: req.language, on: req.db)
    }

    /// 201 for a new encounter; 200 with the encounter already recorded when the client sends
    /// an id it sent before (a queue replayed after a lost answer). The answer leaves the notes
    /// out: the client wrote them, and answers may be stored for replays.
    static func recordEncounter(_ req: Request) async throws -> Response {
        let (context, round) = try await load(req)
        let input = try req.content.decode(EncounterInput.self)
        let recorded = try await EncounterService.record(input, on: round, in: context, cipher: req.application.encounterNotes, on: req.db)
        let encounter = try await encounterDTO(recorded.encounter, context, req, log: false).withoutNotes()
        let response = try await encounter.encodeResponse(status: recorded.created ? .created : .ok, for: req)
        if !recorded.created { response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true") }
        return response
    }

    static func encounter(_ req: Request) async throws -> EncounterDTO {
        let context = try await req.organisation()
        let encounter = try await EncounterService.find(req.parameters.get("encounterID", as: UUID.self), in: context, on: req.db)
        return try await encounterDTO(encounter, context, req, log: true)
    }

    static func people(_ req: Request) async throws -> Page<PersonDTO> {
        let context = try await req.organisation()
        let status = try req.query[String.self, at: "status"].map { try CommunityRules.choice($0, as: FollowUpStatus.self, field: "status") }
        let page = try await EncounterService.people(context, status: status, list: ListQuery(req), catalogue: req.application.catalogue,
                                                     language: req.language, on: req.db)
        try await EncounterAccessLog.record(.listPeople, subject: nil, rows: page.items.count, via: "api", context: context, on: req.db)
        return Page(items: page.items, nextCursor: page.next)
    }

    static func person(_ req: Request) async throws -> PersonDetailDTO {
        let context = try await req.organisation()
        let person = try await EncounterService.person(req.parameters.get("personID", as: UUID.self), in: context, on: req.db)
        let personID = try person.requireID()
        let encounters = try await Encounter.query(on: req.db).filter(\.$person.$id == personID).sort(\.$metAt, .descending).all()
        try await EncounterAccessLog.record(.readPerson, subject: personID, rows: encounters.count, via: "api", context: context, on: req.db)
        let catalogue = req.application.catalogue, language = req.language
        let needs = try await EncounterNeedRecord.query(on: req.db).filter(\.$person.$id == personID).sort(\.$createdAt, .descending).all()
        return PersonDetailDTO(
            person: try await EncounterService.personDTOs([person], catalogue: catalogue, language: language, on: req.db)[0],
            needs: try needs.map { try EncounterService.needDTO($0, catalogue: catalogue, language: language) },
            encounters: try await EncounterService.dtos(encounters, in: context, cipher: req.application.encounterNotes,
                                                        catalogue: catalogue, language: language, on: req.db))
    }

    static func engage(_ req: Request) async throws -> PersonDTO {
        let context = try await req.organisation()
        let person = try await EncounterService.engage(req.parameters.get("personID", as: UUID.self), in: context, on: req.db)
        return try await EncounterService.personDTOs([person], catalogue: req.application.catalogue, language: req.language, on: req.db)[0]
    }

    static func needMet(_ req: Request) async throws -> NeedDTO {
        let context = try await req.organisation()
        let input = (try? req.content.decode(NeedMetInput.self)) ?? NeedMetInput()
        let need = try await EncounterService.markMet(req.parameters.get("needID", as: UUID.self), input, in: context, on: req.db)
        return try EncounterService.needDTO(need, catalogue: req.application.catalogue, language: req.language)
    }

    static func report(_ req: Request) async throws -> RoundReportDTO {
        let (context, round) = try await load(req)
        return try await ReportFormService.report(of: round, in: context, on: req.db)
    }

    static func answerReport(_ req: Request) async throws -> RoundReportDTO {
        let (context, round) = try await load(req)
        try await ReportFormService.answer(try req.content.decode(RoundReportInput.self), for: round, in: context, on: req.db)
        return try await ReportFormService.report(of: round, in: context, on: req.db)
    }

    // MARK: Helpers

    static func load(_ req: Request) async throws -> (OrganisationContext, OutreachRound) {
        let context = try await req.organisation()
        let round = try await RoundService.find(req.parameters.get("roundID", as: UUID.self), in: context, on: req.db)
        return (context, round)
    }

    static func dto(_ round: OutreachRound, _ req: Request) async throws -> RoundDTO {
        try await RoundService.dtos([round], on: req.db)[0]
    }

    static func encounterDTO(_ encounter: Encounter, _ context: OrganisationContext, _ req: Request, log: Bool) async throws -> EncounterDTO {
        if log {
            try await EncounterAccessLog.record(.readEncounter, subject: encounter.requireID(), rows: 1, via: "api", context: context, on: req.db)
        }
        return try await EncounterService.dtos([encounter], in: context, cipher: req.application.encounterNotes,
                                               catalogue: req.application.catalogue, language: req.language, on: req.db)[0]
    }
}

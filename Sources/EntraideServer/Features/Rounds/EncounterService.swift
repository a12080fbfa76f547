import Vapor
import Fluent
import EntraideCore

/// Encounters during rounds, the people met and their needs, followed from round to round.
enum EncounterService {
    struct Recorded {
        let encounter: Encounter
        /// False when the client sent an encounter already recorded (an offline replay).
        let created: Bool
    }

    /// Records an encounter. The id may be the client's: the same id sent again returns the
    /// encounter already recorded and creates nothing, even when both copies arrive together
    /// (the primary key decides).
    static func record(_ input: EncounterInput, on round: OutreachRound, in context: OrganisationContext,
                       cipher: EncounterNotesCipher, on database: any Database) async throws -> Recorded {
        try await RoundService.requireRunner(round, context, on: database)
        let roundID = try round.requireID()
        if let id = input.id, let existing = try await Encounter.find(id, on: database) {
            return try replay(existing, roundID: roundID, context: context)
        }
        guard round.statusValue.takesEncounters else { throw AppError(.conflict, "rounds.not_started") }

        let now = Date()
        let metAt = input.metAt ?? now
        guard metAt <= now.addingTimeInterval(300) else { throw AppError(.unprocessableEntity, "rounds.met_in_future", field: "metAt") }
        var sectorID = round.$sector.id
        if input.sectorID != nil { sectorID = try await OrganisationService.sector(input.sectorID, in: context, on: database).requireID() }
        let needs = try Self.needs(input.needs ?? [])
        let notes = try CommunityRules.optionalText(input.notes, field: "notes", max: RoundRules.notesMaxLength)
        let person = try await Self.person(input.person, in: context, metAt: metAt, on: database)
        let metNeedIDs = Array(Set(input.metNeedIDs ?? []))
        if !metNeedIDs.isEmpty {
            let personID = try person.model.requireID()
            let open = try await EncounterNeedRecord.query(on: database).filter(\.$id ~~ metNeedIDs)
                .filter(\.$person.$id == personID).filter(\.$organisation.$id == context.organisationID).count()
            guard open == metNeedIDs.count else { throw AppError(.unprocessableEntity, "rounds.need_unknown", field: "metNeedIDs") }
        }

        let encounter = Encounter()
        encounter.id = input.id ?? UUID()
        encounter.$organisation.id = context.organisationID
        encounter.$round.id = roundID
        encounter.$sector.id = sectorID
        encounter.metAt = metAt
        encounter.$recordedBy.id = context.userID
        if let notes {
            encounter.notesSealed = try cipher.seal(notes, organisationID: context.organisationID, encounterID: encounter.requireID())
        }
        do {
            try await database.atomically { db in
                let personModel = person.model
                if input.engaged == true, personModel.engagedAt == nil { personModel.engagedAt = metAt }
                if person.isNew {
                    try await personModel.create(on: db)
                } else {
                    personModel.lastMetAt = max(personModel.lastMetAt, metAt)
                    personModel.firstContactAt = min(personModel.firstContactAt, metAt)
                    try await personModel.save(on: db)
                }
                encounter.$person.id = try personModel.requireID()
                try await encounter.create(on: db)
                for (need, size) in needs {
                    let record = EncounterNeedRecord()
                    record.$organisation.id = context.organisationID
                    record.$person.id = try personModel.requireID()
                    record.$encounter.id = try encounter.requireID()
                    record.need = need.rawValue
                    record.size = size
                    record.status = NeedStatus.open.rawValue
                    try await record.create(on: db)
                }
                if !metNeedIDs.isEmpty {
                    try await EncounterNeedRecord.query(on: db).filter(\.$id ~~ metNeedIDs)
                        .filter(\.$status == NeedStatus.open.rawValue)
                        .set(\.$status, to: NeedStatus.met.rawValue).set(\.$metAt, to: metAt).set(\.$metRoundID, to: roundID)
                        .update()
                }
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // Two copies of one offline encounter arrived together: the other one was recorded.
            guard let id = input.id, let existing = try await Encounter.find(id, on: database) else { throw error }
            return try replay(existing, roundID: roundID, context: context)
        }
        return Recorded(encounter: encounter, created: true)
    }

    private static func replay(_ existing: Encounter, roundID: UUID, context: OrganisationContext) throws -> Recorded {
        // An id of another round or association is not this encounter: refuse, say nothing of it.
        guard existing.$organisation.id == context.organisationID, existing.$round.id == roundID else {
            throw AppError(.conflict, "rounds.encounter_id_taken", field: "id")
        }
        return Recorded(encounter: existing, created: false)
    }

    private static func needs(_ given: [EncounterNeedInput]) throws -> [(EncounterNeed, Int?)] {
        guard given.count <= RoundRules.maxNeedsPerEncounter else {
            throw AppError(.unprocessableEntity, "validation.too_many", field: "needs", arguments: ["max": "\(RoundRules.maxNeedsPerEncounter)"])
        }
        return try given.enumerated().map { index, item in
            let need = try CommunityRules.choice(item.need, as: EncounterNeed.self, field: "needs[\(index)].need")
            let size = need.needsSize ? try RoundRules.shoeSize(item.size, field: "needs[\(index)].size") : nil
            return (need, size)
        }
    }

    /// The person met: one the association already follows, or a new one known by an alias.
    private static func person(_ input: EncounterPersonInput?, in context: OrganisationContext, metAt: Date,
                               on database: any Database) async throws -> (model: FollowedPerson, isNew: Bool) {
        guard let input, input.id != nil || input.alias != nil else { throw AppError(.unprocessableEntity, "validation.required", field: "person") }
        if let id = input.id, let known = try await FollowedPerson.find(id, on: database) {
            guard known.$organisation.id == context.organisationID else { throw AppError(.unprocessableEntity, "rounds.person_unknown", field: "person.id") }
            return (known, false)
        }
        guard input.alias != nil else { throw AppError(.unprocessableEntity, "rounds.person_unknown", field: "person.id") }
        let person = FollowedPerson()
        person.id = input.id ?? UUID()
        person.$organisation.id = context.organisationID
        person.alias = try RoundRules.alias(input.alias)
        person.firstContactAt = metAt
        person.lastMetAt = metAt
        return (person, true)
    }

    // MARK: Follow-up

    static func markMet(_ needID: UUID?, _ input: NeedMetInput, in context: OrganisationContext, on database: any Database) async throws -> EncounterNeedRecord {
        guard let needID, let need = try await EncounterNeedRecord.query(on: database).filter(\.$id == needID)
            .filter(\.$organisation.$id == context.organisationID).first()
        else { throw AppError.notFound("rounds.need_not_found") }
        var roundID: UUID?
        if let given = input.roundID {
            let round = try await RoundService.find(given, in: context, on: database)
            try await RoundService.requireRunner(round, context, on: database)
            roundID = try round.requireID()
        } else {
            try context.require(\.plansRounds)
        }
        guard need.isOpen else { return need }
        need.status = NeedStatus.met.rawValue
        need.metAt = Date()
        need.metRoundID = roundID
        try await need.save(on: database)
        return need
    }

    static func engage(_ personID: UUID?, in context: OrganisationContext, on database: any Database) async throws -> FollowedPerson {
        let person = try await Self.person(personID, in: context, on: database)
        if person.engagedAt == nil {
            person.engagedAt = Date()
            try await person.save(on: database)
        }
        return person
    }

    static func person(_ id: UUID?, in context: OrganisationContext, on database: any Database) async throws -> FollowedPerson {
        guard let id, let person = try await FollowedPerson.query(on: database).filter(\.$id == id)
            .filter(\.$organisation.$id == context.organisationID).first()
        else { throw AppError.notFound("rounds.person_not_found") }
        return person
    }

    static func find(_ id: UUID?, in context: OrganisationContext, on database: any Database) async throws -> Encounter {
        guard let id, let encounter = try await Encounter.query(on: database).filter(\.$id == id)
            .filter(\.$organisation.$id == context.organisationID).first()
        else { throw AppError.notFound("rounds.encounter_not_found") }
        return encounter
    }

    // MARK: Reading

    /// Encounters with what they hold in clear, for members of the association only (the
    /// context proves it). The caller writes the read to the access log.
    static func dtos(_ encounters: [Encounter], in context: OrganisationContext, cipher: EncounterNotesCipher,
                     catalogue: Catalogue, language: Language, on database: any Database) async throws -> [EncounterDTO] {
        guard !encounters.isEmpty else { return [] }
        let ids = try encounters.map { try $0.requireID() }
        let people = try await FollowedPerson.query(on: database).filter(\.$id ~~ Set(encounters.map { $0.$person.id })).all()
        let sectors = try await RoundSector.query(on: database).filter(\.$id ~~ Set(encounters.map { $0.$sector.id })).all()
        let authors = try await User.query(on: database).filter(\.$id ~~ Set(encounters.map { $0.$recordedBy.id })).all()
        let needs = try await EncounterNeedRecord.query(on: database).filter(\.$encounter.$id ~~ ids).sort(\.$createdAt).all()
        let peopleByID = Dictionary(uniqueKeysWithValues: try people.map { (try $0.requireID(), $0) })
        let sectorsByID = Dictionary(uniqueKeysWithValues: try sectors.map { (try $0.requireID(), $0) })
        let authorsByID = Dictionary(uniqueKeysWithValues: try authors.map { (try $0.requireID(), $0) })
        let needsByEncounter = Dictionary(grouping: needs, by: { $0.$encounter.id })
        return try encounters.map { encounter in
            let id = try encounter.requireID()
            guard let person = peopleByID[encounter.$person.id], let sector = sectorsByID[encounter.$sector.id],
                  let author = authorsByID[encounter.$recordedBy.id] else { throw Abort(.internalServerError) }
            let notes = encounter.notesSealed.map { cipher.open($0, organisationID: context.organisationID, encounterID: id) }
            return EncounterDTO(id: id, roundID: encounter.$round.id, person: PersonSummaryDTO(id: try person.requireID(), alias: person.alias),
                                sector: try SectorDTO(sector), metAt: encounter.metAt, notes: notes ?? nil,
                                notesUnreadable: notes.map { $0 == nil } ?? false,
                                needs: try (needsByEncounter[id] ?? []).map { try needDTO($0, catalogue: catalogue, language: language) },
                                recordedBy: try MemberSummary(author), createdAt: encounter.createdAt)
        }
    }

    static func needDTO(_ need: EncounterNeedRecord, catalogue: Catalogue, language: Language) throws -> NeedDTO {
        let label = EncounterNeed(rawValue: need.need).map { catalogue.text($0.labelKey, language) } ?? need.need
        return NeedDTO(id: try need.requireID(), personID: need.$person.id, encounterID: need.$encounter.id, need: need.need,
                       label: label, size: need.size, status: need.status, notedAt: need.createdAt, metAt: need.metAt, metRoundID: need.metRoundID)
    }

    static func encounters(ofRound round: OutreachRound, on database: any Database) async throws -> [Encounter] {
        try await Encounter.query(on: database).filter(\.$round.$id == round.requireID()).sort(\.$metAt).sort(\.$id).all()
    }

    /// The people the association follows, most recently met first, with their open needs.
    static func people(_ context: OrganisationContext, status: FollowUpStatus?, list: ListQuery, catalogue: Catalogue,
                       language: Language, now: Date = Date(), on database: any Database) async throws -> (items: [PersonDTO], next: String?) {
        var query = FollowedPerson.query(on: database).filter(\.$organisation.$id == context.organisationID)
        switch status {
        case .inactive?: query = query.filter(\.$lastMetAt < FollowUp.inactiveBefore(now))
        case .engaged?: query = query.filter(\.$lastMetAt >= FollowUp.inactiveBefore(now)).filter(\.$engagedAt != nil)
        case .new?: query = query.filter(\.$lastMetAt >= FollowUp.inactiveBefore(now)).filter(\.$engagedAt == nil)
        case nil: break
        }
        let rows = try await query.page(list, date: \.$createdAt, updated: \.$updatedAt, id: \.$id).all()
        let page = list.finish(rows, date: \.createdAt, id: \.id)
        return (try await personDTOs(page.rows, catalogue: catalogue, language: language, now: now, on: database), page.next)
    }

    static func personDTOs(_ people: [FollowedPerson], catalogue: Catalogue, language: Language, now: Date = Date(),
                           on database: any Database) async throws -> [PersonDTO] {
        guard !people.isEmpty else { return [] }
        let ids = try people.map { try $0.requireID() }
        let open = try await EncounterNeedRecord.query(on: database).filter(\.$person.$id ~~ ids)
            .filter(\.$status == NeedStatus.open.rawValue).sort(\.$createdAt).all()
        let byPerson = Dictionary(grouping: open, by: { $0.$person.id })
        return try people.map { person in
            let id = try person.requireID()
            return PersonDTO(id: id, alias: person.alias, status: person.status(now: now).rawValue, firstContactAt: person.firstContactAt,
                             engagedAt: person.engagedAt, lastMetAt: person.lastMetAt,
                             openNeeds: try (byPerson[id] ?? []).map { try needDTO($0, catalogue: catalogue, language: language) })
        }
    }
}

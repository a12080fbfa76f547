import Vapor
import Fluent
import EntraideCore

/// `/rounds`: the outreach rounds of the associations I belong to, and a round's page, used
/// on a phone in the street: start and end the round, write an encounter (kept on the phone
/// without signal and sent later, see `OfflineApp.queuedForms`), mark needs met.
struct RoundPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let rounds = routes.grouped("rounds")
        rounds.get(use: Self.list)
        rounds.post("organisations", use: Self.createAssociation)
        rounds.get(":roundID", use: Self.show)
        rounds.post(":roundID", "start", use: Self.start)
        rounds.post(":roundID", "finish", use: Self.finish)
        rounds.post(":roundID", "encounters", use: Self.record)
        rounds.post(":roundID", "path", use: Self.recordPath)
        rounds.post(":roundID", "needs", ":needID", "met", use: Self.needMet)
        rounds.get(":roundID", "report", use: Self.report)
        rounds.post(":roundID", "report", use: Self.answerReport)
    }

    static let roundsShown = 20
    static let peopleShown = 40

    // MARK: List

    struct ListPage: Encodable {
        let page: PageContext
        let organisations: [OrganisationRows]
        let hasOrganisations: Bool
        /// Members who signed up as an organisation, and admins, open their association here.
        let opensAssociation: Bool
        let form: FormState
    }

    struct OrganisationRows: Encodable {
        let id: String
        let name: String
        let role: String
        let rounds: [RoundRow]
        let hasRounds: Bool
    }

    struct RoundRow: Encodable {
        let id: String
        let title: String
        let status: String
        let statusCode: String
        let when: String
        let iso: String
    }

    static func list(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        return try await req.view.render("rounds/list", listPage(user, form: FormState(), req)).encodeResponse(for: req)
    }

    static func isPlatformAdmin(_ req: Request) -> Bool {
        (req.authenticated?.roles ?? []).contains(StaffRole.admin.rawValue)
    }

    /// Opens an association, its creator as its first admin (the organisations' first step).
    static func createAssociation(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let name = (try? req.content.get(String.self, at: "name")) ?? ""
        do {
            let (organisation, _) = try await OrganisationService.create(OrganisationInput(name: name), by: user,
                                                                         isPlatformAdmin: isPlatformAdmin(req), on: req.db)
            return req.redirect(to: "/rounds/organisations/\(try organisation.requireID())")
        } catch {
            let form = FormState.failed(error, values: ["name": name], req)
            return try await AccountPages.renderFailed("rounds/list", try await listPage(user, form: form, req), error, req)
        }
    }

    static func listPage(_ user: User, form: FormState, _ req: Request) async throws -> ListPage {
        let memberships = try await OrganisationMember.query(on: req.db).filter(\.$user.$id == user.requireID()).with(\.$organisation).all()
        var organisations: [OrganisationRows] = []
        for membership in memberships.sorted(by: { $0.organisation.name < $1.organisation.name }) {
            let rounds = try await OutreachRound.query(on: req.db).filter(\.$organisation.$id == membership.$organisation.id)
                .sort(\.$startsAt, .descending).limit(roundsShown).all()
            let sectors = try await sectorNames(rounds.map { $0.$sector.id }, on: req.db)
            organisations.append(OrganisationRows(
                id: membership.$organisation.id.uuidString, name: membership.organisation.name, role: req.t("rounds.role.\(membership.role)"),
                rounds: try rounds.map { try row($0, sector: sectors[$0.$sector.id] ?? "", req) }, hasRounds: !rounds.isEmpty))
        }
        return ListPage(page: PageContext(req, titleKey: "page.rounds.title"), organisations: organisations, hasOrganisations: !organisations.isEmpty,
                        opensAssociation: user.goalValue == .organisation || isPlatformAdmin(req), form: form)
    }

    static func row(_ round: OutreachRound, sector: String, _ req: Request) throws -> RoundRow {
        RoundRow(id: try round.requireID().uuidString, title: req.t("page.rounds.round_title", ["kind": req.t("rounds.kind.\(round.kind)"), "sector": sector]),
                 status: req.t("rounds.status.\(round.status)"), statusCode: round.status,
                 when: PageClock.dayAndTime(round.startsAt, req.language), iso: PageClock.iso(round.startsAt))
    }

    static func sectorNames(_ ids: [UUID], on database: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let sectors = try await RoundSector.query(on: database).filter(\.$id ~~ Set(ids)).all()
        return Dictionary(uniqueKeysWithValues: try sectors.map { (try $0.requireID(), $0.name) })
    }

    // MARK: A round

    struct RoundPage: Encodable {
        let page: PageContext
        let id: String
        let title: String
        let status: String
        let when: String
        let iso: String
        let transport: String
        let plannedRoute: String?
        let team: String?
        let distance: String?
        let runs: Bool
        let planned: Bool
        let ongoing: Bool
        let takesEncounters: Bool
        let needs: [NeedChoice]
        let people: [PersonChoice]
        let hasPeople: Bool
        let encounters: [EncounterRow]
        let hasEncounters: Bool
        let openNeeds: [OpenNeed]
        let hasOpenNeeds: Bool
        let form: FormState
        let recorded: Bool
        /// The association has a report form: the round's page links to its answers.
        let hasReportForm: Bool
    }

    struct NeedChoice: Encodable {
        let code: String
        let label: String
        let checked: Bool
    }

    struct PersonChoice: Encodable {
        let id: String
        let alias: String
        let selected: Bool
    }

    struct EncounterRow: Encodable {
        let alias: String
        let when: String
        let iso: String
        let needs: String?
        let notes: String?
        let notesUnreadable: Bool
    }

    struct OpenNeed: Encodable {
        let id: String
        let text: String
    }

    /// The round, for a member of its association; any other member gets "not found".
    static func load(_ req: Request, user: User) async throws -> (OrganisationContext, OutreachRound) {
        guard let id = req.parameters.get("roundID", as: UUID.self), let round = try await OutreachRound.find(id, on: req.db) else {
            throw AppError.notFound("rounds.not_found")
        }
        do {
            let context = try await OrganisationContext.load(round.$organisation.id, for: user, on: req.db)
            return (context, round)
        } catch {
            throw AppError.notFound("rounds.not_found")
        }
    }

    static func show(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let (context, round) = try await load(req, user: user)
        return try await render(req, context, round, form: FormState(), recorded: req.query[String.self, at: "recorded"] != nil)
    }

    static func render(_ req: Request, _ context: OrganisationContext, _ round: OutreachRound, form: FormState, recorded: Bool) async throws -> Response {
        let language = req.language, catalogue = req.application.catalogue
        let roundID = try round.requireID()
        let sectors = try await sectorNames([round.$sector.id], on: req.db)
        let team = try await RoundService.team(of: [roundID], on: req.db)[roundID] ?? []
        let runs = context.role.plansRounds || team.contains { $0.id == context.userID }

        let encounters = try await EncounterService.encounters(ofRound: round, on: req.db)
        try await EncounterAccessLog.record(.listEncounters, subject: roundID, rows: encounters.count, via: "web", context: context, on: req.db)
        let shown = try await EncounterService.dtos(encounters, in: context, cipher: req.application.encounterNotes,
                                                    catalogue: catalogue, language: language, on: req.db)
        let rows = shown.map { encounter in
            EncounterRow(alias: encounter.person.alias, when: PageClock.time(encounter.metAt, language, zone: PageClock.platformZone),
                         iso: PageClock.iso(encounter.metAt),
                         needs: encounter.needs.isEmpty ? nil : encounter.needs.map { need in need.size.map { "\(need.label) (\($0))" } ?? need.label }.joined(separator: ", "),
                         notes: encounter.notes, notesUnreadable: encounter.notesUnreadable)
        }
        // The open needs of the people met on this round: what the team can bring or mark met.
        let metPeople = Set(encounters.map { $0.$person.id })
        var openNeeds: [OpenNeed] = []
        if !metPeople.isEmpty {
            let open = try await EncounterNeedRecord.query(on: req.db).filter(\.$person.$id ~~ metPeople)
                .filter(\.$status == NeedStatus.open.rawValue).sort(\.$createdAt).all()
            let aliases = Dictionary(uniqueKeysWithValues: shown.map { ($0.person.id, $0.person.alias) })
            openNeeds = try open.map { need in
                let dto = try EncounterService.needDTO(need, catalogue: catalogue, language: language)
                return OpenNeed(id: dto.id.uuidString, text: "\(aliases[dto.personID] ?? "") — \(dto.size.map { "\(dto.label) (\($0))" } ?? dto.label)")
            }
        }
        let people = try await FollowedPerson.query(on: req.db).filter(\.$organisation.$id == context.organisationID)
            .filter(\.$lastMetAt >= FollowUp.inactiveBefore()).sort(\.$lastMetAt, .descending).limit(peopleShown).all()
        let chosenNeeds = Set(form.values.keys.filter { $0.hasPrefix("need_") }.map { String($0.dropFirst(5)) })
        let status = round.statusValue
        let page = RoundPage(
            page: PageContext(req, titleKey: "page.round.title"), id: roundID.uuidString,
            title: req.t("page.rounds.round_title", ["kind": req.t("rounds.kind.\(round.kind)"), "sector": sectors[round.$sector.id] ?? ""]),
            status: req.t("rounds.status.\(round.status)"), when: PageClock.dayAndTime(round.startsAt, language), iso: PageClock.iso(round.startsAt),
            transport: req.t("rounds.transport.\(round.transport)"), plannedRoute: round.plannedRoute,
            team: team.isEmpty ? nil : team.map(\.displayName).sorted().joined(separator: ", "),
            distance: round.distanceMetres.map { req.t("page.round.distance", ["km": (Double($0) / 1000).formatted(.number.precision(.fractionLength(1)).locale(Locale(identifier: language.rawValue)))]) },
            runs: runs, planned: status == .planned, ongoing: status == .ongoing, takesEncounters: runs && status.takesEncounters,
            needs: EncounterNeed.allCases.map { NeedChoice(code: $0.rawValue, label: catalogue.text($0.labelKey, language), checked: chosenNeeds.contains($0.rawValue)) },
            people: try people.map { PersonChoice(id: try $0.requireID().uuidString, alias: $0.alias, selected: form.values["personID"] == $0.id?.uuidString) },
            hasPeople: !people.isEmpty, encounters: rows, hasEncounters: !rows.isEmpty, openNeeds: openNeeds, hasOpenNeeds: !openNeeds.isEmpty,
            form: form, recorded: recorded, hasReportForm: !context.organisation.questions.isEmpty)
        return try await req.view.render("rounds/round", page).encodeResponse(for: req)
    }

    // MARK: Actions

    static func start(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let (context, round) = try await load(req, user: user)
        try await RoundService.start(round, in: context, on: req.db)
        return req.redirect(to: "/rounds/\(try round.requireID())")
    }

    static func finish(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let (context, round) = try await load(req, user: user)
        try await RoundService.finish(round, in: context, on: req.db)
        return req.redirect(to: "/rounds/\(try round.requireID())")
    }

    /// The encounter form. Sent again from the phone's queue under the same Idempotency-Key, it
    /// records nothing new (the middleware replays this redirect).
    static func record(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let (context, round) = try await load(req, user: user)
        let fields = try CommunityForm.fields(req)
        do {
            let needs = try EncounterNeed.allCases.filter { fields["need_\($0.rawValue)"] != nil }.map { need in
                EncounterNeedInput(need: need.rawValue, size: need.needsSize ? try CommunityForm.integer(fields["shoeSize"], field: "shoeSize") : nil)
            }
            let personID = CommunityForm.given(fields["personID"]).flatMap(UUID.init(uuidString:))
            let alias = personID == nil ? (CommunityForm.given(fields["alias"]) ?? "") : nil
            let input = EncounterInput(person: EncounterPersonInput(id: personID, alias: alias), needs: needs,
                                       notes: fields["notes"], engaged: fields["engaged"] != nil)
            _ = try await EncounterService.record(input, on: round, in: context, cipher: req.application.encounterNotes, on: req.db)
            return req.redirect(to: "/rounds/\(try round.requireID())?recorded=1")
        } catch {
            let form = FormState.failed(error, values: fields, req)
                .placed(on: ["alias", "notes", "shoeSize", "personID"], renaming: ["person.alias": "alias", "person.id": "personID", "needs[0].size": "shoeSize"])
            let response = try await render(req, context, round, form: form, recorded: false)
            response.status = EntraideErrorMiddleware.appError(for: error, request: req).status
            return response
        }
    }

    static func needMet(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let (context, round) = try await load(req, user: user)
        _ = try await EncounterService.markMet(req.parameters.get("needID", as: UUID.self), NeedMetInput(roundID: round.requireID()), in: context, on: req.db)
        return req.redirect(to: "/rounds/\(try round.requireID())")
    }
}

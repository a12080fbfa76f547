import Vapor
import EntraideCore

/// `/api/v1/organisations…`: associations, their members, sectors, report form, statistics
/// and access log. Everything under an association answers "not found" to non-members.
struct OrganisationsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let organisations = routes.grouped("organisations")
        organisations.get(use: Self.list)
        organisations.post(use: Self.create)
        let one = organisations.grouped(":organisationID")
        one.get(use: Self.show)
        one.patch(use: Self.rename)
        one.get("members", use: Self.members)
        one.post("members", use: Self.addMember)
        one.patch("members", ":userID", use: Self.changeRole)
        one.delete("members", ":userID", use: Self.removeMember)
        one.get("sectors", use: Self.sectors)
        one.post("sectors", use: Self.addSector)
        one.get("report-form", use: Self.reportForm)
        one.put("report-form", use: Self.saveReportForm)
        one.get("statistics", use: Self.statistics)
        one.get("access-log", use: Self.accessLog)
    }

    static func list(_ req: Request) async throws -> [OrganisationDTO] {
        try await OrganisationService.mine(req.requireMember(), on: req.db)
    }

    static func create(_ req: Request) async throws -> Response {
        let user = try req.requireMember()
        let input = try req.content.decode(OrganisationInput.self)
        let isAdmin = (req.authenticated?.roles ?? []).contains(StaffRole.admin.rawValue)
        let (organisation, role) = try await OrganisationService.create(input, by: user, isPlatformAdmin: isAdmin, on: req.db)
        return try await OrganisationDTO(id: organisation.requireID(), name: organisation.name, role: role.rawValue, createdAt: organisation.createdAt)
            .encodeResponse(status: .created, for: req)
    }

    static func show(_ req: Request) async throws -> OrganisationDTO {
        let context = try await req.organisation()
        return OrganisationDTO(id: context.organisationID, name: context.organisation.name, role: context.role.rawValue, createdAt: context.organisation.createdAt)
    }

    static func rename(_ req: Request) async throws -> OrganisationDTO {
        let context = try await req.organisation()
        try await OrganisationService.rename(context, try req.content.decode(OrganisationInput.self), on: req.db)
        return OrganisationDTO(id: context.organisationID, name: context.organisation.name, role: context.role.rawValue, createdAt: context.organisation.createdAt)
    }

    static func members(_ req: Request) async throws -> [OrganisationMemberDTO] {
        try await OrganisationService.members(req.organisation(), on: req.db)
    }

    static func addMember(_ req: Request) async throws -> Response {
        let context = try await req.organisation()
        let member = try await OrganisationService.add(try req.content.decode(MemberInput.self), to: context,
                                                       defaultCountry: req.config.defaultCountry, on: req.db)
        return try await member.encodeResponse(status: .created, for: req)
    }

    static func changeRole(_ req: Request) async throws -> OrganisationMemberDTO {
        let context = try await req.organisation()
        return try await OrganisationService.changeRole(of: req.parameters.get("userID", as: UUID.self),
                                                        try req.content.decode(MemberRoleInput.self), in: context, on: req.db)
    }

    static func removeMember(_ req: Request) async throws -> HTTPStatus {
        let context = try await req.organisation()
        try await OrganisationService.remove(req.parameters.get("userID", as: UUID.self), from: context, on: req.db)
        return .noContent
    }

    static func sectors(_ req: Request) async throws -> [SectorDTO] {
        try await OrganisationService.sectors(req.organisation(), on: req.db)
    }

    static func addSector(_ req: Request) async throws -> Response {
        let context = try await req.organisation()
        return try await OrganisationService.addSector(try req.content.decode(SectorInput.self), to: context, on: req.db)
            .encodeResponse(status: .created, for: req)
    }

    static func reportForm(_ req: Request) async throws -> ReportFormDTO {
        ReportFormDTO(questions: try await req.organisation().organisation.questions)
    }

    static func saveReportForm(_ req: Request) async throws -> ReportFormDTO {
        let context = try await req.organisation()
        return ReportFormDTO(questions: try await ReportFormService.save(try req.content.decode(ReportFormInput.self), for: context, on: req.db))
    }

    /// Counts for a period; `format=csv` downloads them for funders (counts only).
    static func statistics(_ req: Request) async throws -> Response {
        let context = try await req.organisation()
        let period = try RoundStatistics.period(from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"])
        let stats = try await RoundStatistics.compute(context, from: period.from, to: period.to, catalogue: req.application.catalogue,
                                                      language: req.language, on: req.db)
        let format = req.query[String.self, at: "format"] ?? "json"
        guard format == "json" || format == "csv" else { throw AppError(.badRequest, "rounds.format_invalid", field: "format") }
        if format == "json" { return try await stats.encodeResponse(for: req) }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        let day = { (date: Date) in date.formatted(.iso8601.year().month().day()) }
        headers.contentDisposition = .init(.attachment, filename: "rounds-\(day(period.from))-\(day(period.to)).csv")
        return Response(status: .ok, headers: headers, body: .init(string: RoundStatistics.csv(stats)))
    }

    static func accessLog(_ req: Request) async throws -> Page<AccessLogEntryDTO> {
        let context = try await req.organisation()
        return try await EncounterAccessLog.entries(context, list: ListQuery(req, defaultLimit: 50), on: req.db)
    }
}

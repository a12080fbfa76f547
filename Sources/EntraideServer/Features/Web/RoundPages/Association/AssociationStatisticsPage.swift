import Vapor
import EntraideCore

/// The association's figures over a period, and their CSV for funders: the counts of
/// `RoundStatistics`, never recomputed here. The CSV route answers the session cookie, so a
/// member downloads it from the page without an API token.
extension AssociationPages {
    struct StatisticsPage: Encodable {
        let page: PageContext
        let association: Header
        let from: String
        let to: String
        let errors: [String: String]
        let figures: [Figure]
        let needs: [NeedCountDTO]
        let hasNeeds: Bool
        let csv: String?
    }

    struct Figure: Encodable {
        let label: String
        let value: Int
    }

    static func statistics(_ req: Request) async throws -> Response {
        guard let context = try await organisation(req) else { return req.redirect(to: "/login") }
        try context.require(\.readsStatistics)
        let from = req.query[String.self, at: "from"], to = req.query[String.self, at: "to"]
        let header = Header(context, req)
        do {
            let period = try RoundStatistics.period(from: from, to: to)
            let stats = try await RoundStatistics.compute(context, from: period.from, to: period.to, catalogue: req.application.catalogue,
                                                          language: req.language, on: req.db)
            // The form shows the days the figures cover; a default `to` is now, so today.
            let shownFrom = CommunityForm.given(from) ?? day(period.from)
            let shownTo = CommunityForm.given(to) ?? day(period.to)
            let figures: [(String, Int)] = [
                ("rounds", stats.rounds), ("rounds_done", stats.roundsDone), ("encounters", stats.encounters),
                ("distinct_people", stats.distinctPeople), ("new_people", stats.newPeople), ("engaged_people", stats.engagedPeople),
                ("followed_people", stats.followedPeople), ("inactive_people", stats.inactivePeople),
                ("needs_noted", stats.needsNoted), ("needs_met", stats.needsMet), ("needs_pending", stats.needsPending),
            ]
            // The CSV covers the very period shown: the dates as given, or none for the default.
            var query = URLComponents()
            query.queryItems = [("from", from), ("to", to)].compactMap { name, value in
                CommunityForm.given(value).map { URLQueryItem(name: name, value: $0) }
            }
            let page = StatisticsPage(page: PageContext(req, titleKey: "page.association.statistics"), association: header,
                                      from: shownFrom, to: shownTo, errors: [:],
                                      figures: figures.map { Figure(label: req.t("page.association.figure.\($0.0)"), value: $0.1) },
                                      needs: stats.needs, hasNeeds: !stats.needs.isEmpty,
                                      csv: "\(header.base)/statistics.csv" + ((query.queryItems ?? []).isEmpty ? "" : "?" + (query.percentEncodedQuery ?? "")))
            return try await req.view.render("rounds/association/statistics", page).encodeResponse(for: req)
        } catch let error as AppError where error.code == "rounds.period_invalid" {
            // The dates stay as typed, the error next to the one it is about.
            let form = FormState.failed(error, values: [:], req)
            let page = StatisticsPage(page: PageContext(req, titleKey: "page.association.statistics"), association: header,
                                      from: from ?? "", to: to ?? "", errors: form.errors, figures: [], needs: [], hasNeeds: false, csv: nil)
            return failed(try await req.view.render("rounds/association/statistics", page).encodeResponse(for: req), error, req)
        }
    }

    /// The same CSV as `GET /api/v1/organisations/:id/statistics?format=csv`: counts only.
    static func statisticsCSV(_ req: Request) async throws -> Response {
        guard let context = try await organisation(req) else { return req.redirect(to: "/login") }
        let period = try RoundStatistics.period(from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"])
        let stats = try await RoundStatistics.compute(context, from: period.from, to: period.to, catalogue: req.application.catalogue,
                                                      language: req.language, on: req.db)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "rounds-\(day(period.from))-\(day(period.to)).csv")
        return Response(status: .ok, headers: headers, body: .init(string: RoundStatistics.csv(stats)))
    }

    static func day(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day())
    }
}

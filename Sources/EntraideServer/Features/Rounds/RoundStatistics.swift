import Vapor
import Fluent
import SQLKit
import EntraideCore

/// An association's figures over a period: rounds, encounters, people, needs. Counts only,
/// so they can go to funders: no alias, no note, no sector.
enum RoundStatistics {
    static let defaultDays = 30
    static let maxDays = 3 * 366

    /// `from` and `to` as dates (`2026-10-01`) or date-times; the last 30 days by default.
    static func period(from: String?, to: String?, now: Date = Date()) throws -> (from: Date, to: Date) {
        func read(_ raw: String?, field: String, endOfDay: Bool) throws -> Date? {
            guard let raw = raw?.nilIfBlank else { return nil }
            if let date = ListQuery.parseDate(raw) { return date }
            if let day = try? Date(raw + "T00:00:00Z", strategy: .iso8601) { return endOfDay ? day.addingTimeInterval(24 * 3600) : day }
            throw AppError(.badRequest, "rounds.period_invalid", field: field)
        }
        let end = try read(to, field: "to", endOfDay: true) ?? now
        let start = try read(from, field: "from", endOfDay: false) ?? end.addingTimeInterval(-Double(defaultDays) * 24 * 3600)
        guard start < end, end.timeIntervalSince(start) <= Double(maxDays) * 24 * 3600 else {
            throw AppError(.badRequest, "rounds.period_invalid", field: "from", arguments: ["max": "\(maxDays)"])
        }
        return (start, end)
    }

    static func compute(_ context: OrganisationContext, from: Date, to: Date, catalogue: Catalogue, language: Language,
                        on database: any Database) async throws -> RoundStatisticsDTO {
        try context.require(\.readsStatistics)
        let sql = database.sql
        let org = context.organisationID
        func count(_ query: SQLQueryString) async throws -> Int {
            try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        func grouped(_ query: SQLQueryString) async throws -> [String: Int] {
            var result: [String: Int] = [:]
            for row in try await sql.raw(query).all() {
                result[try row.decode(column: "need", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            return result
        }
        let rounds = try await count("SELECT COUNT(*) AS n FROM outreach_rounds WHERE organisation_id = \(bind: org) AND starts_at >= \(bind: from) AND starts_at < \(bind: to)")
        let roundsDone = try await count("SELECT COUNT(*) AS n FROM outreach_rounds WHERE organisation_id = \(bind: org) AND starts_at >= \(bind: from) AND starts_at < \(bind: to) AND status = 'done'")
        let encounters = try await count("SELECT COUNT(*) AS n FROM encounters WHERE organisation_id = \(bind: org) AND met_at >= \(bind: from) AND met_at < \(bind: to)")
        let distinctPeople = try await count("SELECT COUNT(DISTINCT person_id) AS n FROM encounters WHERE organisation_id = \(bind: org) AND met_at >= \(bind: from) AND met_at < \(bind: to)")
        let newPeople = try await count("SELECT COUNT(*) AS n FROM followed_people WHERE organisation_id = \(bind: org) AND first_contact_at >= \(bind: from) AND first_contact_at < \(bind: to)")
        let engaged = try await count("SELECT COUNT(*) AS n FROM followed_people WHERE organisation_id = \(bind: org) AND engaged_at >= \(bind: from) AND engaged_at < \(bind: to)")
        // Followed at the end of the period: met within the 90 days before it (a person met
        // again since counts as followed).
        let cut = FollowUp.inactiveBefore(to)
        let followed = try await count("SELECT COUNT(*) AS n FROM followed_people WHERE organisation_id = \(bind: org) AND first_contact_at < \(bind: to) AND last_met_at >= \(bind: cut)")
        let inactive = try await count("SELECT COUNT(*) AS n FROM followed_people WHERE organisation_id = \(bind: org) AND first_contact_at < \(bind: to) AND last_met_at < \(bind: cut)")
        let noted = try await grouped("""
            SELECT n.need AS need, COUNT(*) AS n FROM encounter_needs n JOIN encounters e ON e.id = n.encounter_id
            WHERE n.organisation_id = \(bind: org) AND e.met_at >= \(bind: from) AND e.met_at < \(bind: to) GROUP BY n.need
            """)
        let met = try await grouped("""
            SELECT need, COUNT(*) AS n FROM encounter_needs
            WHERE organisation_id = \(bind: org) AND status = 'met' AND met_at >= \(bind: from) AND met_at < \(bind: to) GROUP BY need
            """)
        let pending = try await grouped("""
            SELECT n.need AS need, COUNT(*) AS n FROM encounter_needs n JOIN encounters e ON e.id = n.encounter_id
            WHERE n.organisation_id = \(bind: org) AND n.status = 'open' AND e.met_at < \(bind: to) GROUP BY n.need
            """)
        let needs = EncounterNeed.allCases.compactMap { need -> NeedCountDTO? in
            let row = NeedCountDTO(need: need.rawValue, label: catalogue.text(need.labelKey, language),
                                   noted: noted[need.rawValue] ?? 0, met: met[need.rawValue] ?? 0, pending: pending[need.rawValue] ?? 0)
            return row.noted + row.met + row.pending == 0 ? nil : row
        }
        return RoundStatisticsDTO(organisationID: org, from: from, to: to, rounds: rounds, roundsDone: roundsDone, encounters: encounters,
                                  distinctPeople: distinctPeople, newPeople: newPeople, engagedPeople: engaged, followedPeople: followed,
                                  inactivePeople: inactive, needsNoted: noted.values.reduce(0, +), needsMet: met.values.reduce(0, +),
                                  needsPending: pending.values.reduce(0, +), needs: needs)
    }

    /// For funders: one indicator a line, counts only. Column names and need codes stay in
    /// English so that a spreadsheet formula survives a change of language.
    static func csv(_ stats: RoundStatisticsDTO) -> String {
        var lines = ["indicator,need,value",
                     "period_from,,\(stats.from.formatted(.iso8601))",
                     "period_to,,\(stats.to.formatted(.iso8601))"]
        let totals: [(String, Int)] = [
            ("rounds", stats.rounds), ("rounds_done", stats.roundsDone), ("encounters", stats.encounters),
            ("distinct_people", stats.distinctPeople), ("new_people", stats.newPeople), ("engaged_people", stats.engagedPeople),
            ("followed_people", stats.followedPeople), ("inactive_people", stats.inactivePeople),
            ("needs_noted", stats.needsNoted), ("needs_met", stats.needsMet), ("needs_pending", stats.needsPending),
        ]
        lines += totals.map { "\($0.0),,\($0.1)" }
        for need in stats.needs {
            lines.append("needs_noted,\(need.need),\(need.noted)")
            lines.append("needs_met,\(need.need),\(need.met)")
            lines.append("needs_pending,\(need.need),\(need.pending)")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

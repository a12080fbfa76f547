import Foundation

/// Reads the documented CSV layout (`docs/places-import.md`): a header line naming the
/// columns (any order; `id`, `name`, `categories` required), then one place a line. A line
/// whose `parent_id` names a mobile round is one of its stops. Lists inside a cell are
/// separated by `|`; hours use `OpeningHoursText`. Fields may be quoted ("…", "" for a quote)
/// and span lines.
public enum PlaceCSVReader {
    public static let requiredColumns = ["id", "name", "categories"]
    public static let columns = [
        "id", "parent_id", "kind", "name", "description", "categories", "audience", "access", "price_note", "languages",
        "phone", "email", "website", "address", "postal_code", "city", "country", "lat", "lon", "time_zone", "hours",
        "closed_from", "closed_until", "closure_note", "wheelchair", "accessibility_note",
    ]

    public static func read(_ data: Data) -> PlaceImportFile {
        var file = PlaceImportFile()
        let records = CSVRecords.parse(String(decoding: data, as: UTF8.self))
        guard let header = records.first else {
            file.issues.append(ImportIssue(line: 1, code: "import.empty", detail: "the file has no header line"))
            return file
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for required in requiredColumns where !names.contains(required) {
            file.issues.append(ImportIssue(line: 1, code: "import.column_missing", detail: "the header has no \"\(required)\" column"))
        }
        guard file.issues.isEmpty else { return file }
        var places: [(line: Int, draft: PlaceDraft)] = []
        var problems: [Int: ImportIssue] = [:]
        var stops: [(line: Int, parent: String, stop: StopDraft)] = []
        for record in records.dropFirst() where !record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            var row: [String: String] = [:]
            for (index, name) in names.enumerated() where index < record.fields.count {
                let value = record.fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
                if !value.isEmpty { row[name] = value }
            }
            do {
                if let parent = row["parent_id"] {
                    stops.append((record.line, parent, try stop(row)))
                } else {
                    places.append((record.line, try draft(row)))
                }
            } catch let violation as RuleViolation {
                problems[record.line] = ImportIssue(line: record.line, code: violation.code,
                                                    detail: "\(violation.field ?? "row")\(violation.arguments["part"].map { " (\($0))" } ?? "") — place \(row["id"] ?? "?")")
            } catch {
                problems[record.line] = ImportIssue(line: record.line, code: "import.invalid", detail: "\(error)")
            }
        }
        let roundIDs = Set(places.filter { $0.draft.kind == .mobile }.compactMap(\.draft.sourceID))
        for (line, parent, stop) in stops {
            guard roundIDs.contains(parent), let index = places.firstIndex(where: { $0.draft.sourceID == parent }) else {
                problems[line] = ImportIssue(line: line, code: "import.parent_unknown", detail: "no mobile round with id \(parent) in this file")
                continue
            }
            places[index].draft.stops.append(stop)
        }
        var seen = Set<String>()
        for (line, draft) in places { file.accept(draft, line: line, seen: &seen) }
        file.issues += problems.values
        file.issues.sort { $0.line < $1.line }
        return file
    }

    static func list(_ value: String?) -> [String] {
        (value ?? "").split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func draft(_ row: [String: String]) throws -> PlaceDraft {
        let kind = try row["kind"].map { try choice($0.lowercased(), as: PlaceKind.self, code: "places.kind_invalid", field: "kind") } ?? .fixed
        var draft = PlaceDraft(sourceID: row["id"], kind: kind, name: row["name"] ?? "", description: row["description"],
                               categories: list(row["categories"]))
        draft.audience = try list(row["audience"]).map { try choice($0, as: PlaceAudience.self, code: "places.audience_invalid", field: "audience") }
        draft.access = try list(row["access"]).map { try choice($0, as: PlaceAccess.self, code: "places.access_invalid", field: "access") }
        draft.priceNote = row["price_note"]
        draft.languages = list(row["languages"])
        draft.phone = row["phone"]
        draft.email = row["email"]
        draft.website = row["website"]
        draft.address = row["address"]
        draft.postalCode = row["postal_code"]
        draft.city = row["city"]
        draft.country = row["country"] ?? "FR"
        draft.timeZone = row["time_zone"] ?? "Europe/Paris"
        draft.location = try point(row)
        draft.hours = try OpeningHoursText.parse(row["hours"] ?? "")
        if let from = row["closed_from"] {
            guard let start = LocalDay(from) else { throw RuleViolation("places.closure_invalid", field: "closed_from", arguments: ["part": from]) }
            let until = try row["closed_until"].map { text -> LocalDay in
                guard let day = LocalDay(text) else { throw RuleViolation("places.closure_invalid", field: "closed_until", arguments: ["part": text]) }
                return day
            }
            draft.hours.closures.append(TemporaryClosure(from: start, until: until, note: row["closure_note"]))
        }
        switch row["wheelchair"]?.lowercased() {
        case "yes", "oui", "true", "1": draft.wheelchairAccessible = true
        case "no", "non", "false", "0": draft.wheelchairAccessible = false
        default: draft.wheelchairAccessible = nil
        }
        draft.accessibilityNote = row["accessibility_note"]
        return draft
    }

    static func choice<T: RawRepresentable>(_ text: String, as type: T.Type, code: String, field: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: text) else { throw RuleViolation(code, field: field, arguments: ["part": text]) }
        return value
    }

    static func stop(_ row: [String: String]) throws -> StopDraft {
        guard let location = try point(row) else { throw RuleViolation("validation.required", field: "lat") }
        return StopDraft(name: row["name"], address: row["address"], city: row["city"], postalCode: row["postal_code"],
                         location: location, hours: try OpeningHoursText.parse(row["hours"] ?? ""))
    }

    static func point(_ row: [String: String]) throws -> GeoPoint? {
        guard row["lat"] != nil || row["lon"] != nil else { return nil }
        guard let lat = row["lat"].flatMap(Double.init), let lon = row["lon"].flatMap(Double.init), GeoPoint(lat: lat, lon: lon).isValid else {
            throw RuleViolation("validation.location_invalid", field: "lat", arguments: ["part": "\(row["lat"] ?? ""),\(row["lon"] ?? "")"])
        }
        return GeoPoint(lat: lat, lon: lon)
    }
}

/// RFC 4180 records, each with the line it starts on (a quoted field may hold line breaks).
/// The separator is `,` unless the header has more `;` than `,` (as spreadsheets write in France).
enum CSVRecords {
    struct Record {
        let line: Int
        let fields: [String]
    }

    static func parse(_ text: String) -> [Record] {
        let firstLine = text.prefix { $0 != "\n" }
        let separator: Character = firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count ? ";" : ","
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var characters = text.makeIterator()
        var pending: Character? = nil
        func endRecord() {
            fields.append(field)
            records.append(Record(line: recordLine, fields: fields))
            fields = []
            field = ""
        }
        while let character = pending ?? characters.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = characters.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case separator: fields.append(field); field = ""
            case "\n", "\r\n":
                endRecord()
                line += 1
                recordLine = line
            case "\r": continue
            case "\u{FEFF}" where records.isEmpty && fields.isEmpty && field.isEmpty: continue
            default: field.append(character)
            }
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}

import Foundation

/// A row of an import file that could not be read, and why: reported with its line, and
/// skipped; the rest of the file is imported.
public struct ImportIssue: Hashable, Sendable, CustomStringConvertible {
    public let line: Int
    public let code: String
    public let detail: String

    public init(line: Int, code: String, detail: String) {
        self.line = line
        self.code = code
        self.detail = detail
    }

    public var description: String { "line \(line): \(code): \(detail)" }
}

/// A place read from a file, with the line it starts on.
public struct ImportedRow: Hashable, Sendable {
    public let line: Int
    public let draft: PlaceDraft

    public init(line: Int, draft: PlaceDraft) {
        self.line = line
        self.draft = draft
    }
}

public struct PlaceImportFile: Sendable {
    public enum Format: String, CaseIterable, Sendable { case soliguide, csv }

    public var rows: [ImportedRow] = []
    public var issues: [ImportIssue] = []

    public init(rows: [ImportedRow] = [], issues: [ImportIssue] = []) {
        self.rows = rows
        self.issues = issues
    }

    public static func read(_ data: Data, format: Format) -> PlaceImportFile {
        switch format {
        case .soliguide: SoliguideReader.read(data)
        case .csv: PlaceCSVReader.read(data)
        }
    }

    /// Each row validated; a second row with an id already seen is a duplicate.
    mutating func accept(_ draft: PlaceDraft, line: Int, seen: inout Set<String>) {
        guard let id = draft.sourceID, !id.isEmpty else {
            issues.append(ImportIssue(line: line, code: "import.missing_id", detail: "the place has no id"))
            return
        }
        guard seen.insert(id).inserted else {
            issues.append(ImportIssue(line: line, code: "import.duplicate_id", detail: "id \(id) was already read above"))
            return
        }
        do {
            rows.append(ImportedRow(line: line, draft: try PlaceRules.validate(draft)))
        } catch let violation as RuleViolation {
            let value = violation.arguments["value"] ?? violation.arguments["part"]
            issues.append(ImportIssue(line: line, code: violation.code,
                                      detail: "\(violation.field ?? "row")\(value.map { " (\($0))" } ?? "") — place \(id)"))
        } catch {
            issues.append(ImportIssue(line: line, code: "import.invalid", detail: "\(error)"))
        }
    }
}

import FluentKit
import SQLKit
import SQLiteKit
import SQLiteNIO

/// One row of a `DirectSQLiteConnection` statement, read the way SQLiteKit reads its rows.
struct DirectSQLiteRow: SQLRow {
    /// A statement's column names and where each is, shared by its rows.
    final class Names: Sendable {
        let columns: [String]
        let index: [String: Int]

        init(_ columns: [String]) {
            self.columns = columns
            // The first of two columns with one name wins, as in SQLiteNIO.
            self.index = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    let names: Names
    let values: ArraySlice<SQLiteData>
    let decoder: SQLiteDataDecoder

    var allColumns: [String] { names.columns }

    func contains(column: String) -> Bool { names.index[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let data = value(column) else { return true }
        return data == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let data = value(column) else { throw DirectSQLiteMissingColumn(column: column) }
        return try decoder.decode(D.self, from: data)
    }

    private func value(_ column: String) -> SQLiteData? {
        names.index[column].map { values[values.startIndex + $0] }
    }
}

struct DirectSQLiteMissingColumn: Error, CustomStringConvertible {
    let column: String
    var description: String { "no column \(column) in the row" }
}

/// A row as Fluent reads a model from it; a joined model's columns carry its schema as a prefix.
struct DirectSQLiteOutput: DatabaseOutput {
    let row: any SQLRow
    let schema: String?

    var description: String { String(describing: row) }

    private func column(_ key: FieldKey) -> String {
        (schema.map { .prefix(.prefix(.string($0), "_"), key) } ?? key).description
    }

    func schema(_ schema: String) -> any DatabaseOutput { DirectSQLiteOutput(row: row, schema: schema) }
    func contains(_ key: FieldKey) -> Bool { row.contains(column: column(key)) }
    func decodeNil(_ key: FieldKey) throws -> Bool { try row.decodeNil(column: column(key)) }
    func decode<T: Decodable>(_ key: FieldKey, as: T.Type) throws -> T { try row.decode(column: column(key), as: T.self) }
}

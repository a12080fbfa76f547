import NIOCore
import FluentKit
import SQLiteNIO
import VaporCSQLite

/// A SQLite connection whose statements run on the thread that calls them, for one serial
/// writer that owns a thread of its own (the SMS group commit). SQLiteNIO sends every statement
/// to its thread pool and every row back to an event loop: two thread wake-ups per statement,
/// which cost about ten times SQLite's own work for the short statements a writer runs.
///
/// It is the same SQLite library as SQLiteNIO's, so both share its knowledge of the file's
/// locks, and the same file: WAL and the busy timeout let it take turns with the pool's
/// connections. Not thread-safe by design: one owner, one thread at a time.
final class DirectSQLiteConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    let path: String

    /// A prepared statement per SQL text: the writer runs the same few dozen statements again
    /// and again, and preparing (parsing, planning) is most of SQLite's cost for a short one.
    private var prepared: [String: OpaquePointer] = [:]
    static let preparedLimit = 256
    static let mappedBytes = 256 * 1024 * 1024
    static let cacheKibibytes = 32 * 1024

    init(path: String, busyTimeoutMilliseconds: Int32 = 10_000) throws {
        self.path = path
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE
        let opened = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard opened == SQLITE_OK else {
            let error = DirectSQLiteError(code: opened, message: "cannot open the database at \(path)")
            sqlite_nio_sqlite3_close(handle)
            handle = nil
            throw error
        }
        sqlite_nio_sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        // What the pool's connections have: foreign keys (fluent-sqlite-driver turns them on),
        // and commits that do not wait for the disk in WAL mode (`DatabaseSetup`).
        _ = try query("PRAGMA foreign_keys = ON", [])
        _ = try query("PRAGMA synchronous = NORMAL", [])
        // The writer reads the same few tables over and over: pages read through a memory map
        // cost no system call and no copy, and a larger cache keeps them between transactions.
        _ = try query("PRAGMA mmap_size = \(Self.mappedBytes)", [])
        _ = try query("PRAGMA cache_size = -\(Self.cacheKibibytes)", [])
    }

    deinit { close() }

    func close() {
        for statement in prepared.values { sqlite_nio_sqlite3_finalize(statement) }
        prepared.removeAll()
        if let handle { sqlite_nio_sqlite3_close_v2(handle) }
        handle = nil
    }

    /// A transaction is open (SQLite is not in autocommit mode).
    var inTransaction: Bool { handle.map { sqlite_nio_sqlite3_get_autocommit($0) == 0 } ?? false }

    /// Runs one statement to its end and returns its rows.
    func query(_ sql: String, _ binds: [SQLiteData]) throws -> DirectSQLiteRows {
        guard let handle else { throw DirectSQLiteError(code: SQLITE_MISUSE, message: "the connection is closed") }
        let statement = try self.statement(for: sql, on: handle)
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        for (index, value) in binds.enumerated() {
            try check(bind(value, at: Int32(index + 1), of: statement), on: handle)
        }
        let count = sqlite_nio_sqlite3_column_count(statement)
        var rows = DirectSQLiteRows(columns: (0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(statement, $0)) })
        while true {
            let step = sqlite_nio_sqlite3_step(statement)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else { throw DirectSQLiteError(code: step, message: message(on: handle)) }
            rows.values.reserveCapacity(rows.values.count + Int(count))
            for column in 0..<count { rows.values.append(value(at: column, of: statement)) }
        }
        return rows
    }

    private func statement(for sql: String, on handle: OpaquePointer) throws -> OpaquePointer {
        if let statement = prepared[sql] { return statement }
        var statement: OpaquePointer?
        let result = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard result == SQLITE_OK, let statement else {
            throw DirectSQLiteError(code: result, message: message(on: handle))
        }
        // Statements built with a varying number of values (lists of ids) would fill the
        // cache with texts seen once: past the limit, it starts again.
        if prepared.count >= Self.preparedLimit {
            for old in prepared.values { sqlite_nio_sqlite3_finalize(old) }
            prepared.removeAll()
        }
        prepared[sql] = statement
        return statement
    }

    private func bind(_ value: SQLiteData, at index: Int32, of statement: OpaquePointer) -> Int32 {
        switch value {
        case .integer(let integer): sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
        case .float(let double): sqlite_nio_sqlite3_bind_double(statement, index, double)
        case .text(let text):
            sqlite_nio_sqlite3_bind_text64(statement, index, text, UInt64(text.utf8.count), Self.transient, UInt8(SQLITE_UTF8))
        case .blob(let buffer):
            buffer.withUnsafeReadableBytes {
                sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), Self.transient)
            }
        case .null: sqlite_nio_sqlite3_bind_null(statement, index)
        }
    }

    private func value(at column: Int32, of statement: OpaquePointer) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .null }
            let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: length)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: length))
            }
            return .blob(buffer)
        default: return .null
        }
    }

    private func check(_ result: Int32, on handle: OpaquePointer) throws {
        guard result == SQLITE_OK else { throw DirectSQLiteError(code: result, message: message(on: handle)) }
    }

    private func message(on handle: OpaquePointer) -> String {
        sqlite_nio_sqlite3_errmsg(handle).map { String(cString: $0) } ?? "unknown error"
    }

    /// SQLite copies bound text and blobs before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// A statement's rows, column names once and values row after row.
struct DirectSQLiteRows: Sendable {
    let columns: [String]
    var values: [SQLiteData] = []

    var count: Int { columns.isEmpty ? 0 : values.count / columns.count }
}

/// A failed statement, with SQLite's extended result code.
struct DirectSQLiteError: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    /// The primary result code (`SQLITE_CONSTRAINT` for every kind of constraint failure).
    var primaryCode: Int32 { code & 0xFF }

    var description: String { "SQLite error \(code): \(message)" }
}

/// Read as fluent-sqlite-driver reads SQLiteNIO's errors, so `isConstraintFailure` catches
/// the same failures on both connections.
extension DirectSQLiteError: DatabaseError {
    var isSyntaxError: Bool { primaryCode == SQLITE_ERROR || primaryCode == SQLITE_SCHEMA }
    var isConnectionClosed: Bool { primaryCode == SQLITE_MISUSE || primaryCode == SQLITE_CANTOPEN }
    var isConstraintFailure: Bool { primaryCode == SQLITE_CONSTRAINT }
}

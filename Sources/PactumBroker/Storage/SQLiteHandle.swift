import Foundation
import NIOCore
import SQLiteKit
import VaporCSQLite

/// One SQLite connection whose statements run on the calling thread, each prepared once and kept.
///
/// SQLiteNIO runs every statement on its thread pool and hands every row back to an event loop as a task of its own:
/// three to five thread switches per statement, and a fresh parse and plan each time. In the broker's load test that
/// was 37 % of the broker's CPU in the kernel's scheduler and 5 % in SQLite's parser, while the one connection, held
/// for each transaction, waited for the switches. Here a statement is a few function calls on the thread that asked.
///
/// A statement holds its thread while it runs: microseconds for the broker's index lookups, about 10 ms for the
/// largest (an integration's matrix at the broker benchmark's full scale).
///
/// A handle is used by one transaction at a time (``SQLiteHandlePool`` hands it out); it is opened and closed with the
/// same SQLite library SQLiteNIO carries, so its file locks agree with the checkpoint connection's.
final class SQLiteHandle: @unchecked Sendable {
    /// What `sqlite3_open_v2` is given: a file, or a database of this connection's own in memory.
    enum Storage: Sendable {
        case file(path: String)
        case memory
    }

    private let raw: OpaquePointer
    /// Prepared statements by their SQL. SQL that varies with its input (an `IN` list of any length on SQLite) would
    /// grow it without bound: past ``statementLimit`` it is emptied.
    private var statements: [String: PreparedStatement] = [:]
    private var isClosed = false
    static let statementLimit = 512

    private final class PreparedStatement {
        let pointer: OpaquePointer
        var columns: SQLiteColumns
        init(pointer: OpaquePointer, columns: SQLiteColumns) {
            self.pointer = pointer
            self.columns = columns
        }
    }

    private init(raw: OpaquePointer) { self.raw = raw }

    /// Opens a connection with foreign keys enforced; `readOnly` makes it refuse every write (`query_only`), so that
    /// a read transaction that tries one fails instead of writing beside the writer.
    static func open(_ storage: Storage, readOnly: Bool) throws -> SQLiteHandle {
        var pointer: OpaquePointer?
        let path: String
        switch storage {
        case .file(let file): path = file
        case .memory: path = ":memory:"
        }
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite_nio_sqlite3_open_v2(path, &pointer, flags, nil)
        guard code == SQLITE_OK, let pointer else {
            let message = pointer.flatMap { sqlite_nio_sqlite3_errmsg($0).map { String(cString: $0) } }
            if let pointer { sqlite_nio_sqlite3_close_v2(pointer) }
            throw SQLiteFailure(code: code, message: message ?? "the database could not be opened")
        }
        sqlite_nio_sqlite3_extended_result_codes(pointer, 1)
        // Another process holding the file (a backup, the sqlite3 shell): wait for it, but not forever.
        sqlite_nio_sqlite3_busy_timeout(pointer, 5_000)
        let handle = SQLiteHandle(raw: pointer)
        do {
            try handle.run("PRAGMA foreign_keys = ON", binds: []) { _ in }
            if readOnly { try handle.run("PRAGMA query_only = ON", binds: []) { _ in } }
        } catch {
            handle.close()
            throw error
        }
        return handle
    }

    /// Runs one statement with `binds`, giving each row to `onRow` as it is read.
    func run(_ sql: String, binds: [SQLiteData], _ onRow: (SQLiteDirectRow) -> Void) throws {
        guard !isClosed else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "the connection is closed") }
        let statement = try prepared(sql)
        let pointer = statement.pointer
        // The binds stay in the statement until the next run binds over them: clearing them
        // (`sqlite3_clear_bindings`) marks a statement whose plan looked at a bound value as expired, and SQLite
        // then prepares it again at its next run (every run of the broker's joins, in SQLite 3.54). Only big texts
        // and blobs (a pact's content) are let go of at once.
        defer {
            sqlite_nio_sqlite3_reset(pointer)
            releaseBigBinds(binds, in: pointer)
        }
        try bind(binds, to: pointer)
        var columns = statement.columns
        var first = true
        while true {
            let code = sqlite_nio_sqlite3_step(pointer)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw failure(code) }
            // A statement SQLite prepared again after a schema change may name other columns: read them once more.
            if first, Int(sqlite_nio_sqlite3_column_count(pointer)) != columns.names.count {
                columns = Self.columns(of: pointer)
                statement.columns = columns
            }
            first = false
            var values: [SQLiteData] = []
            values.reserveCapacity(columns.names.count)
            for index in 0..<Int32(columns.names.count) { values.append(value(of: pointer, at: index)) }
            onRow(SQLiteDirectRow(columns: columns, values: values))
        }
    }

    /// Finalizes every statement and closes the connection (once).
    func close() {
        guard !isClosed else { return }
        isClosed = true
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.pointer) }
        statements.removeAll()
        sqlite_nio_sqlite3_close_v2(raw)
    }

    deinit { close() }

    /// Whether a transaction is open on the connection (SQLite rolls one back by itself after some errors).
    var inTransaction: Bool { !isClosed && sqlite_nio_sqlite3_get_autocommit(raw) == 0 }

    /// How many times SQLite prepared the kept statement for `sql` again (nil when it is not kept).
    func repreparations(of sql: String) -> Int? {
        statements[sql].map { Int(sqlite_nio_sqlite3_stmt_status($0.pointer, SQLITE_STMTSTATUS_REPREPARE, 0)) }
    }

    private func prepared(_ sql: String) throws -> PreparedStatement {
        if let statement = statements[sql] { return statement }
        if statements.count >= Self.statementLimit {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.pointer) }
            statements.removeAll()
        }
        var pointer: OpaquePointer?
        // SQLITE_PREPARE_PERSISTENT: the statement is kept and run many times.
        let code = sqlite_nio_sqlite3_prepare_v3(raw, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard code == SQLITE_OK else { throw failure(code) }
        guard let pointer else {
            throw SQLiteFailure(code: SQLITE_MISUSE, message: "the SQL holds no statement: \(sql.prefix(200))")
        }
        let statement = PreparedStatement(pointer: pointer, columns: Self.columns(of: pointer))
        statements[sql] = statement
        return statement
    }

    private func bind(_ binds: [SQLiteData], to pointer: OpaquePointer) throws {
        for (offset, bind) in binds.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch bind {
            case .integer(let value):
                code = sqlite_nio_sqlite3_bind_int64(pointer, index, Int64(value))
            case .float(let value):
                code = sqlite_nio_sqlite3_bind_double(pointer, index, value)
            case .text(let value):
                code = sqlite_nio_sqlite3_bind_text64(
                    pointer,
                    index,
                    value,
                    UInt64(value.utf8.count),
                    sqliteTransient,
                    UInt8(SQLITE_UTF8)
                )
            case .blob(let value):
                code = value.withUnsafeReadableBytes {
                    sqlite_nio_sqlite3_bind_blob64(pointer, index, $0.baseAddress, UInt64($0.count), sqliteTransient)
                }
            case .null:
                code = sqlite_nio_sqlite3_bind_null(pointer, index)
            }
            guard code == SQLITE_OK else { throw failure(code) }
        }
    }

    /// Binds NULL in place of the texts and blobs of more than 64 KiB, so that a kept statement does not keep them.
    private func releaseBigBinds(_ binds: [SQLiteData], in pointer: OpaquePointer) {
        for (offset, bind) in binds.enumerated() {
            switch bind {
            case .text(let value) where value.utf8.count > 65_536:
                sqlite_nio_sqlite3_bind_null(pointer, Int32(offset + 1))
            case .blob(let value) where value.readableBytes > 65_536:
                sqlite_nio_sqlite3_bind_null(pointer, Int32(offset + 1))
            default:
                continue
            }
        }
    }

    private static func columns(of pointer: OpaquePointer) -> SQLiteColumns {
        let count = sqlite_nio_sqlite3_column_count(pointer)
        return SQLiteColumns(
            names: (0..<count).map { index in
                sqlite_nio_sqlite3_column_name(pointer, index).map { String(cString: $0) } ?? ""
            }
        )
    }

    private func value(of pointer: OpaquePointer, at index: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(pointer, index) {
        case SQLITE_INTEGER:
            return .integer(Int(sqlite_nio_sqlite3_column_int64(pointer, index)))
        case SQLITE_FLOAT:
            return .float(sqlite_nio_sqlite3_column_double(pointer, index))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(pointer, index) else { return .text("") }
            let length = Int(sqlite_nio_sqlite3_column_bytes(pointer, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            let length = Int(sqlite_nio_sqlite3_column_bytes(pointer, index))
            var buffer = ByteBufferAllocator().buffer(capacity: length)
            if let bytes = sqlite_nio_sqlite3_column_blob(pointer, index) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: length))
            }
            return .blob(buffer)
        default:
            return .null
        }
    }

    private func failure(_ code: Int32) -> SQLiteFailure {
        let message = sqlite_nio_sqlite3_errmsg(raw).map { String(cString: $0) } ?? "error \(code)"
        return SQLiteFailure(code: sqlite_nio_sqlite3_extended_errcode(raw), message: message)
    }
}

/// `SQLITE_TRANSIENT`: SQLite copies the bound text or bytes before the call returns.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// An error SQLite returned: its extended result code and its message.
struct SQLiteFailure: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    /// The primary result code (`SQLITE_READONLY`, `SQLITE_FULL`, …) of the extended one.
    var primaryCode: Int32 { code & 0xff }
    var description: String { "SQLite error \(code): \(message)" }
}

/// A statement's column names, shared by its rows.
final class SQLiteColumns: Sendable {
    let names: [String]
    let offsets: [String: Int]

    init(names: [String]) {
        self.names = names
        offsets = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// A row read by ``SQLiteHandle``: `Int`, `String`, `Double` and their optionals decode straight from the value,
/// anything else through SQLiteKit's decoder, as SQLiteKit's own rows do.
struct SQLiteDirectRow: SQLRow {
    let columns: SQLiteColumns
    let values: [SQLiteData]

    struct MissingColumn: Error, CustomStringConvertible {
        let column: String
        var description: String { "the row has no column named \(column)" }
    }

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.offsets[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let offset = columns.offsets[column] else { return true }
        return values[offset] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let offset = columns.offsets[column] else { throw MissingColumn(column: column) }
        let value = values[offset]
        switch value {
        case .integer(let number):
            if D.self == Int.self { return number as! D }
            if D.self == Int?.self { return Int?.some(number) as! D }
        case .text(let text):
            if D.self == String.self { return text as! D }
            if D.self == String?.self { return String?.some(text) as! D }
        case .float(let number):
            if D.self == Double.self { return number as! D }
            if D.self == Double?.self { return Double?.some(number) as! D }
        case .null:
            if D.self == Int?.self { return Int?.none as! D }
            if D.self == String?.self { return String?.none as! D }
            if D.self == Double?.self { return Double?.none as! D }
        case .blob:
            break
        }
        return try SQLiteDataDecoder().decode(D.self, from: value)
    }
}

/// SQLKit's view of a ``SQLiteHandle`` in a transaction: SQLiteKit's dialect and encoder, statements run on the
/// calling thread.
struct SQLiteDirectDatabase: SQLDatabase {
    let handle: SQLiteHandle
    let logger: Logger
    let eventLoop: any EventLoop

    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(
        sql query: any SQLExpression,
        _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) -> EventLoopFuture<Void> {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try run(query, onRow)
    }

    private func run(_ query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) throws {
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        let encoder = SQLiteDataEncoder()
        let binds = try serializer.binds.map { bind -> SQLiteData in
            switch bind {
            case let value as Int: .integer(value)
            case let value as String: .text(value)
            case let value as Double: .float(value)
            default: try encoder.encode(bind)
            }
        }
        try handle.run(serializer.sql, binds: binds) { onRow($0) }
    }
}

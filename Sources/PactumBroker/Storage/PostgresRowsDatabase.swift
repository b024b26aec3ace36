import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgresKit's `SQLDatabase` for one connection, with a shorter path for what the broker's queries carry: binds
/// that are `Int`, `String`, `Bool` or `Double` go straight into the bindings, and rows decode `Int`, `String`, `Bool`
/// and their optionals straight from the cell. PostgresKit's own row decodes every column through its generic
/// translation (a coding path, dynamic casts, its Fluent workarounds): 11–15 % of the CPU of the matrix and of
/// pacts-for-verification at the broker benchmark's full scale. Any other bind or column type takes PostgresKit's
/// path, so the results are the same.
///
/// Those statements also run as named prepared statements, each prepared once per connection (see
/// ``StatementCatalog``): PostgreSQL plans an unnamed statement at every execution, and planning was 63 % of the
/// server's time in the load test (the bind step of the extended protocol, 0.6 to 1 ms for the broker's joins).
struct PostgresRowsDatabase: SQLDatabase {
    let connection: PostgresConnection
    /// `connection.sql()`: the dialect, and the path for what this one does not handle.
    let base: any SQLDatabase

    init(connection: PostgresConnection) {
        self.connection = connection
        base = connection.sql()
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(
        sql query: any SQLExpression,
        _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) -> EventLoopFuture<Void> {
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        guard let (bindings, _) = Self.bindings(serializer.binds) else { return base.execute(sql: query, onRow) }
        return unnamed(serializer.sql, bindings, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        guard let (bindings, types) = Self.bindings(serializer.binds) else {
            return try await base.execute(sql: query, onRow)
        }
        guard let name = StatementCatalog.shared.name(of: serializer.sql, types: types) else {
            return try await unnamed(serializer.sql, bindings, onRow).get()
        }
        let statement = CatalogStatement(bindings: bindings)
        do {
            let rows = try await CatalogStatement.$current.withValue((name, serializer.sql, types)) {
                try await connection.execute(statement, logger: connection.logger)
            }
            for try await row in rows { onRow(DecodedRow(row: row)) }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == StatementCatalog.failedTransaction {
            StatementCatalog.shared.retire(name)
            throw error
        }
    }

    /// Runs serialized SQL as an unnamed statement (planned at every run): `BEGIN`, `COMMIT`, DDL, and statements
    /// past the catalog's limit.
    private func unnamed(
        _ sql: String,
        _ bindings: PostgresBindings,
        _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) -> EventLoopFuture<Void> {
        connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: connection.logger) {
            onRow(DecodedRow(row: $0))
        }.map { _ in }
    }

    /// The binds as PostgreSQL bindings and their types, or nil when one of them is of another type.
    static func bindings(_ binds: [any Encodable & Sendable]) -> (PostgresBindings, [PostgresDataType])? {
        var bindings = PostgresBindings(capacity: binds.count)
        var types: [PostgresDataType] = []
        types.reserveCapacity(binds.count)
        for bind in binds {
            switch bind {
            case let value as Int:
                bindings.append(value)
                types.append(.int8)
            case let value as String:
                bindings.append(value)
                types.append(.text)
            case let value as Bool:
                bindings.append(value)
                types.append(.bool)
            case let value as Double:
                bindings.append(value)
                types.append(.float8)
            case let value as [Int]:
                // `= ANY($n)` lists (SQLMembership).
                bindings.append(value)
                types.append(.int8Array)
            case let value as [String]:
                bindings.append(value)
                types.append(.textArray)
            default: return nil
            }
        }
        return (bindings, types)
    }

    /// Which statements run prepared, and their names: the same name for the same SQL and bind types on every
    /// connection (PostgresNIO prepares a name on a connection the first time it runs there, and keeps it).
    ///
    /// Only queries and data changes are prepared (PostgreSQL cannot prepare `BEGIN`, DDL or `SET`), and at most
    /// ``limit`` names are given out: SQL that varies with its input (an `IN` list of any length) must not grow
    /// every connection's statements without bound; past the limit a statement runs unnamed, as before.
    ///
    /// A statement first run in a transaction that had already failed is given a new name the next time: its
    /// preparation fails there (SQLSTATE 25P02), and PostgresNIO keeps a failed preparation's error for that name on
    /// that connection for good. Other errors (a constraint, a bad value) keep the name: the statement was prepared,
    /// and renaming it at every such error would use up the names.
    final class StatementCatalog: Sendable {
        static let shared = StatementCatalog(limit: 1000)
        /// "current transaction is aborted, commands ignored until end of transaction block".
        static let failedTransaction = "25P02"

        let limit: Int
        private struct State {
            var names: [String: String] = [:]
            var keys: [String: String] = [:]
            var issued = 0
        }
        private let state = Locked(State())

        init(limit: Int) { self.limit = limit }

        /// The prepared statement's name for `sql` with binds of `types`, or nil when it runs unnamed.
        func name(of sql: String, types: [PostgresDataType]) -> String? {
            guard Self.isPreparable(sql) else { return nil }
            let key = types.map { "\($0.rawValue)" }.joined(separator: ",") + ";" + sql
            return state.withLock { state in
                if let name = state.names[key] { return name }
                guard state.issued < limit else { return nil }
                state.issued += 1
                let name = "pactum_\(state.issued)"
                state.names[key] = name
                state.keys[name] = key
                return name
            }
        }

        /// Stops using `name`: its statement gets a new name when it next runs.
        func retire(_ name: String) {
            state.withLock { state in
                guard let key = state.keys.removeValue(forKey: name) else { return }
                state.names[key] = nil
            }
        }

        /// Whether PostgreSQL can prepare `sql`: `SELECT`, `INSERT`, `UPDATE`, `DELETE` or `WITH`.
        static func isPreparable(_ sql: String) -> Bool {
            let head = sql.prefix(7).uppercased()
            return ["SELECT ", "INSERT ", "UPDATE ", "DELETE ", "WITH "].contains { head.hasPrefix($0) }
        }
    }

    /// One statement of the catalog. PostgresNIO names a prepared statement by its type (`static var name`, `sql`
    /// and binding types): this type's statics read the statement being run, set around the call as a task-local,
    /// so that one type serves every statement of the catalog. PostgresNIO reads them when the call starts, in the
    /// calling task.
    struct CatalogStatement: PostgresPreparedStatement {
        typealias Row = PostgresRow

        @TaskLocal static var current: (name: String, sql: String, types: [PostgresDataType]) = ("", "", [])

        static var name: String { current.name }
        static var sql: String { current.sql }
        static var bindingDataTypes: [PostgresDataType] { current.types }

        let bindings: PostgresBindings

        func makeBindings() throws -> PostgresBindings { bindings }
        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }

    /// A row that decodes the common column types itself and the others through PostgresKit.
    struct DecodedRow: SQLRow {
        let row: PostgresRow
        let cells: PostgresRandomAccessRow

        init(row: PostgresRow) {
            self.row = row
            cells = row.makeRandomAccess()
        }

        var allColumns: [String] { cells.map(\.columnName) }

        func contains(column: String) -> Bool { cells.contains(column) }

        func decodeNil(column: String) throws -> Bool { !cells.contains(column) || cells[column].bytes == nil }

        func decode<T: Decodable>(column: String, as type: T.Type) throws -> T {
            guard cells.contains(column) else { return try row.sql().decode(column: column, as: type) }
            let cell = cells[column]
            if T.self == Int.self { return try cell.decode(Int.self) as! T }
            if T.self == String.self, !cell.dataType.isUserDefined { return try cell.decode(String.self) as! T }
            if T.self == Bool.self { return try cell.decode(Bool.self) as! T }
            if T.self == Int?.self { return try (cell.bytes == nil ? nil : cell.decode(Int.self)) as! T }
            if T.self == String?.self, !cell.dataType.isUserDefined {
                return try (cell.bytes == nil ? nil : cell.decode(String.self)) as! T
            }
            if T.self == Bool?.self { return try (cell.bytes == nil ? nil : cell.decode(Bool.self)) as! T }
            return try row.sql().decode(column: column, as: type)
        }
    }
}

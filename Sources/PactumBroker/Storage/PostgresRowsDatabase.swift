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
        guard let bindings = Self.bindings(serializer.binds) else { return base.execute(sql: query, onRow) }
        return connection.query(PostgresQuery(unsafeSQL: serializer.sql, binds: bindings), logger: connection.logger) {
            onRow(DecodedRow(row: $0))
        }.map { _ in }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await execute(sql: query, onRow).get()
    }

    /// The binds as PostgreSQL bindings, or nil when one of them is of another type.
    static func bindings(_ binds: [any Encodable & Sendable]) -> PostgresBindings? {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            switch bind {
            case let value as Int: bindings.append(value)
            case let value as String: bindings.append(value)
            case let value as Bool: bindings.append(value)
            case let value as Double: bindings.append(value)
            default: return nil
            }
        }
        return bindings
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

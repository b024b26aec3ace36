import Foundation
import Logging
import NIOPosix
import PostgresKit
import PostgresNIO
import SQLKit
import Testing

@testable import PactumBroker

/// The broker's PostgreSQL rows decode what PostgresKit's decode, value for value, on the short path (Int, String,
/// Bool and their optionals, with Int, String, Bool and Double binds) and on the fallback (other types).
@Suite struct PostgresRowsDatabaseTests {
    struct Decoded: Equatable {
        var int8: Int
        var int4: Int
        var missingInt: Int?
        var presentInt: Int?
        var text: String
        var missingText: String?
        var flag: Bool
        var optionalFlag: Bool?
        var decimal: Double
        var echoed: String
        var noColumn: Bool
    }

    static func decode(_ database: any SQLDatabase) async throws -> Decoded {
        let rows = try await database.raw(
            """
            SELECT 9000000000::int8 AS int8, 7::int4 AS int4, NULL::int8 AS missing_int, \(bind: 42) AS present_int,
              \(bind: "zürich \"quoted\"") AS text, NULL::text AS missing_text, \(bind: true) AS flag,
              NULL::bool AS optional_flag, \(bind: 1.5)::float8 AS decimal, \(bind: "x") || \(bind: "y") AS echoed
            """
        ).all()
        let row = try #require(rows.first)
        return Decoded(
            int8: try row.decode(column: "int8", as: Int.self),
            int4: try row.decode(column: "int4", as: Int.self),
            missingInt: try row.decode(column: "missing_int", as: Int?.self),
            presentInt: try row.decode(column: "present_int", as: Int?.self),
            text: try row.decode(column: "text", as: String.self),
            missingText: try row.decode(column: "missing_text", as: String?.self),
            flag: try row.decode(column: "flag", as: Bool.self),
            optionalFlag: try row.decode(column: "optional_flag", as: Bool?.self),
            decimal: try row.decode(column: "decimal", as: Double.self),
            echoed: try row.decode(column: "echoed", as: String.self),
            noColumn: try row.decodeNil(column: "nope")
        )
    }

    /// Runs `body` on a new connection to the test server, closed afterwards whatever happens.
    static func withConnection(_ body: (PostgresConnection) async throws -> Void) async throws {
        let configuration = try SQLPostgresConfiguration(url: try BrokerTestEngine.postgresURL())
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(),
            configuration: configuration.coreConfiguration,
            id: 1,
            logger: BrokerTestEngine.logger
        )
        let outcome: Result<Void, any Error>
        do {
            try await body(connection)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        try await connection.close()
        try outcome.get()
    }

    @Test func decodesWhatPostgresKitDecodes() async throws {
        try await Self.withConnection { connection in
            // Twice: the first run prepares the statements on this connection, the second runs them prepared.
            try await Self.compare(on: connection)
            try await Self.compare(on: connection)
        }
    }

    /// A statement whose preparation failed (here: in a transaction that had already failed) works again after the
    /// rollback: PostgresNIO keeps a failed preparation for good, so the catalog gives the statement a new name.
    @Test func aStatementFailedInAnAbortedTransactionRunsAgainAfterTheRollback() async throws {
        try await Self.withConnection { connection in
            let database = PostgresRowsDatabase(connection: connection)
            let marker = "aborted-\(UUID().uuidString)"
            let statement: SQLQueryString = "SELECT \(bind: marker) || \(bind: 1)::text AS echoed"
            try await database.raw("BEGIN").run()
            await #expect(throws: (any Error).self) { try await database.raw("SELECT 1 / \(bind: 0) AS x").run() }
            await #expect(throws: (any Error).self) { try await database.raw(statement).run() }
            try await database.raw("ROLLBACK").run()
            let row = try #require(try await database.raw(statement).all().first)
            #expect(try row.decode(column: "echoed", as: String.self) == marker + "1")
            let again = try #require(try await database.raw(statement).all().first)
            #expect(try again.decode(column: "echoed", as: String.self) == marker + "1")

            // An error of the statement itself (division by zero) keeps its name: it was prepared, and works with
            // other values afterwards.
            let divide: (Int) -> SQLQueryString = { "SELECT 10 / \(bind: $0) AS quotient, \(bind: marker) AS m" }
            let catalog = PostgresRowsDatabase.StatementCatalog.shared
            try await database.raw(divide(2)).run()
            let name = catalog.name(of: "SELECT 10 / $1 AS quotient, $2 AS m", types: [.int8, .text])
            await #expect(throws: (any Error).self) { try await database.raw(divide(0)).run() }
            #expect(catalog.name(of: "SELECT 10 / $1 AS quotient, $2 AS m", types: [.int8, .text]) == name)
            let quotient = try #require(try await database.raw(divide(5)).all().first)
            #expect(try quotient.decode(column: "quotient", as: Int.self) == 2)
        }
    }

    @Test func theCatalogNamesQueriesOnlyAndStopsAtItsLimit() {
        let catalog = PostgresRowsDatabase.StatementCatalog(limit: 2)
        #expect(catalog.name(of: "BEGIN", types: []) == nil)
        #expect(catalog.name(of: "CREATE TABLE t (id int)", types: []) == nil)
        let first = catalog.name(of: "SELECT $1", types: [.int8])
        #expect(first != nil)
        #expect(catalog.name(of: "SELECT $1", types: [.int8]) == first)
        let second = catalog.name(of: "SELECT $1", types: [.text])
        #expect(second != nil && second != first)
        #expect(catalog.name(of: "DELETE FROM t WHERE id = $1", types: [.int8]) == nil, "past the limit")
        catalog.retire(try! #require(first))
        #expect(catalog.name(of: "SELECT $1", types: [.int8]) == nil, "a new name would pass the limit")
        #expect(catalog.name(of: "SELECT $1", types: [.text]) == second)
    }

    static func compare(on connection: PostgresConnection) async throws {
        let fast = try await Self.decode(PostgresRowsDatabase(connection: connection))
        let kit = try await Self.decode(connection.sql())
        #expect(fast == kit)
        #expect(fast.int8 == 9_000_000_000 && fast.missingInt == nil && fast.presentInt == 42)
        #expect(fast.text == "zürich \"quoted\"" && fast.flag && fast.decimal == 1.5 && fast.echoed == "xy")

        // A bind of another type (an optional, a date) takes PostgresKit's path and gives the same rows.
        let absent: String? = nil
        let database = PostgresRowsDatabase(connection: connection)
        #expect(PostgresRowsDatabase.bindings([absent])?.1 == nil)
        let row = try #require(
            try await database.raw("SELECT \(bind: absent)::text AS a, \(bind: 3) AS b").all().first
        )
        #expect(try row.decode(column: "a", as: String?.self) == nil)
        #expect(try row.decode(column: "b", as: Int.self) == 3)
        #expect(throws: (any Error).self) { try row.decode(column: "missing", as: Int.self) }
    }
}

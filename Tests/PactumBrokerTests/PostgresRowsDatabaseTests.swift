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

    @Test func decodesWhatPostgresKitDecodes() async throws {
        let configuration = try SQLPostgresConfiguration(url: try BrokerTestEngine.postgresURL())
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(),
            configuration: configuration.coreConfiguration,
            id: 1,
            logger: BrokerTestEngine.logger
        )
        let outcome: Result<Void, any Error>
        do {
            try await Self.compare(on: connection)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        try await connection.close()
        try outcome.get()
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
        #expect(PostgresRowsDatabase.bindings([absent]) == nil)
        let row = try #require(
            try await database.raw("SELECT \(bind: absent)::text AS a, \(bind: 3) AS b").all().first
        )
        #expect(try row.decode(column: "a", as: String?.self) == nil)
        #expect(try row.decode(column: "b", as: Int.self) == 3)
        #expect(throws: (any Error).self) { try row.decode(column: "missing", as: Int.self) }
    }
}

import Foundation
import Logging
import Testing

@testable import PactumBroker

/// The database engines every store and API test runs on.
enum BrokerTestEngine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// Quiet unless `PACTUM_TEST_LOG_LEVEL` names a level (`debug`, `trace`…) for diagnosing a failing test.
    static var logger: Logger {
        var logger = Logger(label: "pactum.broker.test")
        let level = ProcessInfo.processInfo.environment["PACTUM_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        logger.logLevel = level ?? .critical
        return logger
    }

    /// The PostgreSQL server URL; a clear failure (not a skip) when it is not set.
    static func postgresURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["PACTUM_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw Missing()
        }
        return url
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "PACTUM_TEST_POSTGRES_URL is not set: run `export PACTUM_TEST_POSTGRES_URL=$(./scripts/postgres.sh)` "
                + "(it starts a local PostgreSQL server) and run the tests again"
        }
    }

    /// A configuration on a fresh database: in-memory SQLite, or a new PostgreSQL schema.
    func configuration(schema: String) throws -> BrokerServer.Configuration {
        switch self {
        case .sqlite: return BrokerServer.Configuration(port: 0, database: .sqliteInMemory)
        case .postgres:
            return BrokerServer.Configuration(
                port: 0,
                database: try DatabaseLocation(parsing: Self.postgresURL()),
                postgresSearchPath: schema
            )
        }
    }

    static func freshSchemaName() -> String {
        "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// Runs `body` with one broker on a fresh database, dropped afterwards: on SQLite a new file, as deployed (its
    /// write-ahead log, the read connections beside the writer, the checkpoints), removed afterwards.
    func withTestBroker<R: Sendable>(_ body: (RunningBroker) async throws -> R) async throws -> R {
        let schema = Self.freshSchemaName()
        var configuration = try configuration(schema: schema)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pactum-test-\(schema).sqlite").path
        if self == .sqlite { configuration.database = .sqlite(path: file) }
        let result: Result<R, any Error>
        do {
            result = .success(try await withBroker(configuration, logger: Self.logger, body))
        } catch {
            result = .failure(error)
        }
        switch self {
        case .postgres: await Self.dropSchema(schema)
        case .sqlite: for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
        }
        return try result.get()
    }

    /// Runs `body` with two brokers sharing one fresh PostgreSQL schema.
    static func withTwoPostgresBrokers<R: Sendable>(
        _ body: (RunningBroker, RunningBroker) async throws -> R
    )
        async throws -> R
    {
        let schema = freshSchemaName()
        let configuration = try BrokerTestEngine.postgres.configuration(schema: schema)
        let result: Result<R, any Error>
        do {
            result = .success(
                try await withBroker(configuration, logger: logger) { first in
                    try await withBroker(configuration, logger: logger) { second in try await body(first, second) }
                }
            )
        } catch {
            result = .failure(error)
        }
        await dropSchema(schema)
        return try result.get()
    }

    /// Drops a test schema after the brokers using it stopped.
    static func dropSchema(_ schema: String) async {
        guard let url = try? postgresURL(), let location = try? DatabaseLocation(parsing: url) else { return }
        guard let database = try? await BrokerDatabase.open(location, logger: logger) else { return }
        try? await database.dropSchema(schema)
        try? await database.shutdown()
    }
}

import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// The broker's database: a connection pool on SQLite or PostgreSQL, with one transaction per unit of work.
///
/// No data is cached in the process, so several brokers on one PostgreSQL database behave as one broker.
public final class BrokerDatabase: Sendable {
    /// Which engine is behind the pool (the only place the SQL differs is the schema).
    public enum Engine: Sendable { case sqlite, postgres }

    public let engine: Engine
    private let acquire: @Sendable () async throws -> (any SQLDatabase, @Sendable () -> Void)
    private let close: @Sendable () async throws -> Void

    private init(
        engine: Engine,
        acquire: @escaping @Sendable () async throws -> (any SQLDatabase, @Sendable () -> Void),
        close: @escaping @Sendable () async throws -> Void
    ) {
        self.engine = engine
        self.acquire = acquire
        self.close = close
    }

    /// Opens the database and applies the migrations.
    public static func open(
        _ location: DatabaseLocation,
        searchPath: String? = nil,
        logger: Logger
    ) async throws -> BrokerDatabase {
        let database: BrokerDatabase
        switch location {
        case .sqlite, .sqliteInMemory:
            let storage: SQLiteConfiguration.Storage
            if case .sqlite(let path) = location {
                let folder = (path as NSString).deletingLastPathComponent
                if !folder.isEmpty {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
                storage = .file(path: path)
            } else {
                storage = .memory
            }
            let source = SQLiteConnectionSource(configuration: SQLiteConfiguration(storage: storage))
            // One connection on one event loop: SQLite has one writer, and every unit of work is a transaction.
            let pool = PoolBox(
                EventLoopGroupConnectionPool(
                    source: source,
                    maxConnectionsPerEventLoop: 1,
                    requestTimeout: .seconds(30),
                    logger: logger,
                    on: MultiThreadedEventLoopGroup.singleton
                )
            )
            let loop = MultiThreadedEventLoopGroup.singleton.any()
            database = BrokerDatabase(
                engine: .sqlite,
                acquire: {
                    let connection = try await pool.pool.requestConnection(logger: logger, on: loop).get()
                    return (connection.sql(), { pool.pool.releaseConnection(connection, logger: logger) })
                },
                close: { try await pool.pool.shutdownAsync() }
            )
        case .postgres(let url):
            var configuration = try SQLPostgresConfiguration(url: url)
            if let searchPath { configuration.searchPath = [searchPath] }
            // The broker's queries are short index lookups; PostgreSQL's JIT compiles them anyway once the tables are
            // big, which cost 100 ms on a 1 ms query at the benchmark's size.
            configuration.coreConfiguration.options.additionalStartupParameters.append(("jit", "off"))
            let pool = PoolBox(
                EventLoopGroupConnectionPool(
                    source: PostgresConnectionSource(sqlConfiguration: configuration),
                    maxConnectionsPerEventLoop: 2,
                    requestTimeout: .seconds(30),
                    logger: logger,
                    on: MultiThreadedEventLoopGroup.singleton
                )
            )
            database = BrokerDatabase(
                engine: .postgres,
                acquire: {
                    let connection = try await pool.pool.requestConnection(logger: logger).get()
                    return (connection.sql(), { pool.pool.releaseConnection(connection, logger: logger) })
                },
                close: { try await pool.pool.shutdownAsync() }
            )
        }
        do {
            if let searchPath, database.engine == .postgres {
                try await database.transaction { db in
                    try await db.raw("CREATE SCHEMA IF NOT EXISTS \(ident: searchPath)").run()
                }
            }
            try await database.transaction { db in try await BrokerMigrations.apply(on: db, engine: database.engine) }
        } catch {
            try? await database.shutdown()
            throw error
        }
        return database
    }

    /// Runs `body` in one transaction on one connection: committed when it returns, rolled back when it throws.
    public func transaction<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        let (database, release) = try await acquire()
        defer { release() }
        try await database.raw(engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
        do {
            let result = try await body(database)
            try await database.raw("COMMIT").run()
            return result
        } catch {
            try? await database.raw("ROLLBACK").run()
            throw error
        }
    }

    /// Drops a PostgreSQL schema and everything in it (test isolation).
    public func dropSchema(_ name: String) async throws {
        try await transaction { db in try await db.raw("DROP SCHEMA IF EXISTS \(ident: name) CASCADE").run() }
    }

    /// Closes every connection.
    public func shutdown() async throws { try await close() }
}

/// AsyncKit's group pool guards its state with a lock but is not marked Sendable.
private final class PoolBox<Source: ConnectionPoolSource>: @unchecked Sendable {
    let pool: EventLoopGroupConnectionPool<Source>
    init(_ pool: EventLoopGroupConnectionPool<Source>) { self.pool = pool }
}

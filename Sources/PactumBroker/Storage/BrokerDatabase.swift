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
    /// The database as shown in messages (`sqlite:///path`, or the PostgreSQL URL without its password).
    public let locationDescription: String
    private let acquire: @Sendable () async throws -> Lease
    private let close: @Sendable () async throws -> Void
    private let transactionLimit: Duration?
    private let acquireLimit: Duration
    private let queryCounter: Locked<Int>
    /// SQLite: the writer (group commits) and how its connection is seen through SQLKit.
    private let sqliteWriter: (SQLiteWriter, @Sendable (SQLiteHandle) -> any SQLDatabase)?
    /// SQLite: whether reads have connections of their own (a file); in memory the writer reads too.
    private let sqliteReads: Bool

    /// The statements run on the database since it was opened (BEGIN and COMMIT included): `/metrics` shows it, so
    /// that the queries a request makes can be counted from outside.
    public var queriesRun: Int { queryCounter.withLock { $0 } }

    /// SQLite: the commits the writer ran (one per group of write transactions); nil on PostgreSQL.
    var sqliteCommits: Int? { sqliteWriter?.0.commits }
    /// SQLite: the write transactions waiting for the writer; nil on PostgreSQL.
    var sqliteWritersWaiting: Int? { sqliteWriter?.0.waiting }

    /// A pooled connection for one transaction: give it back with `release`; `abort` closes it (PostgreSQL);
    /// `isClosed` tells whether the connection has closed, by either side.
    struct Lease: TransactionGuard.Watched {
        var database: any SQLDatabase
        var release: @Sendable () -> Void
        var abort: @Sendable () -> Void
        var isClosed: @Sendable () -> Bool = { false }
    }

    /// Read connections beside the writer on an SQLite file: one per core (at least two), since a statement runs on
    /// the thread of the request that asked for it.
    static let sqliteReaders = max(2, System.coreCount)

    /// How long the broker waits for the database before it answers 503 (instead of hanging).
    public struct Timeouts: Sendable {
        /// Opening a connection to PostgreSQL (a server that does not answer at all).
        public var connect: Duration
        /// Waiting for a pooled connection (every connection busy, or none can be opened).
        public var poolWait: Duration

        /// How long a transaction may run on PostgreSQL before its connection is closed under it (it then fails and
        /// the request gets 503): a query on a connection to a server that went away can otherwise wait forever, and
        /// with it the request and the broker's shutdown. `nil`: no limit.
        public var transaction: Duration?

        public init(
            connect: Duration = .seconds(3),
            poolWait: Duration = .seconds(10),
            transaction: Duration? = .seconds(25)
        ) {
            self.connect = connect
            self.poolWait = poolWait
            self.transaction = transaction
        }

        /// 3 s to connect, 10 s for a pooled connection, 25 s for a transaction.
        public static let standard = Timeouts()
    }

    private init(
        engine: Engine,
        locationDescription: String,
        transactionLimit: Duration?,
        acquireLimit: Duration = .seconds(15),
        queryCounter: Locked<Int> = Locked(0),
        sqliteWriter: (SQLiteWriter, @Sendable (SQLiteHandle) -> any SQLDatabase)? = nil,
        sqliteReads: Bool = false,
        acquire: @escaping @Sendable () async throws -> Lease,
        close: @escaping @Sendable () async throws -> Void
    ) {
        self.engine = engine
        self.locationDescription = locationDescription
        self.transactionLimit = transactionLimit
        self.acquireLimit = acquireLimit
        self.acquire = acquire
        self.close = close
        self.queryCounter = queryCounter
        self.sqliteWriter = sqliteWriter
        self.sqliteReads = sqliteReads
    }

    /// Opens the database and applies the migrations.
    ///
    /// A database that cannot be reached, is read-only or full throws a ``BrokerDatabaseError`` naming it and saying
    /// what to do; so does every later ``transaction(limited:_:)`` that meets one of these.
    ///
    /// With `seedingDefaultEnvironments`, a database created by this call starts with the environments `test` and
    /// `production` (an existing database is left as it is).
    /// The logger the drivers get: the broker's, at info or above.
    private static func driverLogger(_ logger: Logger) -> Logger {
        var logger = logger
        if logger.logLevel < .info { logger.logLevel = .info }
        return logger
    }

    public static func open(
        _ location: DatabaseLocation,
        searchPath: String? = nil,
        timeouts: Timeouts = .standard,
        seedingDefaultEnvironments: Bool = false,
        logger: Logger
    ) async throws -> BrokerDatabase {
        let database: BrokerDatabase
        let poolWait = TimeAmount(timeouts.poolWait)
        // The drivers log each statement with its bind values at debug and trace: webhook passwords, header secrets
        // and token hashes. Their logger never goes below info, whatever the broker's level.
        let logger = driverLogger(logger)
        switch location {
        case .sqlite, .sqliteInMemory:
            if case .sqlite(let path) = location {
                let folder = (path as NSString).deletingLastPathComponent
                if !folder.isEmpty {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
                // Created readable by its owner only (SQLite gives its -wal and -shm files the same mode): it holds
                // webhook credentials and token hashes.
                if !FileManager.default.fileExists(atPath: path) {
                    _ = FileManager.default.createFile(
                        atPath: path,
                        contents: nil,
                        attributes: [.posixPermissions: 0o600]
                    )
                }
                if let problem = writeProblem(sqliteFile: path) {
                    throw BrokerDatabaseError.readOnly(location.description, problem)
                }
            }
            let handleStorage: SQLiteHandle.Storage
            if case .sqlite(let path) = location { handleStorage = .file(path: path) } else { handleStorage = .memory }
            let description = location.description
            // One writer (SQLite has one), and on a file readers beside it: in write-ahead-log mode a read sees the
            // last commit without waiting for the writer. A database in memory is one connection's own: there the
            // writer reads too.
            var handles: [SQLiteHandle] = []
            var checkpointer: SQLiteCheckpointer?
            do {
                handles.append(try SQLiteHandle.open(handleStorage, readOnly: false))
                if case .sqlite(let path) = location {
                    // A file is written in WAL mode (set in the file, once), its log checkpointed off the request
                    // path: the writer's automatic checkpoints are off.
                    try handles[0].run("PRAGMA journal_mode = WAL", binds: []) { _ in }
                    try handles[0].run("PRAGMA wal_autocheckpoint = 0", binds: []) { _ in }
                    for _ in 0..<Self.sqliteReaders {
                        handles.append(try SQLiteHandle.open(handleStorage, readOnly: true))
                    }
                    checkpointer = try await SQLiteCheckpointer.start(
                        path: path,
                        interval: .milliseconds(500),
                        logger: logger
                    )
                }
            } catch {
                for handle in handles { handle.close() }
                throw BrokerDatabaseError.classify(error, location: description) ?? error
            }
            let counter = Locked(0)
            let writer = SQLiteWriter(
                handle: handles[0],
                wait: timeouts.poolWait,
                location: description,
                counter: counter
            )
            let readers =
                handles.count > 1
                ? SQLiteHandlePool(Array(handles.dropFirst()), wait: timeouts.poolWait, location: description)
                : nil
            let loop = MultiThreadedEventLoopGroup.singleton.any()
            let stopCheckpoints = checkpointer
            database = BrokerDatabase(
                engine: .sqlite,
                locationDescription: description,
                // SQLite is in the process: nothing to wait for that could go away.
                transactionLimit: nil,
                queryCounter: counter,
                sqliteWriter: (writer, { SQLiteDirectDatabase(handle: $0, logger: logger, eventLoop: loop) }),
                sqliteReads: readers != nil,
                acquire: {
                    // Only reads come here, and only when there are read connections (see transaction).
                    guard let readers else { throw BrokerDatabaseError.unavailable(description, "no read connection") }
                    let handle = try await readers.acquire()
                    return Lease(
                        database: SQLiteDirectDatabase(handle: handle, logger: logger, eventLoop: loop),
                        release: { readers.release(handle) },
                        abort: {}
                    )
                },
                close: {
                    await stopCheckpoints?.stop()
                    // The writer last: the last connection to close moves what is left of the log into the file.
                    readers?.close()
                    writer.close()
                }
            )
        case .postgres(let url):
            var configuration = try SQLPostgresConfiguration(url: url)
            if let searchPath { configuration.searchPath = [searchPath] }
            // The broker's queries are short index lookups; PostgreSQL's JIT compiles them anyway once the tables are
            // big, which cost 100 ms on a 1 ms query at the benchmark's size.
            configuration.coreConfiguration.options.additionalStartupParameters.append(("jit", "off"))
            // Nor are they worth parallel workers: starting them cost 10–20 ms on a 2 ms query (the matrix's versions
            // query at the benchmark's medium scale), more than the work they share.
            configuration.coreConfiguration.options.additionalStartupParameters.append(
                ("max_parallel_workers_per_gather", "0")
            )
            configuration.coreConfiguration.options.connectTimeout = TimeAmount(timeouts.connect)
            let pool = PoolBox(
                EventLoopGroupConnectionPool(
                    source: PostgresConnectionSource(sqlConfiguration: configuration),
                    maxConnectionsPerEventLoop: 2,
                    requestTimeout: poolWait,
                    logger: logger,
                    on: MultiThreadedEventLoopGroup.singleton
                )
            )
            database = BrokerDatabase(
                engine: .postgres,
                locationDescription: location.description,
                transactionLimit: timeouts.transaction,
                acquireLimit: timeouts.poolWait + .seconds(5),
                acquire: {
                    let connection = try await pool.pool.requestConnection(logger: logger).get()
                    return Lease(
                        database: PostgresRowsDatabase(connection: connection),
                        release: { pool.pool.releaseConnection(connection, logger: logger) },
                        abort: {
                            let limit = timeouts.transaction.map { "\($0)" } ?? "-"
                            logger.warning(
                                "A transaction ran longer than \(limit): its PostgreSQL connection is closed so that the request ends (503)"
                            )
                            let _: EventLoopFuture<Void> = connection.close()
                        },
                        isClosed: { connection.isClosed }
                    )
                },
                close: { try await pool.pool.shutdownAsync() }
            )
        }
        do {
            if let searchPath, database.engine == .postgres {
                try await database.transaction(limited: false) { db in
                    try await db.raw("CREATE SCHEMA IF NOT EXISTS \(ident: searchPath)").run()
                }
            }
            // Migrations may rewrite big tables: no time limit (a broker whose migration is stopped never starts).
            try await database.transaction(limited: false) { db in
                let created = try await BrokerMigrations.apply(on: db, engine: database.engine)
                if created, seedingDefaultEnvironments { try await BrokerMigrations.seedDefaultEnvironments(on: db) }
            }
        } catch {
            try? await database.shutdown()
            throw BrokerDatabaseError.classify(error, location: location.description) ?? error
        }
        return database
    }

    /// Why the broker could not write the SQLite file at `path` (or create its journal next to it), if it cannot.
    /// The permission bits are read too, so a file made read-only with `chmod a-w` is refused even for root.
    static func writeProblem(sqliteFile path: String) -> String? {
        let files = FileManager.default
        func unwritable(_ item: String) -> String? {
            let attributes = try? files.attributesOfItem(atPath: item)
            let mode = (attributes?[.posixPermissions] as? NSNumber)?.intValue ?? 0o600
            guard !files.isWritableFile(atPath: item) || mode & 0o222 == 0 else { return nil }
            return String(mode & 0o777, radix: 8)
        }
        if files.fileExists(atPath: path), let mode = unwritable(path) {
            return "the file \(path) is not writable (mode \(mode))"
        }
        let folder = (path as NSString).deletingLastPathComponent
        let directory = folder.isEmpty ? "." : folder
        if let mode = unwritable(directory) {
            return "its folder \(directory) is not writable (mode \(mode)), and SQLite writes its journal there"
        }
        return nil
    }

    /// Runs `body` in one transaction on one connection: committed when it returns, rolled back when it throws.
    ///
    /// An unreachable, read-only or full database throws a ``BrokerDatabaseError``; other errors pass unchanged.
    ///
    /// On PostgreSQL every transaction ends, whatever the server does: one running longer than
    /// ``Timeouts/transaction`` has its connection closed under it, and one whose connection closed (the server
    /// restarted or went away) but that did not end by itself is given up (see `TransactionGuard`); both throw
    /// `unavailable` and give the pool its slot back. `limited: false` lifts the time limit for deliberate long work
    /// (`clean`).
    ///
    /// `readOnly`: the work only reads (a GET). On an SQLite file it runs in a transaction on one of the read
    /// connections, beside the writer, where a write fails (`query_only`: the tests run every route on SQLite); on
    /// PostgreSQL statement by statement (under READ COMMITTED a BEGIN block gives its statements no common snapshot).
    /// Writes on SQLite go through the writer's group commits (`SQLiteWriter`).
    public func transaction<Result: Sendable>(
        limited: Bool = true,
        readOnly: Bool = false,
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        do {
            if let (writer, view) = sqliteWriter, !(readOnly && sqliteReads) {
                let counter = queryCounter
                return try await writer.transaction { handle in
                    try await body(CountingDatabase(base: view(handle), counter: counter))
                }
            }
            let lease = try await acquireBounded()
            let database = CountingDatabase(base: lease.database, counter: queryCounter)
            guard engine == .postgres else {
                defer { lease.release() }
                return try await Self.run(body, on: database, engine: engine, readOnly: readOnly)
            }
            return try await TransactionGuard.run(
                lease: lease,
                limit: limited ? transactionLimit : nil,
                location: locationDescription
            ) { try await Self.run(body, on: database, engine: .postgres, readOnly: readOnly) }
        } catch {
            throw BrokerDatabaseError.classify(error, location: locationDescription) ?? error
        }
    }

    /// BEGIN, `body`, COMMIT on one connection; ROLLBACK when `body` throws.
    private static func run<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result,
        on database: any SQLDatabase,
        engine: Engine,
        readOnly: Bool
    ) async throws -> Result {
        // PostgreSQL: a read runs statement by statement: under READ COMMITTED every statement of a BEGIN block sees
        // its own snapshot anyway, so BEGIN and COMMIT would only cost two round trips.
        if engine == .postgres, readOnly { return try await body(database) }
        // SQLite: only reads come here (the writer has its own transactions, SQLiteWriter).
        try await database.raw("BEGIN").run()
        do {
            let result = try await body(database)
            try await database.raw("COMMIT").run()
            return result
        } catch {
            // On a connection PostgreSQL closed (or is closing), a ROLLBACK was seen to wait forever; the server
            // rolls back by itself when the connection ends.
            if !BrokerDatabaseError.connectionIsGone(error) { try? await database.raw("ROLLBACK").run() }
            throw error
        }
    }

    /// A pooled connection, or `unavailable` after the pool's wait and 5 s more: on PostgreSQL a connection being
    /// opened to a server that is restarting was seen to wait forever (past the pool's own timeout). A connection that
    /// arrives after the caller gave up goes straight back to the pool.
    private func acquireBounded() async throws -> Lease {
        guard engine == .postgres else { return try await acquire() }
        let acquire = self.acquire
        let limit = acquireLimit
        let location = locationDescription
        let waiter = Locked<CheckedContinuation<Lease, any Error>?>(nil)
        let take: @Sendable () -> CheckedContinuation<Lease, any Error>? = {
            waiter.withLock { state in
                defer { state = nil }
                return state
            }
        }
        return try await withCheckedThrowingContinuation { continuation in
            waiter.withLock { $0 = continuation }
            let timer = Task {
                try? await Task.sleep(for: limit)
                guard !Task.isCancelled else { return }
                take()?.resume(
                    throwing: BrokerDatabaseError.unavailable(
                        location,
                        "no database connection could be opened within \(limit)"
                    )
                )
            }
            Task {
                do {
                    let lease = try await acquire()
                    if let continuation = take() { continuation.resume(returning: lease) } else { lease.release() }
                } catch {
                    take()?.resume(throwing: error)
                }
                timer.cancel()
            }
        }
    }

    /// Drops a PostgreSQL schema and everything in it (test isolation).
    public func dropSchema(_ name: String) async throws {
        try await transaction { db in try await db.raw("DROP SCHEMA IF EXISTS \(ident: name) CASCADE").run() }
    }

    /// Closes every connection.
    public func shutdown() async throws { try await close() }

    /// Runs `body` with the database, then closes it, whether `body` returns or throws.
    package func closing<Result: Sendable>(
        after body: (BrokerDatabase) async throws -> Result
    ) async throws -> Result {
        let result: Result
        do {
            result = try await body(self)
        } catch {
            try? await shutdown()
            throw error
        }
        try await shutdown()
        return result
    }
}

/// AsyncKit's group pool guards its state with a lock but is not marked Sendable.
private final class PoolBox<Source: ConnectionPoolSource>: @unchecked Sendable {
    let pool: EventLoopGroupConnectionPool<Source>
    init(_ pool: EventLoopGroupConnectionPool<Source>) { self.pool = pool }
}

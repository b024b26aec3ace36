import Foundation
import Logging
import NIOHTTP1
import PactumCore
import SQLKit
import Testing

@testable import PactumBroker

/// Disk-full and read-only SQLite databases: a clear start-up error naming the file and what to do, 503 for a write
/// that meets a read-only database, 507 for a full one (simulated with `PRAGMA max_page_count`), nothing stored
/// half-way, and writes working again once there is room.
@Suite("Faults: read-only and full SQLite database")
struct BrokerFaultSQLiteTests {
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pactum-fault-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Serves the API on an already opened database (so the test can change the broker's own SQLite connection).
    static func withBrokerServing<R: Sendable>(
        _ database: BrokerDatabase,
        _ body: (RunningBroker) async throws -> R
    ) async throws -> R {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = BrokerServer(
            configuration: BrokerServer.Configuration(port: 0),
            logger: BrokerTestEngine.logger
        ) { port in continuation.yield(port) }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await server.serve(database: database)
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.next()
                throw TestFailure(description: "the broker stopped before it listened")
            }
            let result: Result<R, any Error>
            do { result = .success(try await body(RunningBroker(port: port))) } catch { result = .failure(error) }
            group.cancelAll()
            try? await group.waitForAll()
            return try result.get()
        }
    }

    /// Opens a new SQLite file, serves the API on it and runs `body` with the database, its path, the broker and an
    /// HTTP client; then stops the broker, closes the database and removes the file.
    static func withServedFreshDatabase(
        _ body: (BrokerDatabase, String, RunningBroker, LoadHTTP) async throws -> Void
    ) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("broker.sqlite").path
        let database = try await BrokerDatabase.open(.sqlite(path: path), logger: BrokerTestEngine.logger)
        do {
            try await withBrokerServing(database) { broker in
                try await LoadHTTP.with(connections: 4) { http in try await body(database, path, broker, http) }
            }
        } catch {
            try? await database.shutdown()
            throw error
        }
        try await database.shutdown()
    }

    /// The ``BrokerDatabaseError`` `body` throws (a test failure when it throws none, or another error).
    static func error(_ body: () async throws -> Void) async -> BrokerDatabaseError? {
        do {
            try await body()
            Issue.record("no error was thrown")
        } catch let error as BrokerDatabaseError {
            return error
        } catch {
            Issue.record("another error than BrokerDatabaseError: \(String(reflecting: error))")
        }
        return nil
    }

    static func publish(
        _ http: LoadHTTP,
        _ broker: RunningBroker,
        version: String,
        size: Int = 0
    ) async throws
        -> LoadHTTP.Answer
    {
        let publication = AckedPublication(
            consumer: "FaultConsumer",
            provider: "FaultProvider",
            version: version,
            description: "request of version \(version) " + String(repeating: "x", count: size)
        )
        let pact = LoadDriver.pact(
            consumer: publication.consumer,
            provider: publication.provider,
            description: publication.description,
            path: "/items"
        )
        return try await http.send(
            .POST,
            broker.url + "/contracts/publish",
            json: LoadDriver.publishBody(publication, pact: pact)
        )
    }

    @Test func aReadOnlyDatabaseFileIsRefusedAtStartUpNamingTheFileAndWhatToDo() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("broker.sqlite").path
        try await BrokerDatabase.open(.sqlite(path: path), logger: BrokerTestEngine.logger).shutdown()
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path) }

        let error = await Self.error {
            try await withBroker(BrokerServer.Configuration(port: 0, database: .sqlite(path: path))) { _ in }
        }
        #expect(error?.kind == .readOnly)
        let message = error?.message ?? ""
        #expect(message.contains("The database (sqlite://\(path)) is read-only"), "\(message)")
        #expect(message.contains("the file \(path) is not writable (mode 444)"), "\(message)")
        #expect(message.contains("Make the database file and its folder writable"), "\(message)")
    }

    @Test func aReadOnlyFolderIsRefusedAtStartUpNamingTheFolder() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("broker.sqlite").path
        try await BrokerDatabase.open(.sqlite(path: path), logger: BrokerTestEngine.logger).shutdown()
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }

        let error = await Self.error {
            try await BrokerDatabase.open(.sqlite(path: path), logger: BrokerTestEngine.logger).shutdown()
        }
        let message = error?.message ?? ""
        #expect(message.contains("its folder \(folder.path) is not writable (mode 555)"), "\(message)")
    }

    @Test func aWriteThatMeetsAReadOnlyDatabaseAnswers503NamingTheCause() async throws {
        try await Self.withServedFreshDatabase { database, path, broker, http in
            #expect(try await Self.publish(http, broker, version: "1").status == 200)
            // The broker's only SQLite connection stops accepting writes, as on a file that became read-only
            // (a remounted volume): SQLite answers SQLITE_READONLY.
            try await database.transaction { db in try await db.raw("PRAGMA query_only = 1").run() }
            let answer = try await Self.publish(http, broker, version: "2")
            #expect(answer.status == 503, "\(answer.text)")
            #expect(answer.headers.first(name: "Retry-After") == "60")
            let message = try #require(answer.json?["error"]?.stringValue)
            #expect(message.contains("The database (sqlite://\(path)) is read-only"), "\(message)")
            #expect(message.contains("attempt to write a readonly database"), "\(message)")
            #expect(message.contains("Make the database file and its folder writable"), "\(message)")
        }
    }

    @Test func aFullDatabaseAnswers507StoresNothingHalfWayAndRecoversWhenThereIsRoomAgain() async throws {
        try await Self.withServedFreshDatabase { database, path, broker, http in
            #expect(try await Self.publish(http, broker, version: "1").status == 200)
            let before = try await LoadDriver.metricGauges(broker.url, http: http)
            // The disk fills up: SQLite may not grow the file by more than two pages (SQLITE_FULL).
            try await database.transaction { db in
                let pages = try await db.raw("PRAGMA page_count").first()?.decode(
                    column: "page_count",
                    as: Int.self
                )
                try await db.raw("PRAGMA max_page_count = \(unsafeRaw: String((pages ?? 0) + 2))").run()
            }
            let answer = try await Self.publish(http, broker, version: "2", size: 200_000)
            #expect(answer.status == 507, "\(answer.text)")
            #expect(answer.headers.first(name: "Retry-After") != nil)
            let message = try #require(answer.json?["error"]?.stringValue)
            #expect(message.contains("The database is full (sqlite://\(path))"), "\(message)")
            #expect(message.contains("Free disk space"), "\(message)")
            #expect(message.contains("nothing of this request was stored"), "\(message)")

            // Reads still work, and the refused publication left nothing behind (no version without its pact).
            let after = try await LoadDriver.metricGauges(broker.url, http: http)
            for name in ["pactum_broker_versions", "pactum_broker_pact_publications", "pactum_broker_pacticipants"] {
                #expect(
                    after[name] == before[name],
                    "\(name): \(after[name] ?? -1) after, \(before[name] ?? -1) before"
                )
            }
            let missing = try await http.send(.GET, broker.url + "/pacticipants/FaultConsumer/versions/2")
            #expect(missing.status == 404)

            // Room again: the same publication goes through.
            try await database.transaction { db in try await db.raw("PRAGMA max_page_count = 1073741823").run() }
            let retried = try await Self.publish(http, broker, version: "2", size: 200_000)
            #expect(retried.status == 200, "\(retried.text)")
        }
    }
}

import Foundation
import SQLKit
import SQLiteKit
import Testing

@testable import PactumBroker

/// The broker's own SQLite connections (`SQLiteHandle`, `SQLiteWriter`): reads beside the writer on a file, read
/// transactions that cannot write, statements kept prepared across schema changes and many distinct texts, group
/// commits, and a database in memory that leaves nothing on disk.
@Suite("SQLite connections: readers beside the writer, kept statements")
struct SQLiteConnectionTests {
    static func withFileDatabase<R: Sendable>(_ body: (BrokerDatabase) async throws -> R) async throws -> R {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pactum-sqlite-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await BrokerDatabase.open(
            .sqlite(path: folder.appendingPathComponent("broker.sqlite").path),
            logger: BrokerTestEngine.logger
        ).closing(after: body)
    }

    static func names(_ database: BrokerDatabase) async throws -> [String] {
        try await database.transaction(readOnly: true) { db in try await BrokerStore(db: db).pacticipants() }
            .map(\.name)
    }

    @Test("a read runs while a write transaction is open, and sees the last commit, not the open one")
    func readsBesideTheWriter() async throws {
        try await Self.withFileDatabase { database in
            try await database.transaction { db in _ = try await BrokerStore(db: db).ensurePacticipant(named: "First") }
            let (inside, insideContinuation) = AsyncStream.makeStream(of: Void.self)
            let (release, releaseContinuation) = AsyncStream.makeStream(of: Void.self)
            async let writer: Void = database.transaction { db in
                _ = try await BrokerStore(db: db).ensurePacticipant(named: "Second")
                insideContinuation.yield()
                // Held open until the read below has answered (or the stream ends).
                var iterator = release.makeAsyncIterator()
                _ = await iterator.next()
            }
            var insideIterator = inside.makeAsyncIterator()
            _ = await insideIterator.next()
            let during = try await Self.names(database)
            releaseContinuation.finish()
            try await writer
            #expect(during == ["First"])
            #expect(try await Self.names(database).sorted() == ["First", "Second"])
        }
    }

    @Test("a write in a read transaction fails and leaves nothing (every route's reads run so in the tests)")
    func readOnlyTransactionsDoNotWrite() async throws {
        try await Self.withFileDatabase { database in
            await #expect(throws: (any Error).self) {
                try await database.transaction(readOnly: true) { db in
                    _ = try await BrokerStore(db: db).ensurePacticipant(named: "Sneaky")
                }
            }
            #expect(try await Self.names(database).contains("Sneaky") == false)
            // The connection is usable afterwards.
            try await database.transaction { db in _ = try await BrokerStore(db: db).ensurePacticipant(named: "Fine") }
            #expect(try await Self.names(database).contains("Fine"))
        }
    }

    @Test("a kept statement reads the columns a schema change added; many distinct statements all answer")
    func keptStatements() async throws {
        try await Self.withFileDatabase { database in
            try await database.transaction { db in
                try await db.raw("CREATE TABLE sample (id INTEGER PRIMARY KEY, name TEXT)").run()
                try await db.raw("INSERT INTO sample (name) VALUES ('one'), ('two')").run()
            }
            let before = try await database.transaction(readOnly: true) { db in
                try await db.raw("SELECT * FROM sample ORDER BY id").all().map(\.allColumns)
            }
            #expect(before.first == ["id", "name"])
            try await database.transaction { db in
                try await db.raw("ALTER TABLE sample ADD COLUMN size INTEGER DEFAULT 7").run()
            }
            // Every read connection ran the statement before the change.
            for _ in 0..<4 {
                let after = try await database.transaction(readOnly: true) { db in
                    try await db.raw("SELECT * FROM sample ORDER BY id").all()
                }
                #expect(after.first?.allColumns == ["id", "name", "size"])
                #expect(try after.first?.decode(column: "size", as: Int.self) == 7)
            }
            // More distinct texts than a connection keeps (IN lists of every length): each answers rightly.
            let limit = SQLiteHandle.statementLimit + 40
            let counts = try await database.transaction(readOnly: true) { db in
                var counts: [Int] = []
                for length in 1...limit {
                    let ids = Array(1...length)
                    let rows = try await db.raw("SELECT id FROM sample WHERE id \(isIn: ids)").all()
                    counts.append(rows.count)
                }
                return counts
            }
            #expect(counts.count == limit)
            #expect(counts.first == 1 && counts.dropFirst().allSatisfy { $0 == 2 })
        }
    }

    @Test("values round-trip: text with a NUL and non-ASCII, big integers, doubles, blobs, nulls")
    func valuesRoundTrip() async throws {
        try await Self.withFileDatabase { database in
            let text = "a\u{0}b — ünïcødé 🚀"
            let row = try await database.transaction { db in
                try await db.raw("CREATE TABLE sample (t TEXT, i INTEGER, d REAL, b BLOB, n TEXT)").run()
                try await db.raw(
                    """
                    INSERT INTO sample (t, i, d, b, n) VALUES (\(bind: text), \(bind: Int.max), \(bind: 2.5),
                    \(bind: Data([0, 1, 255])), \(bind: String?.none))
                    """
                ).run()
                return try await db.raw("SELECT * FROM sample").first()
            }
            let sample = try #require(row)
            #expect(try sample.decode(column: "t", as: String.self) == text)
            #expect(try sample.decode(column: "i", as: Int.self) == Int.max)
            #expect(try sample.decode(column: "d", as: Double.self) == 2.5)
            #expect(try sample.decode(column: "b", as: Data.self) == Data([0, 1, 255]))
            #expect(try sample.decode(column: "n", as: String?.self) == nil)
            #expect(try sample.decodeNil(column: "n"))
            #expect(throws: (any Error).self) { try sample.decode(column: "missing", as: String.self) }
        }
    }

    @Test("a database in memory is the broker's own and leaves no file behind")
    func memoryLeavesNoFile() async throws {
        let folder = FileManager.default.temporaryDirectory
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        let first = try await BrokerDatabase.open(.sqliteInMemory, logger: BrokerTestEngine.logger)
        let second = try await BrokerDatabase.open(.sqliteInMemory, logger: BrokerTestEngine.logger)
        try await first.transaction { db in _ = try await BrokerStore(db: db).ensurePacticipant(named: "OnlyHere") }
        #expect(try await Self.names(first) == ["OnlyHere"])
        #expect(try await Self.names(second).isEmpty)
        try await first.shutdown()
        try await second.shutdown()
        let added = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)).subtracting(before)
        #expect(added.filter { $0.contains("memorydb") }.isEmpty, "files left: \(added.sorted())")
    }
}

extension SQLiteConnectionTests {
    @Test("a kept join runs with new binds without SQLite preparing it again")
    func keptJoinsAreNotPreparedAgain() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pactum-sqlite-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let handle = try SQLiteHandle.open(
            .file(path: folder.appendingPathComponent("join.sqlite").path),
            readOnly: false
        )
        defer { handle.close() }
        for statement in [
            "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
            "CREATE TABLE versions (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES people (id), number TEXT)",
            """
            CREATE TABLE items (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES people (id),
              version_id INTEGER NOT NULL REFERENCES versions (id), other_id INTEGER NOT NULL REFERENCES people (id))
            """,
            "CREATE INDEX items_by_version ON items (version_id, other_id)",
        ] {
            try handle.run(statement, binds: []) { _ in }
        }
        for id in 1...50 {
            try handle.run("INSERT INTO people (id, name) VALUES (?1, ?2)", binds: [.integer(id), .text("p\(id)")]) {
                _ in
            }
            try handle.run(
                "INSERT INTO versions (id, person_id, number) VALUES (?1, ?2, ?3)",
                binds: [.integer(id), .integer(id), .text("v\(id)")]
            ) { _ in }
        }
        for id in 1...50 {
            try handle.run(
                "INSERT INTO items (person_id, version_id, other_id) VALUES (?1, ?2, ?3)",
                binds: [.integer(id), .integer(id), .integer(51 - id)]
            ) { _ in }
        }
        let join = """
            SELECT i.id, p.name, o.name AS other_name, v.number FROM items i
            JOIN people p ON p.id = i.person_id JOIN people o ON o.id = i.other_id JOIN versions v ON v.id = i.version_id
            WHERE i.version_id = ?1 AND i.other_id = ?2 ORDER BY i.version_id DESC
            """
        var found = 0
        for id in 2...49 {
            try handle.run(join, binds: [.integer(id), .integer(51 - id)]) { row in
                if (try? row.decode(column: "number", as: String.self)) == "v\(id)" { found += 1 }
            }
        }
        #expect(found == 48)
        #expect(handle.repreparations(of: join) == 0)
    }
}

extension SQLiteConnectionTests {
    struct Deliberate: Error {}

    @Test(
        "writes queued behind a writer commit together; each returns once committed; a failing one loses only its own"
    )
    func groupCommit() async throws {
        try await Self.withFileDatabase { database in
            let commitsBefore = try #require(database.sqliteCommits)
            let units = 30
            let (inside, insideContinuation) = AsyncStream.makeStream(of: Void.self)
            let (release, releaseContinuation) = AsyncStream.makeStream(of: Void.self)
            try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                // The first holds the writer until the others wait for it.
                group.addTask {
                    try await database.transaction { db in
                        _ = try await BrokerStore(db: db).ensurePacticipant(named: "First")
                        insideContinuation.yield()
                        var iterator = release.makeAsyncIterator()
                        _ = await iterator.next()
                    }
                    return (-1, try await Self.names(database).contains("First"))
                }
                var insideIterator = inside.makeAsyncIterator()
                _ = await insideIterator.next()
                for unit in 0..<units {
                    group.addTask {
                        do {
                            try await database.transaction { db in
                                _ = try await BrokerStore(db: db).ensurePacticipant(named: "P\(unit)")
                                if unit % 5 == 0 { throw Deliberate() }
                            }
                        } catch is Deliberate {
                            return (unit, false)
                        }
                        // Returned, so committed: a read connection sees it at once.
                        return (unit, try await Self.names(database).contains("P\(unit)"))
                    }
                }
                // Bounded: 10 s at most for 30 tasks to reach the writer's queue.
                for _ in 0..<1_000 where database.sqliteWritersWaiting != units {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(database.sqliteWritersWaiting == units)
                releaseContinuation.finish()
                for try await (unit, seen) in group { #expect(seen == (unit % 5 != 0), "P\(unit)") }
            }
            let kept = Set((0..<units).filter { $0 % 5 != 0 }.map { "P\($0)" } + ["First"])
            #expect(Set(try await Self.names(database)) == kept)
            // One commit for the first and the 30 queued behind it (at most 64 in a group).
            #expect(try #require(database.sqliteCommits) - commitsBefore == 1)
        }
    }
}

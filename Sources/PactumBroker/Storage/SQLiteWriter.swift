import Foundation
import VaporCSQLite

/// The one writer of an SQLite file, committing the write transactions that queue up behind each other together.
///
/// A commit in SQLite's write-ahead-log mode syncs the log to disk (`synchronous = FULL`): 0.3–0.5 ms here, while
/// every other writer waits. When writers are waiting for the connection as a transaction ends, the transaction is
/// not committed on its own: the next writer goes on in the same SQLite transaction, each unit of work inside a
/// savepoint of its own (rolled back alone when it fails), and the last of the group commits for all of them, up to
/// ``groupLimit`` at a time. No caller returns before the commit that holds its work: a failed commit fails the whole
/// group, and nothing of it was acknowledged. Alone, a transaction commits at once, as before.
final class SQLiteWriter: Sendable {
    /// The most units of work in one commit.
    static let groupLimit = 64

    private let pool: SQLiteHandlePool
    private let counter: Locked<Int>
    private let commitCounter = Locked(0)

    /// The commits run so far (each for a group of one or more units of work).
    var commits: Int { commitCounter.withLock { $0 } }
    /// The units of work waiting for the connection.
    var waiting: Int { pool.waiting }
    /// The open group. Read and changed only by the task holding the writer's connection: handing the connection
    /// over (through the pool's lock) orders the accesses.
    private let group: UnsafeGroup

    private final class UnsafeGroup: @unchecked Sendable {
        var isOpen = false
        var members: [CheckedContinuation<Void, any Error>] = []
    }

    /// `counter` counts the statements run here (the broker's `queriesRun`).
    init(handle: SQLiteHandle, wait: Duration, location: String, counter: Locked<Int>) {
        pool = SQLiteHandlePool([handle], wait: wait, location: location)
        self.counter = counter
        group = UnsafeGroup()
    }

    /// Runs `body` with the writer's connection in a transaction (joining the open group, if any); returns once its
    /// work is committed, throws when `body` throws (its work rolled back) or the commit fails.
    func transaction<Result: Sendable>(_ body: (SQLiteHandle) async throws -> Result) async throws -> Result {
        let handle = try await pool.acquire()
        do {
            if !group.isOpen {
                try run("BEGIN IMMEDIATE", on: handle)
                group.isOpen = true
            }
            try run("SAVEPOINT pactum_unit", on: handle)
        } catch {
            finishGroup(handle, failure: error)
            throw error
        }
        let result: Result
        do {
            result = try await body(handle)
            try run("RELEASE pactum_unit", on: handle)
        } catch {
            // Only this unit's work goes and the group goes on, unless SQLite rolled the whole transaction back (a
            // full disk, for one) or the savepoint cannot be undone: then the group's work is gone.
            if handle.inTransaction,
                (try? run("ROLLBACK TO pactum_unit", on: handle)) != nil,
                (try? run("RELEASE pactum_unit", on: handle)) != nil
            {
                endTurn(handle)
            } else {
                finishGroup(handle, failure: error)
            }
            throw error
        }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            group.members.append(continuation)
            endTurn(handle)
        }
        return result
    }

    /// Closes the connection (now, or when the unit of work holding it ends).
    func close() { pool.close() }

    /// Ends a unit of work's turn: the next writer waiting goes on in the open transaction, unless the group is full
    /// or nobody waits; then the group commits.
    private func endTurn(_ handle: SQLiteHandle) {
        if group.members.count < Self.groupLimit, pool.handOver(handle) { return }
        var failure: (any Error)?
        do {
            commitCounter.withLock { $0 += 1 }
            try run("COMMIT", on: handle)
        } catch {
            failure = error
        }
        finishGroup(handle, failure: failure)
    }

    /// Ends the open transaction (rolled back when `failure` is set and it is still open), tells every member of the
    /// group the outcome and gives the connection back.
    private func finishGroup(_ handle: SQLiteHandle, failure: (any Error)?) {
        if failure != nil, handle.inTransaction { try? run("ROLLBACK", on: handle) }
        let members = group.members
        group.members = []
        group.isOpen = false
        pool.release(handle)
        for member in members {
            if let failure { member.resume(throwing: failure) } else { member.resume() }
        }
    }

    private func run(_ sql: String, on handle: SQLiteHandle) throws {
        counter.withLock { $0 += 1 }
        try handle.run(sql, binds: []) { _ in }
    }
}

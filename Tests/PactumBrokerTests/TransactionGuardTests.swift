import Foundation
import Synchronization
import Testing

@testable import PactumBroker

/// The guard that makes every PostgreSQL transaction end: the work's own result when it ends, `unavailable` when its
/// connection closed and it never ends, or when it runs past its limit; the connection is given back exactly once.
///
/// The connection here is a stand-in whose closing the test controls, because the real cause (PostgresNIO leaving a
/// query on a connection the server closes without an answer) cannot be produced on demand; the PostgreSQL restart
/// fault test meets it with the real driver.
@Suite("Transaction guard", .timeLimit(.minutes(1)))
struct TransactionGuardTests {
    /// A stand-in pooled connection that counts releases and aborts; `abort` closes it.
    final class Connection: TransactionGuard.Watched {
        let releases = Atomic<Int>(0)
        let aborts = Atomic<Int>(0)
        let closed = Atomic<Bool>(false)

        var release: @Sendable () -> Void { { self.releases.add(1, ordering: .relaxed) } }
        var abort: @Sendable () -> Void {
            {
                self.aborts.add(1, ordering: .relaxed)
                self.closed.store(true, ordering: .relaxed)
            }
        }
        var isClosed: @Sendable () -> Bool { { self.closed.load(ordering: .relaxed) } }
    }

    /// Work that does not end by itself (as a query PostgresNIO never answers): it waits for cancellation or an
    /// hour, longer than the suite's time limit.
    static func forever() async throws -> Int {
        try await Task.sleep(for: .seconds(3600))
        return -1
    }

    static let location = "postgres://db.example/pactum"

    @Test func workThatEndsGivesItsResultAndReleasesOnce() async throws {
        let connection = Connection()
        let value = try await TransactionGuard.run(lease: connection, limit: .seconds(25), location: Self.location) {
            42
        }
        #expect(value == 42)
        #expect(connection.releases.load(ordering: .relaxed) == 1)
        #expect(connection.aborts.load(ordering: .relaxed) == 0)
    }

    @Test func anErrorOfTheWorkPassesUnchanged() async throws {
        struct Refused: Error, Equatable {}
        let connection = Connection()
        await #expect(throws: Refused()) {
            try await TransactionGuard.run(lease: connection, limit: nil, location: Self.location) { () -> Int in
                throw Refused()
            }
        }
        #expect(connection.releases.load(ordering: .relaxed) == 1)
    }

    @Test func workOnAConnectionThatClosedIsGivenUpAsUnavailable() async throws {
        let connection = Connection()
        let started = ContinuousClock.now
        let error = await #expect(throws: BrokerDatabaseError.self) {
            try await TransactionGuard.run(lease: connection, limit: nil, location: Self.location) { () -> Int in
                connection.closed.store(true, ordering: .relaxed)
                return try await Self.forever()
            }
        }
        let waited = ContinuousClock.now - started
        #expect(error?.kind == .unavailable)
        #expect(error?.message.contains("The database (\(Self.location)) is unavailable") == true)
        #expect(error?.message.contains("PostgreSQL closed the connection in the middle of a transaction") == true)
        #expect(connection.releases.load(ordering: .relaxed) == 1)
        #expect(connection.aborts.load(ordering: .relaxed) == 0)
        // Given up after the grace (the suite's time limit fails a guard that waits for the work's hour).
        #expect(waited >= TransactionGuard.grace, "given up after \(waited)")
    }

    @Test func workPastItsLimitHasItsConnectionClosedAndIsGivenUp() async throws {
        let connection = Connection()
        let error = await #expect(throws: BrokerDatabaseError.self) {
            try await TransactionGuard.run(lease: connection, limit: .milliseconds(300), location: Self.location) {
                try await Self.forever()
            }
        }
        #expect(error?.kind == .unavailable)
        #expect(error?.message.contains("a transaction ran longer than 0.3 seconds and was stopped") == true)
        #expect(connection.aborts.load(ordering: .relaxed) == 1)
        #expect(connection.releases.load(ordering: .relaxed) == 1)
    }

    @Test func theCallersCancellationReachesTheWork() async throws {
        let connection = Connection()
        let task = Task {
            try await TransactionGuard.run(lease: connection, limit: nil, location: Self.location) {
                try await Self.forever()
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(connection.releases.load(ordering: .relaxed) == 1)
    }
}

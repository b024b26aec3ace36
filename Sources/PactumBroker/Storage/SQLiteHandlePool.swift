import Foundation

/// SQLite connections handed out to one transaction at a time, in the order they were asked for; a caller that waits
/// longer than the pool's wait gets `unavailable` (a 503) instead of waiting forever.
final class SQLiteHandlePool: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<SQLiteHandle, any Error>
        let timer: Task<Void, Never>
    }

    private struct State {
        var idle: [SQLiteHandle]
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
        var isClosed = false
    }

    private let state: Locked<State>
    private let wait: Duration
    private let location: String

    init(_ handles: [SQLiteHandle], wait: Duration, location: String) {
        state = Locked(State(idle: handles))
        self.wait = wait
        self.location = location
    }

    /// How many callers wait for a connection.
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// A connection for one transaction: give it back with ``release(_:)``.
    func acquire() async throws -> SQLiteHandle {
        let ready: Result<SQLiteHandle, any Error>? = state.withLock { state in
            if state.isClosed { return .failure(closedError) }
            return state.idle.popLast().map { .success($0) }
        }
        if let ready { return try ready.get() }
        return try await withCheckedThrowingContinuation { continuation in
            let wait = self.wait
            let location = self.location
            state.withLock { state in
                if state.isClosed {
                    continuation.resume(throwing: closedError)
                    return
                }
                if let handle = state.idle.popLast() {
                    continuation.resume(returning: handle)
                    return
                }
                state.nextID += 1
                let id = state.nextID
                let timer = Task { [weak self] in
                    try? await Task.sleep(for: wait)
                    guard !Task.isCancelled, let self else { return }
                    let waiter = self.state.withLock { state -> Waiter? in
                        guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                        return state.waiters.remove(at: index)
                    }
                    waiter?.continuation.resume(
                        throwing: BrokerDatabaseError.unavailable(
                            location,
                            "no database connection was free within \(wait) (the broker is overloaded)"
                        )
                    )
                }
                state.waiters.append(Waiter(id: id, continuation: continuation, timer: timer))
            }
        }
    }

    /// Gives a connection back: to the first caller waiting, or to the idle ones (closed when the pool is).
    func release(_ handle: SQLiteHandle) {
        let waiter: Waiter? = state.withLock { state in
            if state.isClosed {
                handle.close()
                return nil
            }
            if state.waiters.isEmpty {
                state.idle.append(handle)
                return nil
            }
            return state.waiters.removeFirst()
        }
        guard let waiter else { return }
        waiter.timer.cancel()
        waiter.continuation.resume(returning: handle)
    }

    /// Gives a connection to the first caller waiting, if there is one (true); otherwise the caller keeps it (false).
    func handOver(_ handle: SQLiteHandle) -> Bool {
        let waiter: Waiter? = state.withLock { state in
            state.isClosed || state.waiters.isEmpty ? nil : state.waiters.removeFirst()
        }
        guard let waiter else { return false }
        waiter.timer.cancel()
        waiter.continuation.resume(returning: handle)
        return true
    }

    /// Closes the idle connections now and the others as they come back; callers still waiting get an error.
    func close() {
        let waiters: [Waiter] = state.withLock { state in
            state.isClosed = true
            for handle in state.idle { handle.close() }
            state.idle.removeAll()
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters {
            waiter.timer.cancel()
            waiter.continuation.resume(throwing: closedError)
        }
    }

    private var closedError: BrokerDatabaseError {
        BrokerDatabaseError.unavailable(location, "the broker is shutting down")
    }
}

/// Makes a PostgreSQL transaction end, and its pooled connection go back to the pool, whatever the server does.
///
/// When PostgreSQL restarts under load, a query sent on a connection the server is closing was seen never to
/// complete (PostgresNIO neither answers nor fails it), and a transaction waiting on it would hold its pool slot
/// forever: after two such transactions on one event loop that loop's pool had no slot left, and the broker answered
/// 503 to half of all requests until it was restarted, long after the database was back.
///
/// So the transaction runs in a task of its own, watched every 250 ms. It is given up, with `unavailable`, when
/// - its connection has been closed for 2 s and it has not ended by itself (it normally fails at once), or
/// - it ran past `limit`: its connection is closed under it (`Lease.abort`), and it is given up 2 s later if it
///   still has not ended.
/// Giving up releases the lease (a closed connection is dropped by the pool) and leaves the task behind, suspended
/// on the query that will never complete; the caller's cancellation is passed on to it.
enum TransactionGuard {
    /// How often the watch looks at the transaction.
    static let tick = Duration.milliseconds(250)
    /// How long a transaction may go on after its connection closed before it is given up.
    static let grace = Duration.seconds(2)

    /// Runs `work` (a transaction on `lease`'s connection) under the watch described above; `lease.database` is not
    /// used here.
    static func run<Result: Sendable>(
        lease: some Watched,
        limit: Duration?,
        location: String,
        _ work: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let outcome = Outcome<Result>(release: lease.release)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                outcome.start(continuation)
                outcome.track(
                    Task {
                        do {
                            let result = try await work()
                            outcome.finish(.success(result))
                        } catch {
                            outcome.finish(.failure(error))
                        }
                    },
                    watch: Task { await watch(lease: lease, limit: limit, location: location, outcome: outcome) }
                )
            }
        } onCancel: {
            outcome.cancel()
        }
    }

    /// Looks at the transaction every ``tick`` until it ends, and gives it up as described above.
    private static func watch<Result: Sendable>(
        lease: some Watched,
        limit: Duration?,
        location: String,
        outcome: Outcome<Result>
    ) async {
        let clock = ContinuousClock()
        let deadline = limit.map { clock.now + $0 }
        var closedSince: ContinuousClock.Instant?
        var aborted = false
        while !outcome.isFinished {
            do { try await Task.sleep(for: tick) } catch { return }
            let now = clock.now
            if let deadline, now >= deadline, !aborted {
                aborted = true
                lease.abort()
            }
            guard lease.isClosed() || aborted else { continue }
            let since = closedSince ?? now
            closedSince = since
            if now - since >= grace {
                let cause =
                    aborted
                    ? "a transaction ran longer than \(limit.map { "\($0)" } ?? "its limit") and was stopped"
                    : "PostgreSQL closed the connection in the middle of a transaction"
                outcome.finish(.failure(BrokerDatabaseError.unavailable(location, cause)))
                return
            }
        }
    }

    /// What the watch needs of a pooled connection.
    protocol Watched: Sendable {
        /// Gives the connection back to its pool.
        var release: @Sendable () -> Void { get }
        /// Closes the connection under the transaction.
        var abort: @Sendable () -> Void { get }
        /// Whether the connection has closed, by either side.
        var isClosed: @Sendable () -> Bool { get }
    }

    /// The single ending of one guarded transaction: the first of the work's result and the watch's verdict wins;
    /// the lease is released exactly once, when it ends.
    final class Outcome<Result: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<Result, any Error>?
            var finished = false
            var cancelled = false
            var work: Task<Void, Never>?
            var watch: Task<Void, Never>?
        }

        private let state = Locked(State())
        private let release: @Sendable () -> Void

        init(release: @escaping @Sendable () -> Void) { self.release = release }

        var isFinished: Bool { state.withLock { $0.finished } }

        func start(_ continuation: CheckedContinuation<Result, any Error>) {
            state.withLock { $0.continuation = continuation }
        }

        func track(_ work: Task<Void, Never>, watch: Task<Void, Never>) {
            let (finished, cancelled) = state.withLock { state in
                state.work = work
                state.watch = watch
                return (state.finished, state.cancelled)
            }
            if finished { watch.cancel() }
            if cancelled { work.cancel() }
        }

        func finish(_ result: Swift.Result<Result, any Error>) {
            let ending: (CheckedContinuation<Result, any Error>, Task<Void, Never>?)? = state.withLock { state in
                guard !state.finished, let continuation = state.continuation else { return nil }
                state.finished = true
                state.continuation = nil
                return (continuation, state.watch)
            }
            guard let (continuation, watch) = ending else { return }
            watch?.cancel()
            release()
            continuation.resume(with: result)
        }

        func cancel() {
            let work = state.withLock { state in
                state.cancelled = true
                return state.work
            }
            work?.cancel()
        }
    }
}

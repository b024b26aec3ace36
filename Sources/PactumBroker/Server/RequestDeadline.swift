/// Runs work with a deadline that does not rely on the work noticing cancellation: the first of the work's result and
/// the deadline answers; work that is late is cancelled and its result dropped.
enum RequestDeadline {
    /// The work's result, or nil when `deadline` passed first. The work's error is rethrown.
    static func run<Value: Sendable>(
        within deadline: Duration,
        _ work: @escaping @Sendable () async throws -> Value
    ) async throws -> Value? {
        let gate = Gate<Value>()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value?, any Error>) in
            gate.set(continuation)
            let timer = Task {
                try? await Task.sleep(for: deadline)
                return Task.isCancelled ? false : gate.resume(with: .success(nil))
            }
            let worker = Task {
                do {
                    gate.resume(with: .success(try await work()))
                } catch {
                    gate.resume(with: .failure(error))
                }
                timer.cancel()
            }
            Task {
                if await timer.value { worker.cancel() }
            }
        }
    }

    /// Hands the continuation to the first result only.
    private final class Gate<Value: Sendable>: Sendable {
        private let continuation = Locked<CheckedContinuation<Value?, any Error>?>(nil)

        func set(_ continuation: CheckedContinuation<Value?, any Error>) {
            self.continuation.withLock { $0 = continuation }
        }

        @discardableResult
        func resume(with result: Result<Value?, any Error>) -> Bool {
            let waiting = continuation.withLock { state in
                defer { state = nil }
                return state
            }
            waiting?.resume(with: result)
            return waiting != nil
        }
    }
}

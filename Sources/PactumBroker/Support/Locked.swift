import NIOConcurrencyHelpers

/// A value behind a lock, for state shared between tasks and event-loop threads.
///
/// NIO's lock (a pthread mutex) rather than the standard library's `Synchronization.Mutex`: ThreadSanitizer sees
/// pthread mutexes, but on Linux it does not see `Mutex` (its futex lives in the uninstrumented standard library), so
/// every access under one was reported as a race and the sanitizer runs could not tell a real race from the noise
/// (RELIABILITY.md, "Sanitizers").
struct Locked<Value: Sendable>: Sendable {
    private let box: NIOLockedValueBox<Value>

    init(_ value: Value) { box = NIOLockedValueBox(value) }

    /// Runs `body` with the value, holding the lock.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try box.withLockedValue(body)
    }
}

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waiting for a child `Process` to end without sleeping on a Swift concurrency thread (the servers under test share
/// the few there are): async code polls with `Task.sleep`; synchronous code (a `defer`, a `deinit`, where nothing can
/// be awaited) is woken by the process's termination handler instead of sleeping in steps.
public final class ProcessEnd: @unchecked Sendable {
    private let process: Process
    private let semaphore = DispatchSemaphore(value: 0)

    /// Watches `process`; must be made before `process.run()` (it sets the termination handler).
    public init(_ process: Process) {
        self.process = process
        let semaphore = self.semaphore
        process.terminationHandler = { _ in semaphore.signal() }
    }

    /// Waits at most `seconds` for the process to end (synchronous: wakes when it ends); true when it did.
    @discardableResult
    public func wait(seconds: Double) -> Bool {
        guard process.isRunning else { return true }
        guard semaphore.wait(timeout: .now() + seconds) == .success else { return !process.isRunning }
        semaphore.signal()  // Later waits return at once too.
        return true
    }

    /// Sends `signal`, waits at most `grace` seconds for the end, then kills; returns the exit status (synchronous,
    /// for `defer` and `deinit`).
    @discardableResult
    public func stop(signal: Int32, grace: Double) -> Int32 {
        guard process.processIdentifier > 0 else { return -1 }
        if process.isRunning {
            kill(process.processIdentifier, signal)
            if !wait(seconds: grace) {
                kill(process.processIdentifier, SIGKILL)
                wait(seconds: 5)
            }
        }
        return process.isRunning ? -1 : process.terminationStatus
    }
}

extension Process {
    /// Waits at most `seconds` for the process to end, polling with `Task.sleep` (no thread blocks); true when it did.
    public func waitForExit(seconds: Double) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return !isRunning
    }
}

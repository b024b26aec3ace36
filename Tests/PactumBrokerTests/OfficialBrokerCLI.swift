import Foundation
import PactumTestSupport

/// Runs `pact broker …` (the official Rust broker client) with a bounded wait.
enum OfficialBrokerCLI {
    struct Outcome {
        var status: Int32
        var output: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs without blocking a Swift concurrency thread (the broker under test shares the pool).
    static func run(_ arguments: [String], timeout: TimeInterval = 60) async throws -> Outcome {
        let process = Process()
        process.executableURL = try PactCLI.executable()
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging([
            "NO_COLOR": "1", "PACT_DO_NOT_TRACK": "true", "RUST_LOG_STYLE": "never",
        ]) { $1 }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("pact-cli-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        let finished = AsyncStream<Void> { continuation in
            process.terminationHandler = { _ in continuation.yield() }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await _ in finished { return } }
            group.addTask { try? await Task.sleep(for: .seconds(timeout)) }
            await group.next()
            group.cancelAll()
        }
        if process.isRunning, Date() >= deadline {
            process.terminate()
            process.waitUntilExit()
            throw Failure(description: "pact \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        try handle.close()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return Outcome(status: process.terminationStatus, output: output)
    }

    /// Runs and requires exit status 0.
    @discardableResult
    static func succeed(_ arguments: [String]) async throws -> String {
        let outcome = try await run(arguments)
        guard outcome.status == 0 else {
            throw Failure(
                description: "pact \(arguments.joined(separator: " ")) exited \(outcome.status):\n\(outcome.output)"
            )
        }
        return outcome.output
    }
}

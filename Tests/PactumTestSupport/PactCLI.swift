import Foundation

/// The official Pact CLI (PyPI `pact-python-cli`), the independent peer for interop tests.
///
/// Found through `PACTUM_PACT_CLI`, then `.venv-pact/bin/pact` in the repository (where
/// `scripts/test.sh` installs it), then `PATH`. Tests that need it fail, not skip, when it is missing.
public enum PactCLI {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String {
            "the official Pact CLI was not found; run ./scripts/test.sh (it installs pact-python-cli into .venv-pact) or set PACTUM_PACT_CLI"
        }
    }

    public static func executable() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let path = environment["PACTUM_PACT_CLI"], !path.isEmpty { candidates.append(path) }
        candidates.append(SharedData.repositoryRoot.appendingPathComponent(".venv-pact/bin/pact").path)
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            candidates.append("\(directory)/pact")
        }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            return URL(fileURLWithPath: candidate)
        }
        throw Missing()
    }

    /// A running `pact stub` server, stopped by `stop()` (and on deinit).
    public final class StubServer: @unchecked Sendable {
        public let process: Process
        private let end: ProcessEnd
        public let port: Int
        public let logFile: URL

        public init(files: [URL]) async throws {
            let cli = try PactCLI.executable()
            logFile = FileManager.default.temporaryDirectory.appendingPathComponent(
                "pact-stub-\(UUID().uuidString).log"
            )
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
            let handle = try FileHandle(forWritingTo: logFile)
            process = Process()
            process.executableURL = cli
            process.arguments = ["stub", "-l", "info"] + files.flatMap { ["-f", $0.path] }
            process.environment = ProcessInfo.processInfo.environment.merging([
                "NO_COLOR": "1", "RUST_LOG_STYLE": "never", "PACT_DO_NOT_TRACK": "true",
            ]) { $1 }
            process.standardOutput = handle
            process.standardError = handle
            end = ProcessEnd(process)
            try process.run()
            // Wait (bounded) for the line that names the port.
            let deadline = Date().addingTimeInterval(15)
            var found: Int?
            while Date() < deadline, process.isRunning {
                let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
                if let range = log.range(of: "Server started on port ") {
                    let digits = log[range.upperBound...].prefix { $0.isNumber }
                    found = Int(digits)
                    if found != nil { break }
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
            guard let found else {
                let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
                process.terminate()
                throw StubError(description: "pact stub did not start within 15 s; its output:\n\(log)")
            }
            port = found
        }

        public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

        /// Stops the server: SIGINT (what it handles), then SIGKILL if it is still running after half a second.
        public func stop() {
            if process.isRunning {
                end.stop(signal: SIGINT, grace: 0.5)
            }
            try? FileManager.default.removeItem(at: logFile)
        }

        deinit { stop() }
    }

    public struct StubError: Error, CustomStringConvertible {
        public var description: String
    }
}

extension PactCLI {
    /// The outcome of one `pact verifier` run.
    public struct Verification: Sendable {
        public var exitCode: Int32
        /// Its standard output and error, interleaved.
        public var output: String
        /// The command line, for failure messages.
        public var command: String

        public var passed: Bool { exitCode == 0 }
    }

    public struct VerifierTimedOut: Error, CustomStringConvertible {
        public var timeout: TimeInterval
        public var command: String
        public var output: String

        public var description: String {
            "`\(command)` did not finish within \(timeout) s and was killed; its output so far:\n\(output)"
        }
    }

    /// Runs the official verifier against a provider on 127.0.0.1:
    /// `pact verifier -f FILE` (`-d DIR` when `pactFile` is a directory URL) `--hostname 127.0.0.1 --port N [--state-change-url URL] --provider-name NAME`.
    ///
    /// Returns its exit code (0 when every interaction passed) and output; throws `VerifierTimedOut` (after
    /// killing it) when it runs longer than `timeout` seconds, and `Missing` when the CLI is not installed.
    public static func verify(
        pactFile: URL,
        providerPort: Int,
        stateChangeURL: URL?,
        providerName: String = "ExampleProvider",
        timeout: TimeInterval = 60
    ) async throws -> Verification {
        let cli = try executable()
        var arguments = [
            "verifier", pactFile.hasDirectoryPath ? "--dir" : "--file", pactFile.path, "--hostname", "127.0.0.1",
            "--port", String(providerPort),
            "--provider-name", providerName, "--no-colour",
        ]
        if let stateChangeURL { arguments += ["--state-change-url", stateChangeURL.absoluteString] }
        let command = ([cli.path] + arguments).joined(separator: " ")

        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pact-verifier-\(UUID().uuidString).log"
        )
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let handle = try FileHandle(forWritingTo: outputFile)
        defer { try? handle.close() }

        let process = Process()
        process.executableURL = cli
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging([
            "NO_COLOR": "1", "RUST_LOG_STYLE": "never", "PACT_DO_NOT_TRACK": "true",
        ]) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()

        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            process.terminate()
            let grace = Date().addingTimeInterval(0.5)
            while process.isRunning, Date() < grace { try? await Task.sleep(for: .milliseconds(10)) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
            throw VerifierTimedOut(timeout: timeout, command: command, output: output)
        }
        process.waitUntilExit()
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        return Verification(exitCode: process.terminationStatus, output: output, command: command)
    }
}

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
        public let port: Int
        public let logFile: URL

        public init(files: [URL]) throws {
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
                "NO_COLOR": "1", "RUST_LOG_STYLE": "never",
            ]) { $1 }
            process.standardOutput = handle
            process.standardError = handle
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
                Thread.sleep(forTimeInterval: 0.05)
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
                process.interrupt()
                let deadline = Date().addingTimeInterval(0.5)
                while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(at: logFile)
        }

        deinit { stop() }
    }

    public struct StubError: Error, CustomStringConvertible {
        public var description: String
    }
}

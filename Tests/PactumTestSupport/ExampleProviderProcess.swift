import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The example provider (`Fixtures/ExampleProvider`) running as a child process on a free loopback port.
///
/// The binary is the one SwiftPM built next to the test bundle (`swift build --build-tests` builds it, since
/// the test targets that use it depend on it), or `PACTUM_EXAMPLE_PROVIDER`. `stop()` (also run on deinit)
/// sends SIGTERM, then SIGKILL if the provider is still running after half a second.
public final class ExampleProviderProcess: @unchecked Sendable {
    public let process: Process
    private let end: ProcessEnd
    public let port: Int
    /// The provider's standard output and error: its "listening" line and one line per request.
    public let logFile: URL

    /// The provider's root, `http://127.0.0.1:PORT`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// The provider-state endpoint, for the verifier's `--state-change-url`.
    public var stateChangeURL: URL { URL(string: "http://127.0.0.1:\(port)/_pact/provider-states")! }

    /// Everything the provider wrote so far.
    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Launches the provider on a free port and waits (at most `startupTimeout` seconds) for its "listening" line,
    /// polling with `Task.sleep` so that no Swift concurrency thread is blocked meanwhile (servers under test share
    /// them). `arguments` are added to its command line (`--price-as-text` makes it break the contract on purpose).
    public init(arguments: [String] = [], startupTimeout: TimeInterval = 10) async throws {
        let executable = try Self.executable()
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "example-provider-\(UUID().uuidString).log"
        )
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        defer { try? handle.close() }
        process = Process()
        process.executableURL = executable
        process.arguments = ["--host", "127.0.0.1", "--port", "0"] + arguments
        process.standardOutput = handle
        process.standardError = handle
        end = ProcessEnd(process)
        try process.run()

        let marker = "ExampleProvider listening on http://127.0.0.1:"
        let deadline = Date().addingTimeInterval(startupTimeout)
        var found: Int?
        while found == nil, Date() < deadline, process.isRunning {
            let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            if let range = text.range(of: marker) {
                found = Int(text[range.upperBound...].prefix { $0.isNumber })
            }
            if found == nil { try? await Task.sleep(for: .milliseconds(20)) }
        }
        guard let found else {
            let output = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            let reason = process.isRunning ? "did not start listening within \(startupTimeout) s" : "exited early"
            Self.terminate(end)
            try? FileManager.default.removeItem(at: logFile)
            throw Failure(description: "ExampleProvider (\(executable.path)) \(reason); its output:\n\(output)")
        }
        port = found
    }

    /// Stops the provider: SIGTERM, then SIGKILL if it is still running after half a second.
    public func stop() {
        Self.terminate(end)
        try? FileManager.default.removeItem(at: logFile)
    }

    deinit { stop() }

    /// SIGTERM, then SIGKILL after half a second; synchronous (deinit, defer) but woken by the end, not sleeping.
    private static func terminate(_ end: ProcessEnd) {
        end.stop(signal: SIGTERM, grace: 0.5)
    }

    /// The built `ExampleProvider` binary: `PACTUM_EXAMPLE_PROVIDER`, else the build folder of the running test
    /// bundle (SwiftPM puts products and the `.xctest` bundle side by side).
    public static func executable() throws -> URL {
        let fileManager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["PACTUM_EXAMPLE_PROVIDER"], !override.isEmpty {
            guard fileManager.isExecutableFile(atPath: override) else {
                throw Failure(description: "PACTUM_EXAMPLE_PROVIDER is '\(override)', which is not an executable file")
            }
            return URL(fileURLWithPath: override)
        }
        var starts: [URL] = []
        if let main = Bundle.main.executableURL { starts.append(main) }
        if let first = CommandLine.arguments.first, !first.isEmpty {
            starts.append(
                URL(fileURLWithPath: first, relativeTo: URL(fileURLWithPath: fileManager.currentDirectoryPath))
            )
        }
        if let path = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(URL(fileURLWithPath: path))
        }
        var searched: [String] = []
        for start in starts {
            // On Linux the test bundle is an executable in the build folder; on macOS it is
            // <build folder>/X.xctest/Contents/MacOS/X, so look a few levels up.
            var directory = start.standardizedFileURL.resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("ExampleProvider")
                if !searched.contains(directory.path) { searched.append(directory.path) }
                if fileManager.isExecutableFile(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw Failure(
            description: "the ExampleProvider binary was not found next to the test bundle (searched "
                + searched.joined(separator: ", ")
                + "); build it with `swift build --build-tests` or set PACTUM_EXAMPLE_PROVIDER to its path"
        )
    }
}

import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Chromium, headless, as the browser of the web UI tests: loads a page like a person's browser does and gives back
/// the DOM it built. Runs as a subprocess whose end is awaited through its termination handler (never blocking a
/// Swift concurrency thread), with a bounded time.
enum Chromium {
    /// Chromium is not installed: the tests fail (they are not skipped) with this message.
    struct Missing: Error, CustomStringConvertible {
        var looked: [String]
        var description: String {
            "Chromium was not found (looked at \(looked.joined(separator: ", "))): install it with "
                + "`apt-get install -y chromium` (scripts/test.sh does this) or set PACTUM_CHROMIUM to its path"
        }
    }

    /// Chromium did not finish or failed.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `PACTUM_CHROMIUM`, else the usual Debian and Ubuntu paths.
    static func executable(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        standardPaths: [String] = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    ) throws -> String {
        var candidates: [String] = []
        if let configured = environment["PACTUM_CHROMIUM"], !configured.isEmpty {
            candidates.append(configured)
        }
        candidates += standardPaths
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Missing(looked: candidates)
        }
        return found
    }

    /// The serialized DOM of the page at `url` after Chromium loaded it.
    static func dumpDOM(_ url: String, timeout: Duration = .seconds(90)) async throws -> String {
        let result = try await run(["--dump-dom", url], timeout: timeout)
        guard result.status == 0, !result.stdout.isEmpty else {
            throw Failure(
                description: "chromium --dump-dom \(url) exited with \(result.status): \(result.stderr.suffix(2000))"
            )
        }
        return result.stdout
    }

    /// Runs Chromium headless with `arguments` and a profile directory of its own (tests run in parallel).
    static func run(
        _ arguments: [String],
        timeout: Duration
    ) async throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let executable = try executable()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pactum-chromium-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stdoutURL = directory.appendingPathComponent("stdout")
        let stderrURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdout.close()
            try? stderr.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
            ] + arguments
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        let box = ProcessBox(process)
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            box.timedOut()
        }
        defer { watchdog.cancel() }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: Failure(description: "cannot start \(executable): \(error)"))
            }
        }
        if box.didTimeOut {
            throw Failure(description: "chromium \(arguments.joined(separator: " ")) took more than \(timeout)")
        }
        let output = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        return (status, output, errors)
    }

    /// The text a person sees: the DOM without head, styles and scripts, tags removed, entities decoded,
    /// whitespace collapsed.
    static func visibleText(_ dom: String) -> String {
        var text = dom
        for element in ["head", "style", "script", "title"] {
            text = text.replacingOccurrences(
                of: "<\(element)[^>]*>[\\s\\S]*?</\(element)>",
                with: " ",
                options: .regularExpression
            )
        }
        text = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        for (entity, character) in [
            ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&nbsp;", " "), ("&amp;", "&"),
        ] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    }
}

/// The subprocess, shared with the watchdog task that ends it when it overruns.
private final class ProcessBox: @unchecked Sendable {
    private let process: Process
    private let lock = NSLock()
    private var expired = false

    init(_ process: Process) { self.process = process }

    var didTimeOut: Bool { lock.withLock { expired } }

    func timedOut() {
        lock.withLock { expired = true }
        if process.isRunning { process.terminate() }
        let pid = process.processIdentifier
        // Chromium ignoring SIGTERM gets SIGKILL a few seconds later.
        Task {
            try? await Task.sleep(for: .seconds(5))
            if process.isRunning { kill(pid, SIGKILL) }
        }
    }
}

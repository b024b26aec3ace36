import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn` and waited for by polling `waitpid(WNOHANG)` with `Task.sleep`: no
/// thread blocks, and no reliance on Foundation's `Process` termination monitoring, which was seen to miss the end of
/// a `runuser … pg_ctl start` (the parent then waits forever on a zombie).
public final class ChildProcess: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// How the process ended.
    public enum Ending: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        public var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signalled(let signal): "killed by signal \(signal)"
            }
        }
    }

    public let pid: pid_t
    /// Standard output and error, together.
    public let output: URL
    private let lock = NSLock()
    private var ending: Ending?

    /// Starts `executable` with `arguments` (and the current environment plus `environment`), its output going to a
    /// temporary file.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        output = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).out")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of the test process is inherited: a server the child starts (pg_ctl's postgres) would keep
        // the test's sockets open (a closed HTTP connection would never end for its peer). glibc 2.34 has
        // posix_spawn_file_actions_addclosefrom_np, which Swift does not import: looked up at run time.
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        let envp = variables.map { strdup($0) } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, nil, argv, envp)
        guard result == 0 else {
            throw Failure(description: "could not start \(executable): \(String(cString: strerror(result)))")
        }
        pid = child
    }

    /// What the process wrote so far.
    public var text: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    /// The ending if the process has ended (reaps it), nil while it runs.
    public func poll() -> Ending? {
        lock.lock()
        defer { lock.unlock() }
        if let ending { return ending }
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        if reaped == -1, errno == ECHILD {
            // Someone else collected it: it ended, with an unknown status.
            ending = .exited(-1)
            return ending
        }
        guard reaped == pid else { return nil }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, written out (the C macros are not imported).
        let signal = status & 0x7f
        ending = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
        return ending
    }

    public var isRunning: Bool { poll() == nil }

    /// Waits, polling every 20 ms, at most `seconds` for the process to end; nil when it still runs.
    public func wait(seconds: Double) async -> Ending? {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if let ending = poll() { return ending }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return poll()
    }

    /// Sends `signal` (if it still runs).
    public func signal(_ signal: Int32) {
        if poll() == nil { kill(pid, signal) }
    }

    /// Sends `signal`, waits up to `seconds`, then SIGKILL and waits again (bounded).
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, seconds: Double = 5) async -> Ending? {
        self.signal(signal)
        if let ending = await wait(seconds: seconds) { return ending }
        self.signal(SIGKILL)
        return await wait(seconds: 10)
    }

    /// Runs a program to its end (bounded by `seconds`) and returns its output; throws with the output when it does
    /// not exit with 0.
    @discardableResult
    public static func run(
        _ executable: String,
        _ arguments: [String],
        seconds: Double = 120,
        environment: [String: String] = [:]
    ) async throws -> String {
        let child = try ChildProcess(executable, arguments, environment: environment)
        defer { try? FileManager.default.removeItem(at: child.output) }
        guard let ending = await child.wait(seconds: seconds) else {
            await child.stop(signal: SIGKILL)
            throw Failure(
                description: "\(executable) \(arguments.joined(separator: " ")) did not end within \(Int(seconds)) s: "
                    + child.text
            )
        }
        guard ending == .exited(0) else {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) \(ending): \(child.text)")
        }
        return child.text
    }

    deinit {
        if poll() == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            // Reap it, so no zombie is left (SIGKILL ends it at once).
            for _ in 0..<100 where waitpid(pid, &status, WNOHANG) == 0 { usleep(10_000) }
        }
        try? FileManager.default.removeItem(at: output)
    }
}

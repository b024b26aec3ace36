import Foundation
import PactumTestSupport

/// A PostgreSQL cluster of its own for one test (initdb into a temporary folder, an unused port), which the test may
/// stop and start: the shared server of `scripts/postgres.sh` is used by other suites at the same time and is never
/// touched. Runs as the `postgres` user when the tests run as root (PostgreSQL refuses root).
struct ThrowawayPostgres: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let folder: URL
    let port: Int
    let bin: URL

    /// The URL for `--database-url` (trust authentication, no TLS).
    var url: String { "postgres://postgres@127.0.0.1:\(port)/postgres?tlsmode=disable" }
    var data: String { folder.appendingPathComponent("data").path }
    var log: String { folder.appendingPathComponent("server.log").path }

    /// The folder holding `pg_ctl` and `initdb`: on PATH, or the newest /usr/lib/postgresql/*/bin.
    static func binaries() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder))
            if FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("initdb").path) {
                return candidate
            }
        }
        let versions =
            ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        if let newest = versions.last(where: {
            FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb")
        }) {
            return URL(fileURLWithPath: "/usr/lib/postgresql/\(newest)/bin")
        }
        throw Failure(
            description: "PostgreSQL's initdb and pg_ctl were not found (PATH, /usr/lib/postgresql/*/bin): run "
                + "./scripts/postgres.sh once (it installs PostgreSQL) and run the tests again"
        )
    }

    static var runningAsRoot: Bool { getuid() == 0 }

    /// Runs a PostgreSQL program (as `postgres` when root) to its end, without blocking a thread; throws with its
    /// output and the server log when it fails.
    func run(_ program: String, _ arguments: [String]) async throws {
        let executable = bin.appendingPathComponent(program).path
        do {
            if Self.runningAsRoot {
                try await ChildProcess.run("/usr/sbin/runuser", ["-u", "postgres", "--", executable] + arguments)
            } else {
                try await ChildProcess.run(executable, arguments)
            }
        } catch {
            let serverLog = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw Failure(description: "\(error)\nserver log:\n\(serverLog.suffix(2000))")
        }
    }

    /// initdb and start a new cluster on an unused port.
    static func start() async throws -> ThrowawayPostgres {
        let folder = URL(fileURLWithPath: "/tmp/pactum-throwaway-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cluster = ThrowawayPostgres(folder: folder, port: try LoopbackPort.free(), bin: try binaries())
        if runningAsRoot {
            if (try? await ChildProcess.run("/usr/bin/id", ["postgres"])) == nil {
                try await ChildProcess.run("/usr/sbin/useradd", ["--system", "--no-create-home", "postgres"])
            }
            try await ChildProcess.run("/bin/chown", ["postgres", folder.path])
        }
        try await cluster.run("initdb", ["-D", cluster.data, "-U", "postgres", "--auth=trust", "-E", "UTF8"])
        // fsync off (a killed server loses nothing the OS has), but synchronous_commit stays on: a commit the
        // broker acknowledged is in the WAL.
        let settings = """

            listen_addresses = '127.0.0.1'
            port = \(cluster.port)
            unix_socket_directories = '\(cluster.data)'
            fsync = off
            max_connections = 50

            """
        let configuration = URL(fileURLWithPath: cluster.data).appendingPathComponent("postgresql.conf")
        let handle = try FileHandle(forWritingTo: configuration)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(settings.utf8))
        try handle.close()
        try await cluster.startServer()
        return cluster
    }

    func startServer() async throws {
        try await run("pg_ctl", ["-D", data, "-l", log, "-w", "-t", "60", "start"])
    }

    /// Stops the server: `immediate` is a crash (no checkpoint, recovery at the next start).
    func stopServer(immediate: Bool) async throws {
        try await run("pg_ctl", ["-D", data, "-m", immediate ? "immediate" : "fast", "-w", "-t", "60", "stop"])
    }

    /// Stops the server if it runs and deletes the cluster.
    func destroy() async {
        try? await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"])
        try? FileManager.default.removeItem(at: folder)
    }
}

import Foundation
import PactumCore
import PactumTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stub server process (`pactum stub` or the official `pact stub`), stopped by `stop()` and on deinit.
final class StubProcess: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let process = Process()
    let output: URL
    let errors: URL
    private var launched = false

    /// Starts `executable` with `arguments`, its output going to temporary files.
    init(executable: URL, arguments: [String], workingDirectory: URL? = nil) throws {
        let directory = FileManager.default.temporaryDirectory
        output = directory.appendingPathComponent("stub-\(UUID().uuidString).out")
        errors = directory.appendingPathComponent("stub-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.executableURL = executable
        process.arguments = arguments
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        process.environment = ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"]) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        launched = true
    }

    /// Waits (bounded) for the output line naming the port: the number right after `marker`. Polls with
    /// `Task.sleep`, so no Swift concurrency thread is blocked meanwhile.
    func port(after marker: String) async throws -> Int {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline, process.isRunning {
            let text = stdout
            if let range = text.range(of: marker), let found = Int(text[range.upperBound...].prefix(while: \.isNumber))
            {
                return found
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        let log = stdout + stderr
        stop()
        let name = process.executableURL?.lastPathComponent ?? "the stub"
        throw Failure(description: "\(name) did not report its port within 15 s; its output:\n\(log)")
    }

    var stdout: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }

    /// Waits (bounded) for the process to end on its own and returns its exit status.
    func waitForExit(within seconds: TimeInterval = 15) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Sends `signal`, waits up to two seconds, then kills; returns the exit status.
    @discardableResult
    func stop(signal: Int32 = SIGINT) -> Int32 {
        guard launched else { return -1 }
        if process.isRunning {
            kill(process.processIdentifier, signal)
            // Blocking (also called from deinit), for at most two seconds.
            let deadline = Date().addingTimeInterval(2)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
        return process.terminationStatus
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: output)
        try? FileManager.default.removeItem(at: errors)
    }
}

@Suite("pactum stub, run as a process")
struct StubCommandTests {
    /// The built `pactum` next to the test bundle (or `PACTUM_EXECUTABLE`).
    static func pactum() throws -> URL {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["PACTUM_EXECUTABLE"], !path.isEmpty {
            candidates.append(URL(fileURLWithPath: path))
        }
        let running = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        candidates.append(running.deletingLastPathComponent().appendingPathComponent("pactum"))
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("pactum"))
        }
        candidates.append(
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pactum")
        )
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        let tried = candidates.map(\.path).joined(separator: ", ")
        throw StubProcess.Failure(
            description: "the pactum executable was not found (tried \(tried)); build it or set PACTUM_EXECUTABLE"
        )
    }

    static let pactumMarker = "Stub server listening on http://127.0.0.1:"
    static let officialMarker = "Server started on port "

    /// `pactum stub` with `arguments`, and its port once it listens.
    static func pactumStub(_ arguments: [String]) async throws -> (StubProcess, port: Int) {
        let stub = try StubProcess(executable: try pactum(), arguments: ["stub"] + arguments)
        return (stub, try await stub.port(after: pactumMarker))
    }

    /// A V3 pact exercising what the stub decides: header preference, query, bodies, states, regex paths.
    static let pactJSON = #"""
        {
          "consumer": {"name": "Shop"}, "provider": {"name": "Items"},
          "interactions": [
            {"description": "json item", "providerStates": [{"name": "state one"}],
             "request": {"method": "GET", "path": "/items/1", "headers": {"Accept": "application/json"}},
             "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": {"n": 1}}},
            {"description": "plain item", "providerStates": [{"name": "state two"}],
             "request": {"method": "GET", "path": "/items/1"},
             "response": {"status": 201, "body": {"n": 2}}},
            {"description": "search", "request": {"method": "GET", "path": "/items", "query": {"q": ["a"]}},
             "response": {"status": 200, "body": "found"}},
            {"description": "create", "request": {"method": "POST", "path": "/items",
               "headers": {"Content-Type": "application/json"}, "body": {"name": "x"}},
             "response": {"status": 201, "headers": {"Location": "/items/9"}}},
            {"description": "any order", "request": {"method": "GET", "path": "/orders/1",
               "matchingRules": {"path": {"matchers": [{"match": "regex", "regex": "/orders/\\d+"}]}}},
             "response": {"status": 200, "body": [1, 2, 3]}},
            {"description": "options", "request": {"method": "OPTIONS", "path": "/opt"}, "response": {"status": 204}}
          ],
          "metadata": {"pactSpecification": {"version": "3.0.0"}}
        }
        """#

    static func writePact(named name: String = "items.json") throws -> (directory: URL, file: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pactum-stub-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(name)
        try pactJSON.write(to: file, atomically: true, encoding: .utf8)
        return (directory, file)
    }

    /// The requests both stubs are asked: (method, target, headers, body).
    static let requests: [(String, String, [(String, String)], String)] = [
        ("GET", "/items/1", [], ""),
        ("GET", "/items/1", [("Accept", "application/json")], ""),
        ("GET", "/items/1", [("X-State", "two")], ""),
        ("GET", "/items/1", [("X-State", "one")], ""),
        ("GET", "/items?q=a", [], ""),
        ("GET", "/items?q=b", [], ""),
        ("POST", "/items", [("Content-Type", "application/json")], #"{"name":"x"}"#),
        ("POST", "/items", [("Content-Type", "application/json")], #"{"name":"y"}"#),
        ("POST", "/items", [], ""),
        ("GET", "/orders/42", [], ""),
        ("GET", "/orders/abc", [], ""),
        ("OPTIONS", "/opt", [], ""),
        ("OPTIONS", "/elsewhere", [("Origin", "http://app")], ""),
        ("DELETE", "/items/1", [], ""),
    ]

    /// What a response is compared on: status, the headers a client relies on, and the body (JSON parsed).
    static func summary(_ response: LoopbackHTTPClient.Response) -> String {
        var text = "\(response.status)"
        for name in [
            "Content-Type", "Location", "Access-Control-Allow-Origin", "Access-Control-Allow-Methods",
            "Access-Control-Allow-Headers",
        ] {
            if let value = response.header(name) { text += " | \(name.lowercased()): \(value)" }
        }
        if let json = try? JSONParser.parse(bytes: response.body) {
            text += " | " + JSONWriter.compact(json)
        } else {
            text += " | " + String(decoding: response.body, as: UTF8.self)
        }
        return text
    }

    static func answers(port: Int) throws -> [String] {
        try requests.map { method, target, headers, body in
            summary(
                try LoopbackHTTPClient.send(
                    method: method,
                    port: port,
                    target: target,
                    headers: headers,
                    body: Array(body.utf8),
                    timeout: 5
                )
            )
        }
    }

    @Test("serves a pact file, prints its port and counts, logs requests and stops cleanly on SIGINT and SIGTERM")
    func servesAndStops() async throws {
        let (directory, file) = try Self.writePact()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (stub, port) = try await Self.pactumStub(["-f", file.path])
        #expect(stub.stdout.contains("Stub server listening on http://127.0.0.1:\(port) (1 pacts, 6 interactions)"))
        let answer = try LoopbackHTTPClient.send(method: "GET", port: port, target: "/orders/5", timeout: 5)
        #expect(answer.status == 200)
        #expect(try JSONParser.parse(bytes: answer.body) == [1, 2, 3])
        #expect(stub.stop(signal: SIGINT) == 0)
        #expect(stub.stdout.contains("[INFO] GET /orders/5 -> 200: 'any order' (Shop -> Items)"))
        #expect(stub.stdout.contains("[INFO] Received SIGINT, shutting down"))

        let (again, againPort) = try await Self.pactumStub(["--dir", directory.path, "-l", "none"])
        let item = try LoopbackHTTPClient.send(method: "GET", port: againPort, target: "/items/1", timeout: 5)
        #expect(item.status == 201)
        #expect(again.stop(signal: SIGTERM) == 0)
        #expect(again.stdout == "Stub server listening on http://127.0.0.1:\(againPort) (1 pacts, 6 interactions)\n")
    }

    @Test("-p binds the port given; -d with -e loads files of that extension only")
    func portAndExtension() async throws {
        let (directory, _) = try Self.writePact(named: "items.pact")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (probe, port) = try await Self.pactumStub(["-d", directory.path, "-e", "pact"])
        #expect(probe.stdout.contains("(1 pacts, 6 interactions)"))
        probe.stop()
        let (fixed, fixedPort) = try await Self.pactumStub(["-d", directory.path, "-p", String(port)])
        #expect(fixedPort == port)
        #expect(fixed.stdout.contains("(0 pacts, 0 interactions)"))
        #expect(try LoopbackHTTPClient.send(method: "GET", port: port, target: "/items/1", timeout: 5).status == 404)
        fixed.stop()
    }

    @Test("an unreadable or invalid pact file is named and the exit code is 3; missing sources are a usage error")
    func loadErrors() async throws {
        let (directory, file) = try Self.writePact()
        defer { try? FileManager.default.removeItem(at: directory) }
        let broken = directory.appendingPathComponent("broken.json")
        try #"{"consumer": {"name": "C"}, "provider": {"name": "P"}, "interactions": [{"description": 5}]}"#
            .write(to: broken, atomically: true, encoding: .utf8)
        let missing = directory.appendingPathComponent("missing.json")
        let failing = try StubProcess(
            executable: try Self.pactum(),
            arguments: ["stub", "-f", file.path, "-f", broken.path, "-f", missing.path]
        )
        #expect(await failing.waitForExit() == 3)
        let errors = failing.stderr
        #expect(errors.hasPrefix("error: There were errors loading the pact files:\n  - \(broken.path)"))
        #expect(errors.contains("  - \(missing.path): could not read the contract file"))
        #expect(failing.stdout.isEmpty)

        let usage = try StubProcess(
            executable: try Self.pactum(),
            arguments: ["stub"]
        )
        #expect(await usage.waitForExit() == 64)
        #expect(
            usage.stderr.contains(
                "Give at least one pact file (-f FILE), directory of pact files (-d DIR), URL (-u URL) or broker (-b URL)."
            )
        )

        let badState = try StubProcess(
            executable: try Self.pactum(),
            arguments: ["stub", "-f", file.path, "-s", "("]
        )
        #expect(await badState.waitForExit() == 1)
        #expect(badState.stderr.contains("The provider state filter '(' is not a valid regular expression"))
    }

    @Test("interop: pactum stub and the official pact stub answer the same requests the same way")
    func sameAnswersAsOfficialStub() async throws {
        let (directory, file) = try Self.writePact()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configurations: [[String]] = [
            [],
            ["-o", "-s", "one", "--provider-state-header-name", "X-State"],
            ["--cors", "--provider-state", "nothing", "--empty-provider-state"],
        ]
        // Start all servers first, so their start-up times overlap.
        let servers = try configurations.map { flags in
            (
                flags: flags,
                ours: try StubProcess(executable: try Self.pactum(), arguments: ["stub", "-f", file.path] + flags),
                official: try StubProcess(
                    executable: try PactCLI.executable(),
                    arguments: ["stub", "-l", "info", "-f", file.path] + flags
                )
            )
        }
        for server in servers {
            let expected = try Self.answers(port: try await server.official.port(after: Self.officialMarker))
            let actual = try Self.answers(port: try await server.ours.port(after: Self.pactumMarker))
            for (position, request) in Self.requests.enumerated() {
                #expect(
                    actual[position] == expected[position],
                    "\(server.flags.joined(separator: " ")): \(request.0) \(request.1) \(request.2)"
                )
            }
            #expect(server.ours.stop() == 0)
            // The official stub, started from a test process, does not always act on SIGINT or SIGTERM.
            server.official.stop(signal: SIGKILL)
        }
    }
}

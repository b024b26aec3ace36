import Foundation
import PactumCore
import PactumTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The broker client commands (`pactum publish`, `can-i-deploy`, …) run as processes against `pactum broker serve`,
/// as a release pipeline would run them.
@Suite("pactum broker client commands, run as processes")
struct BrokerClientCommandTests {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String

        func json() throws -> JSONValue {
            do {
                return try JSONParser.parse(stdout)
            } catch {
                throw StubProcess.Failure(description: "not JSON (\(error)):\n\(stdout)\n\(stderr)")
            }
        }
    }

    /// `pactum broker serve` on a random port with an in-memory database, and its URL.
    static func startBroker() async throws -> (StubProcess, url: String) {
        let broker = try StubProcess(
            executable: try StubCommandTests.pactum(),
            arguments: ["broker", "serve", "--port", "0", "--database-url", "sqlite::memory:"]
        )
        let markers = ["Pactum broker listening on http://127.0.0.1:", "listening on 127.0.0.1:"]
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, broker.process.isRunning {
            let text = broker.stdout + broker.stderr
            for marker in markers {
                if let range = text.range(of: marker),
                    let port = Int(text[range.upperBound...].prefix(while: \.isNumber))
                {
                    return (broker, "http://127.0.0.1:\(port)")
                }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let log = broker.stdout + broker.stderr
        broker.stop()
        throw StubProcess.Failure(description: "pactum broker serve did not report its port within 30 s:\n\(log)")
    }

    /// Runs `pactum arguments…` to completion (bounded), with `environment` added to a clean set of
    /// `PACT_BROKER_*` variables. Waits with `Task.sleep`, so no Swift concurrency thread is blocked meanwhile.
    static func pactum(_ arguments: [String], environment: [String: String] = [:]) async throws -> Outcome {
        try await run(try StubCommandTests.pactum(), arguments, environment: environment)
    }

    /// Runs a command (`pactum`, or the official `pact` for parity checks) to completion, bounded.
    static func run(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String] = [:]
    ) async throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory
        let output = directory.appendingPathComponent("broker-cli-\(UUID().uuidString).out")
        let errors = directory.appendingPathComponent("broker-cli-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: errors)
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PACT_BROKER_") }
        env["NO_COLOR"] = "1"
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        if await !process.waitForExit(seconds: 60) {
            kill(process.processIdentifier, SIGKILL)
            _ = await process.waitForExit(seconds: 5)
            throw StubProcess.Failure(
                description:
                    "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not finish in 60 s"
            )
        }
        return Outcome(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: output, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        )
    }

    static let pact = """
        {"consumer":{"name":"App"},"provider":{"name":"Bookshelf"},
         "interactions":[{"description":"a request for books","request":{"method":"GET","path":"/books"},
           "response":{"status":200,"body":[{"title":"Dune"}]}}],
         "metadata":{"pactSpecification":{"version":"3.0.0"}}}
        """

    @Test("a release flow: create-environment, publish, can-i-deploy says no, record-deployment, describe-version")
    // `production` is one of the environments a new database starts with; `uat` is created here.
    func releaseFlow() async throws {
        let (broker, url) = try await Self.startBroker()
        defer { broker.stop() }
        let env = ["PACT_BROKER_BASE_URL": url]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("broker-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.pact.utf8).write(to: folder.appendingPathComponent("App-Bookshelf.json"))

        let created = try await Self.pactum(
            ["create-environment", "--name", "uat", "--production", "--output", "json"],
            environment: env
        )
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try created.json()["name"] == "uat")
        #expect(try created.json()["production"] == true)

        let published = try await Self.pactum(
            ["publish", folder.path, "-a", "1.0.0", "--branch", "main", "-t", "dev", "-b", url, "-o", "json"]
        )
        #expect(published.status == 0, "\(published.stderr)")
        #expect(try published.json()["_embedded"]?["version"]?["number"] == "1.0.0")

        let no = try await Self.pactum(
            ["can-i-deploy", "-a", "App", "-e", "1.0.0", "--to-environment", "production"],
            environment: env
        )
        #expect(no.status == 1, "\(no.stdout)\(no.stderr)")
        #expect(no.stdout.hasPrefix("Computer says no ¯\\_(ツ)_/¯\n\nCONSUMER | C.VERSION | PROVIDER"))
        let noJSON = try await Self.pactum(
            [
                "can-i-deploy", "--pacticipant", "App", "--version", "1.0.0", "--to-environment", "production", "-o",
                "json",
            ],
            environment: env
        )
        // As the official client: JSON output exits 0 whatever the answer (CanIDeployParityTests).
        #expect(noJSON.status == 0)
        #expect(try noJSON.json()["summary"]?["deployable"] != true)
        #expect(try noJSON.json()["matrix"]?.arrayValue != nil)
        let dryRun = try await Self.pactum(
            ["can-i-deploy", "-a", "App", "-e", "1.0.0", "--to-environment", "production", "--dry-run"],
            environment: env
        )
        #expect(dryRun.status == 0)
        #expect(dryRun.stdout.hasPrefix("[dry-run] "))

        let deployed = try await Self.pactum(
            ["record-deployment", "-a", "App", "-e", "1.0.0", "--environment", "production"],
            environment: env
        )
        #expect(deployed.status == 0, "\(deployed.stderr)")
        #expect(deployed.stdout == "Recorded deployment of App version 1.0.0 to production environment.\n")

        let version = try await Self.pactum(
            ["describe-version", "-a", "App", "-e", "1.0.0", "-o", "json"],
            environment: env
        )
        #expect(version.status == 0, "\(version.stderr)")
        #expect(try version.json()["number"] == "1.0.0")
        let table = try await Self.pactum(["broker", "describe-version", "-a", "App"], environment: env)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("NAME | VERSION | BRANCHES | TAGS | DEPLOYED TO"))
        #expect(table.stdout.contains("App  | 1.0.0   | main     | dev "))

        let inProduction = try await Self.pactum(
            ["describe-version", "-a", "App", "--environment", "production", "--deployed", "-o", "json"],
            environment: env
        )
        #expect(inProduction.status == 0, "\(inProduction.stderr)")
        let deployedVersions = try inProduction.json()["deployedVersions"]?.arrayValue ?? []
        #expect(deployedVersions.map { $0["_embedded"]?["version"]?["number"] } == ["1.0.0"])

        let pacticipants = try await Self.pactum(["list-pacticipants", "-o", "json"], environment: env)
        #expect(pacticipants.status == 0, "\(pacticipants.stderr)")
        let listed = try pacticipants.json()
        let items = listed["_embedded"]?["pacticipants"]?.arrayValue ?? listed["pacticipants"]?.arrayValue ?? []
        #expect(Set(items.compactMap { $0["name"]?.stringValue }) == ["App", "Bookshelf"])
        let text = try await Self.pactum(["broker", "list-pacticipants"], environment: env)
        #expect(text.stdout.hasPrefix("NAME      | DISPLAY NAME\n----------|-"))

        let environments = try await Self.pactum(["broker", "list-environments"], environment: env)
        #expect(environments.status == 0)
        #expect(environments.stdout.contains("| production | "))
    }

    @Test("every client command answers --help, at the top level and under `pactum broker`")
    func help() async throws {
        let commands = [
            "publish", "can-i-deploy", "can-i-merge", "record-deployment", "record-undeployment", "record-release",
            "record-support-ended", "create-environment", "update-environment", "delete-environment",
            "describe-environment", "list-environments", "create-or-update-pacticipant", "describe-pacticipant",
            "list-pacticipants", "create-version-tag", "describe-version", "list-latest-pact-versions", "get-pacts",
            "publish-provider-contract",
        ]
        for command in commands {
            for arguments in [[command, "--help"], ["broker", command, "--help"]] {
                let outcome = try await Self.pactum(arguments)
                #expect(outcome.status == 0, "pactum \(arguments.joined(separator: " ")): \(outcome.stderr)")
                #expect(outcome.stdout.contains("--broker-base-url"), "pactum \(arguments.joined(separator: " "))")
            }
        }
    }

    @Test("failures: an unknown environment exits 1, an unreachable broker 3, a missing base URL is a usage error")
    func failures() async throws {
        let (broker, url) = try await Self.startBroker()
        defer { broker.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("broker-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("App-Bookshelf.json")
        try Data(Self.pact.utf8).write(to: file)
        #expect(try await Self.pactum(["publish", file.path, "-a", "1", "-b", url]).status == 0)
        #expect(try await Self.pactum(["create-environment", "--name", "qa", "-b", url]).status == 0)

        let unknown = try await Self.pactum([
            "record-deployment", "-a", "App", "-e", "1", "--environment", "staging", "-b", url,
        ])
        #expect(unknown.status == 1)
        #expect(
            unknown.stderr
                == "No environment named 'staging' exists (broker \(url)/pacticipants/App/versions/1). The environments are: production, qa, test.\n"
        )
        // can-i-deploy to an environment the broker does not know: the same sentence, not the broker's bare 400.
        let unknownTarget = try await Self.pactum([
            "can-i-deploy", "-a", "App", "-e", "1", "--to-environment", "staging", "-b", url,
        ])
        #expect(unknownTarget.status == 1)
        #expect(
            unknownTarget.stderr
                == "No environment named 'staging' exists (broker \(url)). The environments are: production, qa, test.\n"
        )

        let unreachable = try await Self.pactum(["list-pacticipants", "-b", "http://127.0.0.1:1", "--retries", "0"])
        #expect(unreachable.status == 3)
        #expect(unreachable.stderr.hasPrefix("Could not reach the Pact broker: GET http://127.0.0.1:1/ failed: "))

        let noURL = try await Self.pactum(["list-pacticipants"])
        #expect(noURL.status == 64)
        #expect(noURL.stderr.contains("Give the broker's URL: --broker-base-url URL (or PACT_BROKER_BASE_URL)."))

        let missingFile = try await Self.pactum([
            "publish", folder.appendingPathComponent("nope.json").path, "-a", "1", "-b", url,
        ])
        #expect(missingFile.status == 1)
        #expect(
            missingFile.stderr == "The pact file \(folder.appendingPathComponent("nope.json").path) does not exist.\n"
        )
    }
}

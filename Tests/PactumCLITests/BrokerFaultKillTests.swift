import Foundation
import PactumCore
import PactumTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `pactum broker serve` as a child process, waited for without blocking a thread.
final class BrokerProcess: Sendable {
    let child: ChildProcess

    init(arguments: [String]) throws {
        child = try ChildProcess(
            try StubCommandTests.pactum().path,
            ["broker", "serve", "--port", "0"] + arguments,
            environment: ["NO_COLOR": "1"]
        )
    }

    var text: String { child.text }

    /// The port from the "listening" line (bounded wait).
    func port() async throws -> Int {
        let marker = "Pactum broker listening on http://127.0.0.1:"
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, child.isRunning {
            if let range = text.range(of: marker), let port = Int(text[range.upperBound...].prefix(while: \.isNumber)) {
                return port
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw StubProcess.Failure(description: "the broker did not report its port within 30 s; its output:\n\(text)")
    }
}

/// What the publishing clients were told.
actor KillLoad {
    struct Publication: Sendable {
        var consumer: String
        var version: String
        var description: String
    }

    private(set) var stopped = false
    private(set) var attempted: [Publication] = []
    private(set) var acknowledged: [Publication] = []
    /// Answers other than 200 while the broker ran (a 5xx, a 4xx).
    private(set) var refused: [String] = []
    private(set) var unanswered = 0

    func stop() { stopped = true }
    func attempt(_ item: Publication) { attempted.append(item) }
    func acknowledge(_ item: Publication) { acknowledged.append(item) }
    func refuse(_ text: String) { refused.append(text) }
    func noAnswer() { unanswered += 1 }
}

/// `pactum broker serve` killed with SIGKILL in the middle of a publishing load (16 clients) and started again on the
/// same database (SQLite file, PostgreSQL): every publication that was acknowledged is there with its content, every
/// other one is either whole or absent (a version never exists without its pact), the counts agree, and the broker
/// carries on.
@Suite("Faults: the broker process killed under load")
struct BrokerFaultKillTests {
    enum Engine: String, CaseIterable, Sendable { case sqlite, postgres }

    static let provider = "KillProvider"

    static func publishBody(_ item: KillLoad.Publication) -> [UInt8] {
        let pact: JSONValue = [
            "consumer": ["name": .string(item.consumer)],
            "provider": ["name": .string(provider)],
            "interactions": [
                [
                    "description": .string(item.description),
                    "request": ["method": "GET", "path": "/items"],
                    "response": ["status": 200],
                ]
            ],
            "metadata": ["pactSpecification": ["version": "3.0.0"]],
        ]
        let body: JSONValue = [
            "pacticipantName": .string(item.consumer),
            "pacticipantVersionNumber": .string(item.version),
            "branch": "main",
            "contracts": [
                [
                    "consumerName": .string(item.consumer), "providerName": .string(provider),
                    "specification": "pact", "contentType": "application/json",
                    "content": .string(Data(JSONWriter.compact(pact).utf8).base64EncodedString()),
                ]
            ],
        ]
        return Array(JSONWriter.compact(body).utf8)
    }

    static func publish(_ item: KillLoad.Publication, port: Int) async throws -> LoopbackHTTPClient.Response {
        try await LoopbackHTTPClient.sendAsync(
            method: "POST",
            port: port,
            target: "/contracts/publish",
            headers: [("Content-Type", "application/json")],
            body: publishBody(item),
            timeout: 20
        )
    }

    static func client(_ client: Int, port: Int, load: KillLoad) async {
        var iteration = 0
        while await !load.stopped {
            iteration += 1
            let item = KillLoad.Publication(
                consumer: "KillConsumer\(client % 4)",
                version: "c\(client)-i\(iteration)",
                description: "request \(iteration) of client \(client)"
            )
            await load.attempt(item)
            do {
                let answer = try await publish(item, port: port)
                if answer.status == 200 {
                    await load.acknowledge(item)
                } else {
                    await load.refuse(
                        "\(item.version): \(answer.status) \(String(decoding: answer.body, as: UTF8.self))"
                    )
                }
            } catch {
                // Killed: the connection was refused or cut. Such a publication may or may not be stored.
                await load.noAnswer()
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    static func get(_ port: Int, _ target: String) async throws -> LoopbackHTTPClient.Response {
        try await LoopbackHTTPClient.sendAsync(method: "GET", port: port, target: target, timeout: 20)
    }

    /// A database for the broker: an SQLite file in a new folder, or a new PostgreSQL database (dropped by `cleanUp`).
    static func database(_ engine: Engine) async throws -> (url: String, cleanUp: @Sendable () async -> Void) {
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pactum-kill-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return (
                "sqlite://\(folder.appendingPathComponent("broker.sqlite").path)",
                { try? FileManager.default.removeItem(at: folder) }
            )
        case .postgres:
            guard let server = ProcessInfo.processInfo.environment["PACTUM_TEST_POSTGRES_URL"], !server.isEmpty,
                var components = URLComponents(string: server)
            else {
                throw StubProcess.Failure(
                    description:
                        "PACTUM_TEST_POSTGRES_URL is not set: run `export PACTUM_TEST_POSTGRES_URL=$(./scripts/postgres.sh)` "
                        + "(it starts a local PostgreSQL server) and run the tests again"
                )
            }
            let name = "kill_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            components.query = "sslmode=disable"
            let admin = components.string ?? server
            try await psql(admin, "CREATE DATABASE \(name)")
            components.path = "/\(name)"
            components.query = "tlsmode=disable"
            return (
                components.string ?? server, { try? await psql(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
            )
        }
    }

    /// Runs one SQL command with `psql` (PATH, or /usr/lib/postgresql/*/bin).
    static func psql(_ url: String, _ command: String) async throws {
        let candidates =
            ["/usr/bin/psql", "/usr/local/bin/psql"]
            + ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).map {
                "/usr/lib/postgresql/\($0)/bin/psql"
            }
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw StubProcess.Failure(
                description: "psql was not found: run ./scripts/postgres.sh (it installs PostgreSQL)"
            )
        }
        try await ChildProcess.run(executable, [url, "-v", "ON_ERROR_STOP=1", "-qc", command], seconds: 60)
    }

    @Test(arguments: Engine.allCases)
    func everyAcknowledgedPublicationSurvivesSIGKILLAndNothingIsHalfWritten(engine: Engine) async throws {
        let (url, cleanUp) = try await Self.database(engine)
        do {
            try await Self.killUnderLoad(url: url)
        } catch {
            await cleanUp()
            throw error
        }
        await cleanUp()
    }

    static func killUnderLoad(url: String) async throws {
        let first = try BrokerProcess(arguments: ["--database-url", url])
        let firstPort = try await first.port()
        let load = KillLoad()
        var ending: ChildProcess.Ending?
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<16 { group.addTask { await Self.client(client, port: firstPort, load: load) } }
            // Kill in the middle of the load: after 40 acknowledged publications, with requests in flight.
            let deadline = ContinuousClock.now + .seconds(60)
            while await load.acknowledged.count < 40, ContinuousClock.now < deadline, first.child.isRunning {
                try? await Task.sleep(for: .milliseconds(20))
            }
            first.child.signal(SIGKILL)
            ending = await first.child.wait(seconds: 15)
            // Let the clients meet the dead broker for a moment, then stop them.
            try? await Task.sleep(for: .milliseconds(300))
            await load.stop()
        }
        #expect(ending == .signalled(SIGKILL), "killed by SIGKILL:\n\(first.text)")
        let acknowledged = await load.acknowledged
        let attempted = await load.attempted
        let refused = await load.refused
        #expect(acknowledged.count >= 40, "the load ran before the kill: \(first.text.suffix(2000))")
        #expect(refused.isEmpty, "answers other than 200 before the kill: \(refused.prefix(5))")

        // Started again on the same database.
        let second = try BrokerProcess(arguments: ["--database-url", url])
        let port = try await second.port()
        let acknowledgedVersions = Set(acknowledged.map(\.version))
        var problems: [String] = []
        var present = 0
        for item in attempted {
            let pact = try await Self.get(
                port,
                "/pacts/provider/\(Self.provider)/consumer/\(item.consumer)/version/\(item.version)"
            )
            let version = try await Self.get(port, "/pacticipants/\(item.consumer)/versions/\(item.version)")
            let document = try? JSONParser.parse(bytes: pact.body)
            let whole =
                pact.status == 200
                && document?["interactions"]?.arrayValue?.first?["description"]?.stringValue == item.description
            if whole { present += 1 }
            if acknowledgedVersions.contains(item.version), !whole {
                problems.append("acknowledged \(item.consumer) \(item.version) is lost or changed: \(pact.status)")
            }
            if version.status == 200, !whole {
                problems.append("\(item.consumer) \(item.version) is half-written: version stored, pact \(pact.status)")
            }
            if ![200, 404].contains(pact.status) || ![200, 404].contains(version.status) {
                problems.append("\(item.version): reading back answered \(pact.status) / \(version.status)")
            }
        }
        let metrics = String(decoding: try await Self.get(port, "/metrics").body, as: UTF8.self)
        for name in ["pactum_broker_pact_publications", "pactum_broker_versions"] {
            let line = metrics.split(separator: "\n").first { $0.hasPrefix(name + " ") }
            let value = line.flatMap { Double($0.split(separator: " ").last ?? "") }
            if value != Double(present) {
                problems.append("\(name) is \(value.map { "\(Int($0))" } ?? "missing"), \(present) read back")
            }
        }
        print(
            "FAULT SIGKILL (\(url.hasPrefix("sqlite") ? "SQLite" : "PostgreSQL")): \(attempted.count) publications "
                + "attempted, \(acknowledged.count) acknowledged, \(present) stored after the restart, "
                + "\(problems.count) problems"
        )
        #expect(problems.isEmpty, "\(problems.count) problems, first: \(problems.prefix(10))")
        #expect(present >= acknowledged.count)

        // It carries on.
        let next = KillLoad.Publication(consumer: "KillConsumer0", version: "after-restart", description: "after")
        let answer = try await Self.publish(next, port: port)
        #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
        await second.child.stop(signal: SIGINT)
    }

    @Test func aReadOnlyDatabaseFileStopsTheBrokerAtStartUpWithAClearMessage() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pactum-readonly-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("broker.sqlite").path
        // A broker creates the database, then the file is made read-only.
        let creator = try BrokerProcess(arguments: ["--database-url", "sqlite://\(path)"])
        _ = try await creator.port()
        await creator.child.stop(signal: SIGINT)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)

        let broker = try BrokerProcess(arguments: ["--database-url", "sqlite://\(path)"])
        let ending = await broker.child.wait(seconds: 30)
        #expect(ending != nil && ending != .exited(0), "the broker must stop: \(broker.text)")
        #expect(broker.text.contains("The database (sqlite://\(path)) is read-only"), "\(broker.text)")
        #expect(broker.text.contains("the file \(path) is not writable (mode 444)"), "\(broker.text)")
        #expect(broker.text.contains("Make the database file and its folder writable"), "\(broker.text)")
        await broker.child.stop(signal: SIGKILL)
    }
}

import Foundation
import PactumCore
import PactumTestSupport
import Testing

/// `pactum stub` loading pacts from URLs and a real broker (`pactum broker serve` with basic auth), and reloading
/// changed files with `--watch`.
@Suite("pactum stub: URLs, brokers and --watch")
struct StubSourcesCommandTests {
    static func pact(consumer: String = "App", title: String) -> String {
        """
        {"consumer":{"name":"\(consumer)"},"provider":{"name":"Bookshelf"},
         "interactions":[{"description":"a request for books","request":{"method":"GET","path":"/books"},
           "response":{"status":200,"headers":{"Content-Type":"application/json"},"body":[{"title":"\(title)"}]}}],
         "metadata":{"pactSpecification":{"version":"3.0.0"}}}
        """
    }

    /// `pactum broker serve` on a free port, an in-memory database and basic auth `ci`/`secret`.
    static func startBroker() async throws -> (StubProcess, url: String) {
        let broker = try StubProcess(
            executable: try StubCommandTests.pactum(),
            arguments: [
                "broker", "serve", "--port", "0", "--database-url", "sqlite::memory:",
                "--basic-auth-username", "ci", "--basic-auth-password", "secret",
            ]
        )
        let port = try await broker.port(after: "listening on http://127.0.0.1:")
        return (broker, "http://127.0.0.1:\(port)")
    }

    /// Publishes `pact` as `version` of its consumer on `branch`.
    static func publish(_ pact: String, version: String, branch: String, broker: String) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stub-pub-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(pact.utf8).write(to: folder.appendingPathComponent("App-Bookshelf.json"))
        let published = try await BrokerClientCommandTests.pactum([
            "publish", folder.path, "-a", version, "--branch", branch, "-b", broker, "-u", "ci", "-p", "secret",
        ])
        #expect(published.status == 0, "\(published.stdout)\(published.stderr)")
    }

    /// The titles `GET /books` answers on the stub's port.
    static func titles(port: Int) async throws -> [String] {
        let response = try await LoopbackHTTPClient.sendAsync(method: "GET", port: port, target: "/books")
        guard response.status == 200 else { return ["status \(response.status)"] }
        let json = try JSONParser.parse(Data(response.body))
        return (json.arrayValue ?? []).compactMap { $0["title"]?.stringValue }
    }

    @Test func servesTheLatestPactsOfABrokerWithBasicAuth() async throws {
        let (broker, url) = try await Self.startBroker()
        defer { broker.stop() }
        try await Self.publish(Self.pact(title: "Dune"), version: "1.0.0", branch: "main", broker: url)

        let (stub, port) = try await StubCommandTests.pactumStub([
            "-b", url, "--user", "ci:secret", "--provider-name", "Book.*", "--consumer-name", "^App$", "-p", "0",
        ])
        defer { stub.stop() }
        #expect(try await Self.titles(port: port) == ["Dune"])
        #expect(stub.stdout.contains("(1 pacts, 1 interactions)"), "\(stub.stdout)")

        // A filter no pact passes: the stub serves nothing (and says so).
        let (empty, emptyPort) = try await StubCommandTests.pactumStub([
            "-b", url, "--user", "ci:secret", "--consumer-name", "^Other$", "-p", "0",
        ])
        defer { empty.stop() }
        #expect(try await Self.titles(port: emptyPort) == ["status 404"])
    }

    @Test func withoutCredentialsTheBrokerRefusesAndTheStubExitsWithThree() async throws {
        let (broker, url) = try await Self.startBroker()
        defer { broker.stop() }
        let stub = try StubProcess(executable: try StubCommandTests.pactum(), arguments: ["stub", "-b", url])
        let status = await stub.waitForExit(within: 30)
        #expect(status == 3)
        #expect(stub.stderr.contains("error: There were errors loading the pact files:"), "\(stub.stderr)")
        #expect(stub.stderr.contains("401"), "\(stub.stderr)")
    }

    @Test func consumerVersionSelectorsPickThePactsOfOneProvider() async throws {
        let (broker, url) = try await Self.startBroker()
        defer { broker.stop() }
        try await Self.publish(Self.pact(title: "Dune"), version: "1.0.0", branch: "main", broker: url)
        try await Self.publish(Self.pact(title: "Foundation"), version: "2.0.0", branch: "feature", broker: url)

        let (main, mainPort) = try await StubCommandTests.pactumStub([
            "-b", url, "--user", "ci:secret", "--provider-name", "Bookshelf",
            "--consumer-version-selectors", #"{"branch": "main"}"#, "-p", "0",
        ])
        defer { main.stop() }
        #expect(try await Self.titles(port: mainPort) == ["Dune"])

        let (feature, featurePort) = try await StubCommandTests.pactumStub([
            "-b", url, "--user", "ci:secret", "--provider-name", "Bookshelf",
            "--consumer-version-selectors", #"{"branch": "feature"}"#, "-p", "0",
        ])
        defer { feature.stop() }
        #expect(try await Self.titles(port: featurePort) == ["Foundation"])
    }

    @Test func fetchesAPactFromAURLWithCredentials() async throws {
        let (broker, url) = try await Self.startBroker()
        defer { broker.stop() }
        try await Self.publish(Self.pact(title: "Dune"), version: "1.0.0", branch: "main", broker: url)
        let pactURL = "\(url)/pacts/provider/Bookshelf/consumer/App/version/1.0.0"

        let (stub, port) = try await StubCommandTests.pactumStub(["-u", pactURL, "--user", "ci:secret", "-p", "0"])
        defer { stub.stop() }
        #expect(try await Self.titles(port: port) == ["Dune"])

        let refused = try StubProcess(
            executable: try StubCommandTests.pactum(),
            arguments: ["stub", "-u", pactURL, "--token", "not-a-token"]
        )
        #expect(await refused.waitForExit(within: 30) == 3)
        #expect(refused.stderr.contains(pactURL), "names the URL: \(refused.stderr)")
    }

    @Test func optionsThatCannotWorkTogetherAreRefused() async throws {
        for (arguments, message) in [
            (["-u", "http://127.0.0.1:1/p", "--user", "ci"], "is not in user:password form"),
            (["-f", "x.json", "--consumer-version-selectors", #"{"mainBranch": true}"#], "give the broker with -b"),
            (
                ["-b", "http://127.0.0.1:1", "--consumer-version-selectors", #"{"mainBranch": true}"#],
                "exactly one --provider-name"
            ),
            (["-u", "http://127.0.0.1:1/p", "--watch"], "--watch reloads pact files and folders"),
        ] {
            let stub = try StubProcess(executable: try StubCommandTests.pactum(), arguments: ["stub"] + arguments)
            #expect(await stub.waitForExit(within: 30) == 64, "\(arguments)")
            #expect(stub.stderr.contains(message), "\(arguments): \(stub.stderr)")
        }
    }

    @Test func watchReloadsAChangedFileWithoutARestart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stub-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("App-Bookshelf.json")
        try Data(Self.pact(title: "Dune").utf8).write(to: file)

        let (stub, port) = try await StubCommandTests.pactumStub(["-d", folder.path, "--watch", "-p", "0"])
        defer { stub.stop() }
        #expect(try await Self.titles(port: port) == ["Dune"])

        // A broken file: the stub says why and keeps serving what it had.
        try Data("{not json".utf8).write(to: file)
        try await Self.waitFor { stub.stderr.contains("could not be reloaded") }
        #expect(try await Self.titles(port: port) == ["Dune"])
        #expect(stub.stderr.contains(file.path), "\(stub.stderr)")

        try Data(Self.pact(title: "Foundation").utf8).write(to: file)
        try await Self.waitFor { stub.stdout.contains("Reloaded the pact files: 1 pacts, 1 interactions") }
        #expect(try await Self.titles(port: port) == ["Foundation"])
        #expect(stub.process.isRunning)
    }

    /// Polls `condition` for at most 10 seconds.
    static func waitFor(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        try #require(condition())
    }
}

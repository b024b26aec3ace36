import Foundation
import PactumBrokerClient
import PactumCore
import PactumTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct ParityFailure: Error, CustomStringConvertible {
    var description: String
}

/// The official `pact broker` client and PactumBrokerClient send the same requests: both run against the same
/// recording server and their request lines (and bodies) are compared.
@Suite("BrokerClient sends what the official pact broker client sends")
struct OfficialClientParityTests {
    /// Runs the official `pact broker arguments…` to completion (bounded) and returns its exit status.
    static func official(_ arguments: [String]) async throws -> Int32 {
        let process = Process()
        process.executableURL = try PactCLI.executable()
        process.arguments = ["broker"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PACT_BROKER_") }
        try process.run()
        for _ in 0..<1500 where process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw BrokerClientError(
                code: .connection,
                url: "",
                message: "pact broker \(arguments.joined(separator: " ")) did not finish within 30 s"
            )
        }
        return process.terminationStatus
    }

    static let handler: RecordingServer.Handler = { request, base in
        switch (request.method, request.uri.split(separator: "?").first.map(String.init) ?? "") {
        case ("GET", "/"):
            return .json(
                #"{"_links":{"pb:publish-contracts":{"href":"\#(base)/contracts/publish"},"pb:pacticipant":{"href":"\#(base)/pacticipants/{pacticipant}","templated":true},"pb:pacticipants":{"href":"\#(base)/pacticipants"},"pb:environments":{"href":"\#(base)/environments"}}}"#
            )
        case ("GET", "/matrix"):
            return .json(#"{"summary":{"deployable":true,"reason":"ok"},"notices":[],"matrix":[]}"#)
        case ("GET", "/pacticipants/Foo/versions/1"):
            return .json(
                #"{"number":"1","_links":{"pb:record-deployment":[{"name":"test","href":"\#(base)/pacticipants/Foo/versions/1/deployed-versions/environment/e1"}],"pb:record-release":[{"name":"test","href":"\#(base)/pacticipants/Foo/versions/1/released-versions/environment/e1"}]}}"#
            )
        case ("POST", _), ("PUT", _):
            return .json(201, #"{"notices":[],"_embedded":{},"_links":{}}"#)
        default:
            return .json(404, #"{"error":"not found"}"#)
        }
    }

    /// The requests the official client and `body` each send (index requests aside when `ignoringIndex`).
    /// The official client must succeed (exit 0): a run that failed half-way (a connection error, an answer it did
    /// not understand) would leave fewer requests to compare, or none.
    static func compare(
        official arguments: [String],
        ignoringIndex: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: @escaping @Sendable (BrokerClient) async throws -> Void
    ) async throws -> (official: [RecordingServer.Request], pactum: [RecordingServer.Request]) {
        let officialRequests = try await RecordingServer.with(handler) { server in
            let status = try await official(arguments + ["--broker-base-url", server.baseURL])
            #expect(
                status == 0,
                "pact broker \(arguments.joined(separator: " ")) exited with \(status)",
                sourceLocation: sourceLocation
            )
            return server.requests
        }
        let pactumRequests = try await RecordingServer.with(handler) { server in
            try await body(BrokerClient(configuration: .init(baseURL: server.baseURL, retries: 0)))
            return server.requests
        }
        func relevant(_ requests: [RecordingServer.Request]) -> [RecordingServer.Request] {
            ignoringIndex ? requests.filter { $0.line != "GET /" } : requests
        }
        return (relevant(officialRequests), relevant(pactumRequests))
    }

    @Test(
        "can-i-deploy and can-i-merge: the same /matrix query strings",
        arguments: [
            ["can-i-deploy", "-a", "Foo", "-e", "1", "--to-environment", "test"],
            ["can-i-deploy", "-a", "Foo", "-e", "1", "-a", "Bar", "--latest", "prod"],
            ["can-i-deploy", "-a", "Foo Bar", "-e", "1.0+x", "--to", "prod", "--ignore", "Baz"],
            ["can-i-merge", "-a", "Foo", "-e", "1"],
        ]
    )
    func matrixQueries(arguments: [String]) async throws {
        let query: PactumBrokerClient.MatrixQuery
        switch arguments {
        case _ where arguments.contains("--to-environment"):
            query = .init(selectors: [.init(pacticipant: "Foo", version: "1")], destination: .environment("test"))
        case _ where arguments.contains("--latest"):
            query = .init(
                selectors: [
                    .init(pacticipant: "Foo", version: "1"), .init(pacticipant: "Bar", latest: true, tag: "prod"),
                ]
            )
        case _ where arguments.contains("--to"):
            query = .init(
                selectors: [.init(pacticipant: "Foo Bar", version: "1.0+x")],
                destination: .tag("prod"),
                ignore: [.init(pacticipant: "Baz")]
            )
        default:
            query = .init(selectors: [.init(pacticipant: "Foo", version: "1")], destination: .mainBranch)
        }
        let (official, pactum) = try await Self.compare(official: arguments) { client in
            _ = try await client.canIDeploy(query)
        }
        #expect(official.map(\.line).count == 1)
        // The official client sends the brackets bare, Pactum encoded: the same query once decoded.
        #expect(pactum.map(\.line.removingPercentEncoding) == official.map(\.line.removingPercentEncoding))
        #expect(pactum.allSatisfy { !$0.uri.contains("%25") })
    }

    @Test("publish: GET / then one POST /contracts/publish with the same fields")
    func publish() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("Foo-Bar.json")
        let pact = BrokerClientBrokerTests.pact(consumer: "Foo", provider: "Bar")
        try Data(pact.utf8).write(to: file)
        let (official, pactum) = try await Self.compare(
            official: [
                "publish", file.path, "-a", "1", "--branch", "main", "--tag", "t1", "--build-url", "https://ci/1",
            ]
        ) { client in
            let contract = try ContractPublication.Contract(pactText: pact)
            try await client.publish(
                .init(
                    pacticipantName: "Foo",
                    version: "1",
                    branch: "main",
                    tags: ["t1"],
                    buildURL: "https://ci/1",
                    contracts: [contract]
                )
            )
        }
        #expect(pactum.map(\.line) == official.map(\.line))
        #expect(official.map(\.line) == ["GET /", "POST /contracts/publish"])
        // Each body must be a publication with one contract that has content; the content (base64 of the pact as
        // each client formats it) is left out of the comparison.
        func withoutContent(_ body: String, of client: String) throws -> JSONValue {
            guard case .object(var object) = try JSONParser.parse(body),
                case .array(let contracts) = object["contracts"] ?? .null,
                contracts.count == 1,
                case .object(var fields) = contracts[0],
                case .string(let content) = fields["content"] ?? .null,
                !content.isEmpty
            else {
                throw ParityFailure(description: "\(client)'s publication is not one contract with content: \(body)")
            }
            fields["content"] = nil
            object["contracts"] = .array([.object(fields)])
            return .object(object)
        }
        let pactumBody = try withoutContent(pactum[1].body, of: "Pactum")
        let officialBody = try withoutContent(official[1].body, of: "the official client")
        #expect(pactumBody == officialBody)
        #expect(officialBody["pacticipantName"] == "Foo")
        #expect(pactum[1].header("Content-Type") == official[1].header("Content-Type"))
    }

    @Test("create-environment and create-or-update-pacticipant (new): the same requests and bodies")
    func environmentAndPacticipant() async throws {
        func bodies(_ requests: [RecordingServer.Request]) throws -> [JSONValue] {
            try requests.map { try JSONParser.parse($0.body.isEmpty ? "null" : $0.body) }
        }
        let environment = try await Self.compare(
            official: [
                "create-environment", "--name", "uat", "--display-name", "UAT", "--production", "--contact-name", "Ops",
                "--contact-email-address", "ops@example.com",
            ]
        ) { client in
            try await client.createEnvironment(
                .init(
                    name: "uat",
                    displayName: "UAT",
                    production: true,
                    contactName: "Ops",
                    contactEmailAddress: "ops@example.com"
                )
            )
        }
        #expect(environment.official.map(\.line) == ["GET /", "POST /environments"])
        #expect(environment.pactum.map(\.line) == environment.official.map(\.line))
        #expect(try bodies(environment.pactum) == bodies(environment.official))
        // Not two empty bodies: the official client sent the environment.
        let sentEnvironment = try bodies(environment.official).last
        #expect(sentEnvironment?["name"] == "uat" && sentEnvironment?["production"] == true)

        // The official client reads the index twice; Pactum once.
        let pacticipant = try await Self.compare(
            official: [
                "create-or-update-pacticipant", "--name", "Foo", "--display-name", "The Foo", "--main-branch", "main",
                "--repository-url", "https://git.example.com/foo",
            ],
            ignoringIndex: true
        ) { client in
            _ = try await client.createOrUpdatePacticipant(
                name: "Foo",
                displayName: "The Foo",
                mainBranch: "main",
                repositoryURL: "https://git.example.com/foo"
            )
        }
        #expect(pacticipant.official.map(\.line) == ["GET /pacticipants/Foo", "POST /pacticipants"])
        #expect(pacticipant.pactum.map(\.line) == pacticipant.official.map(\.line))
        #expect(try bodies(pacticipant.pactum) == bodies(pacticipant.official))
        let sentPacticipant = try bodies(pacticipant.official).last
        #expect(sentPacticipant?["name"] == "Foo" && sentPacticipant?["mainBranch"] == "main")
    }

    @Test("record-deployment and record-release: the version, then a POST to the environment's link")
    func deploymentAndRelease() async throws {
        let deployment = try await Self.compare(
            official: [
                "record-deployment", "-a", "Foo", "-e", "1", "--environment", "test", "--application-instance", "blue",
            ]
        ) { client in
            try await client.recordDeployment(
                pacticipant: "Foo",
                version: "1",
                environment: "test",
                applicationInstance: "blue"
            )
        }
        #expect(deployment.pactum.map(\.line) == deployment.official.map(\.line))
        #expect(deployment.official.count == 2)
        #expect(
            try deployment.pactum.map { try JSONParser.parse($0.body.isEmpty ? "null" : $0.body) }
                == deployment.official.map { try JSONParser.parse($0.body.isEmpty ? "null" : $0.body) }
        )
        // Not two empty bodies: the official client named the application instance.
        let sentDeployment = try deployment.official.last.map { try JSONParser.parse($0.body) }
        #expect(sentDeployment?["applicationInstance"] == "blue")
        let release = try await Self.compare(
            official: ["record-release", "-a", "Foo", "-e", "1", "--environment", "test"]
        ) { client in
            try await client.recordRelease(pacticipant: "Foo", version: "1", environment: "test")
        }
        #expect(release.pactum.map(\.line) == release.official.map(\.line))
        #expect(release.official.count == 2)
    }
}

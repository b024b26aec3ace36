import Foundation
import PactumCore
import Testing

@testable import PactumBroker

/// Pact collections by branch (`/pacts/provider/{P}[/consumer/{C}]/branch[/{b}][/latest]`), provider states by
/// branch and environment, and automatic main branches, over HTTP on both engines and with the official CLI.
@Suite struct PactCollectionAPITests {
    typealias Client = BrokerHTTPTestClient

    /// Web (main: 1, 2; feature-x: 3) and Mobile (master: 10; feature-x: 11) → Backend.
    static func seed(_ client: Client) async throws {
        try await client.publish(
            Client.pact("Web", "Backend", interactions: [("get items", "items exist", 200)]),
            version: "1",
            branch: "main"
        )
        try await client.publish(
            Client.pact("Web", "Backend", interactions: [("get items", "items exist", 200), ("no items", nil, 404)]),
            version: "2",
            branch: "main"
        )
        try await client.publish(
            Client.pact("Web", "Backend", interactions: [("get items", "an admin is logged in", 200)]),
            version: "3",
            branch: "feature-x"
        )
        try await client.publish(
            Client.pact("Mobile", "Backend", interactions: [("list", "items exist", 200)]),
            version: "10",
            branch: "master"
        )
        try await client.publish(
            Client.pact("Mobile", "Backend", interactions: [("list", "mobile state", 200)]),
            version: "11",
            branch: "feature-x"
        )
    }

    /// `(consumer, version)` of each `_links.pb:pacts[]`, checking `_embedded.pacts[]` says the same.
    static func pacts(_ body: JSONValue) -> [String] {
        let links = body["_links"]?["pb:pacts"]?.arrayValue ?? []
        let embedded = body["_embedded"]?["pacts"]?.arrayValue ?? []
        #expect(links.count == embedded.count)
        return links.map { link in
            let href = link["href"]?.stringValue ?? ""
            return "\(link["name"]?.stringValue ?? "?") \(href.split(separator: "/").last.map(String.init) ?? "")"
        }
    }

    @Test(arguments: BrokerTestEngine.allCases)
    func branchCollections(engine: BrokerTestEngine) async throws {
        try await engine.withTestBroker { broker in
            let client = Client(broker)
            try await Self.seed(client)
            let base = "/pacts/provider/Backend"
            #expect(Self.pacts(try await client.getJSON(base + "/consumer/Web/branch")) == ["Web 2", "Web 1"])
            #expect(Self.pacts(try await client.getJSON(base + "/consumer/Web/branch/latest")) == ["Web 2"])
            #expect(Self.pacts(try await client.getJSON(base + "/consumer/Web/branch/feature-x")) == ["Web 3"])
            #expect(Self.pacts(try await client.getJSON(base + "/branch")) == ["Mobile 10", "Web 2", "Web 1"])
            #expect(Self.pacts(try await client.getJSON(base + "/branch/latest")) == ["Mobile 10", "Web 2"])
            #expect(Self.pacts(try await client.getJSON(base + "/branch/feature-x")) == ["Mobile 11", "Web 3"])
            #expect(Self.pacts(try await client.getJSON(base + "/branch/feature-x/latest")) == ["Mobile 11", "Web 3"])
            #expect(Self.pacts(try await client.getJSON(base + "/branch/nothing-here")) == [])
            let titled = try await client.getJSON(base + "/consumer/Web/branch")
            #expect(
                titled["_links"]?["self"]?["title"]?.stringValue
                    == "All versions of the pact between Web and Backend from the main branch"
            )
            let first = titled["_embedded"]?["pacts"]?[0]
            #expect(first?["_embedded"]?["consumerVersion"]?["number"]?.stringValue == "2")
            // The latest pact of one consumer branch is the pact document itself.
            let pact = try await client.getJSON(base + "/consumer/Web/branch/feature-x/latest")
            #expect(pact["interactions"]?[0]?["providerStates"]?[0]?["name"]?.stringValue == "an admin is logged in")

            let unknownProvider = try await client.send("GET", "/pacts/provider/Nobody/branch")
            #expect(unknownProvider.status == 404)
            #expect(unknownProvider.errorMessage == "No provider with name 'Nobody' found")
            let unknownConsumer = try await client.send("GET", base + "/consumer/Nobody/branch/main")
            #expect(unknownConsumer.status == 404)
            #expect(unknownConsumer.errorMessage == "No consumer with name 'Nobody' found")
        }
    }

    @Test(arguments: BrokerTestEngine.allCases)
    func officialGetPacts(engine: BrokerTestEngine) async throws {
        try await engine.withTestBroker { broker in
            try await Self.seed(Client(broker))
            let latest = try await OfficialBrokerCLI.succeed([
                "broker", "get-pacts", "--provider", "Backend", "--consumer", "Web", "--latest", "-b", broker.url,
            ])
            #expect(latest.contains("Pact between Web (2) and Backend"))
            #expect(!latest.contains("Pact between Web (1) and Backend"))
            let branch = try await OfficialBrokerCLI.succeed([
                "broker", "get-pacts", "--provider", "Backend", "--branch", "feature-x", "-b", broker.url,
            ])
            #expect(branch.contains("Pact between Web (3) and Backend"))
            #expect(branch.contains("Pact between Mobile (11) and Backend"))
            #expect(!branch.contains("Pact between Web (2) and Backend"))
            let json = try await OfficialBrokerCLI.succeed([
                "broker", "get-pacts", "--provider", "Backend", "--consumer", "Web", "--branch", "main", "-o", "json",
                "-b", broker.url,
            ])
            let parsed = try JSONParser.parse(json)
            #expect(parsed["pacts"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Web", "Web"])
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("get-pacts-\(UUID())")
            defer { try? FileManager.default.removeItem(at: directory) }
            try await OfficialBrokerCLI.succeed([
                "broker", "get-pacts", "--provider", "Backend", "--latest", "--download", "--download-dir",
                directory.path, "-b", broker.url,
            ])
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            #expect(files == ["Mobile-Backend-10.json", "Web-Backend-2.json"])
        }
    }

    @Test(arguments: BrokerTestEngine.allCases)
    func providerStatesByBranchAndEnvironment(engine: BrokerTestEngine) async throws {
        try await engine.withTestBroker { broker in
            let client = Client(broker)
            try await Self.seed(client)
            func names(_ path: String) async throws -> [String] {
                let body = try await client.getJSON("/pacts/provider/Backend/provider-states" + path)
                return (body["providerStates"]?.arrayValue ?? []).map { state in
                    let consumers = (state["consumers"]?.arrayValue ?? []).compactMap(\.stringValue)
                    return "\(state["name"]?.stringValue ?? "?") <- \(consumers.joined(separator: ","))"
                }
            }
            // Main branches: Web 2 and Mobile 10.
            #expect(try await names("") == ["items exist <- Mobile,Web"])
            #expect(try await names("/branch/feature-x") == ["an admin is logged in <- Web", "mobile state <- Mobile"])
            #expect(try await names("/branch/none") == [])
            let created = try await client.send(
                "POST",
                "/environments",
                body: #"{"name": "production", "production": true}"#
            )
            #expect(created.status == 201)
            let versions = try await client.getJSON("/pacticipants/Web/versions/3")
            let record = versions["_links"]?["pb:record-deployment"]?[0]?["href"]?.stringValue ?? ""
            let target = String(record.dropFirst("http://127.0.0.1:\(broker.port)".count))
            let deployed = try await client.send("POST", target, body: "{}")
            #expect(deployed.status == 201)
            #expect(try await names("/environment/production") == ["an admin is logged in <- Web"])
            let params = try await client.getJSON("/pacts/provider/Backend/provider-states/environment/production")
            #expect(params["providerStates"]?[0]?["params"] == ["id": 1])
            let missing = try await client.send("GET", "/pacts/provider/Backend/provider-states/environment/mars")
            #expect(missing.status == 404)
            #expect(missing.errorMessage == "No environment with name 'mars' found")

            let listed = try await OfficialBrokerCLI.succeed([
                "broker", "provider-states", "list", "--provider", "Backend", "--branch", "feature-x", "-b", broker.url,
            ])
            #expect(listed.contains("an admin is logged in") && listed.contains("mobile state"))
            let inProduction = try await OfficialBrokerCLI.succeed([
                "broker", "provider-states", "list", "--provider", "Backend", "--environment", "production", "-b",
                broker.url,
            ])
            #expect(inProduction.contains("an admin is logged in") && !inProduction.contains("mobile state"))
        }
    }

    @Test(arguments: BrokerTestEngine.allCases)
    func mainBranchIsDetectedFromTheFirstMainLikeBranch(engine: BrokerTestEngine) async throws {
        try await engine.withTestBroker { broker in
            let client = Client(broker)
            func mainBranch(_ name: String) async throws -> String? {
                try await client.getJSON("/pacticipants/" + name)["mainBranch"]?.stringValue
            }
            // A feature branch first: no main branch yet; then develop is taken, and a later main does not replace it.
            try await client.publish(
                Client.pact("A", "P", interactions: [("a", nil, 200)]),
                version: "1",
                branch: "feat"
            )
            #expect(try await mainBranch("A") == nil)
            try await client.publish(
                Client.pact("A", "P", interactions: [("a", nil, 200)]),
                version: "2",
                branch: "develop"
            )
            try await client.publish(
                Client.pact("A", "P", interactions: [("a", nil, 200)]),
                version: "3",
                branch: "main"
            )
            #expect(try await mainBranch("A") == "develop")
            // Branch versions added directly (the verifier's --provider-branch) count too.
            let put = try await client.send("PUT", "/pacticipants/P/branches/master/versions/9", body: "{}")
            #expect(put.status == 201)
            #expect(try await mainBranch("P") == "master")
            // A main branch set explicitly is kept.
            let created = try await client.send("POST", "/pacticipants", body: #"{"name": "B", "mainBranch": "trunk"}"#)
            #expect(created.status == 201)
            try await client.publish(
                Client.pact("B", "P", interactions: [("b", nil, 200)]),
                version: "1",
                branch: "main"
            )
            #expect(try await mainBranch("B") == "trunk")
        }
    }
}

import Foundation
import PactumBroker
import PactumBrokerClient
import PactumCore
import Testing

/// The client against a real Pactum broker (in-memory SQLite, random port): a whole release flow.
@Suite("BrokerClient against the Pactum broker")
struct BrokerClientBrokerTests {
    static func pact(consumer: String = "App", provider: String = "Bookshelf", path: String = "/books") -> String {
        """
        {"consumer":{"name":"\(consumer)"},"provider":{"name":"\(provider)"},
         "interactions":[{"description":"a request for books","request":{"method":"GET","path":"\(path)"},
           "response":{"status":200,"body":[{"title":"Dune"}]}}],
         "metadata":{"pactSpecification":{"version":"3.0.0"}}}
        """
    }

    static func publication(version: String, path: String = "/books") throws -> ContractPublication {
        ContractPublication(
            pacticipantName: "App",
            version: version,
            branch: "main",
            tags: ["dev"],
            buildURL: "https://ci.example.com/1",
            contracts: [try .init(pactText: pact(path: path))]
        )
    }

    @Test("publish, pacts for verification, publish a result, deploy, can-i-deploy, versions, tags, releases")
    func releaseFlow() async throws {
        try await withBroker { broker in
            let client = BrokerClient(configuration: .init(baseURL: broker.url, retries: 0))

            let environment = try await client.createEnvironment(
                .init(name: "production", displayName: "Production", production: true, contactName: "Ops")
            )
            let uuid = try #require(environment["uuid"]?.stringValue)
            #expect(try await client.environment(named: "production")["uuid"]?.stringValue == uuid)
            #expect(try await client.environment(uuid: uuid)["displayName"] == "Production")

            let published = try await client.publish(try Self.publication(version: "1.0.0"))
            #expect(published["_embedded"]?["version"]?["number"] == "1.0.0")
            #expect(published["notices"]?.arrayValue?.isEmpty == false)

            let consumer = try await client.createOrUpdatePacticipant(name: "App", mainBranch: "main")
            #expect(!consumer.created)
            let updated = try await client.createOrUpdatePacticipant(name: "Bookshelf", mainBranch: "main")
            #expect(!updated.created)
            #expect(try await client.pacticipant(named: "Bookshelf")?["mainBranch"] == "main")
            #expect(try await client.pacticipant(named: "Nobody") == Optional<JSONValue>.none)
            let names = BrokerClient.pacticipants(in: try await client.listPacticipants()).compactMap {
                $0["name"]?.stringValue
            }
            #expect(Set(names) == ["App", "Bookshelf"])

            let toProduction = PactumBrokerClient.MatrixQuery(
                selectors: [.init(pacticipant: "App", version: "1.0.0")],
                destination: .environment("production")
            )
            #expect(try await client.canIDeploy(toProduction).deployable != true)

            let request = PactumBrokerClient.PactsForVerificationRequest(
                consumerVersionSelectors: [.mainBranch],
                providerVersionBranch: "main",
                includePendingStatus: true
            )
            let pacts = try await client.pactsForVerification(provider: "Bookshelf", request: request)
            try #require(pacts.count == 1)
            #expect(pacts[0].pending)
            #expect(!pacts[0].shortDescription.isEmpty)

            let fetched = try await client.fetchPact(url: pacts[0].url)
            #expect(fetched.consumerName == "App" && fetched.providerName == "Bookshelf")
            #expect(fetched.publishVerificationResultsURL != nil)
            let interactionID = fetched.document["interactions"]?.arrayValue?.first?["_id"]?.stringValue
            let verification = try await client.publishVerificationResult(
                .init(
                    providerVersion: "2.0.0",
                    providerBranch: "main",
                    providerTags: ["prod"],
                    success: true,
                    testResults: [.init(interactionId: interactionID, success: true)]
                ),
                pact: fetched
            )
            // The typed answer: what the broker stored, and where it can be read again.
            #expect(verification.success)
            #expect(verification.providerApplicationVersion == "2.0.0")
            #expect(verification.providerName == "Bookshelf")
            #expect(verification.testResults?.arrayValue?.first?["interactionId"]?.stringValue == interactionID)
            #expect(verification.verifiedBy?["implementation"] == "Pactum")
            let href = try #require(verification.links?.selfLink.href)
            #expect(href.contains("/verification-results/"))
            let readBack = try await client.get(href)
            #expect(try readBack.decode(VerificationResultDocument.self) == verification)
            let provider = try await client.describeVersion(pacticipant: "Bookshelf", version: "2.0.0")
            #expect(provider["number"] == "2.0.0")
            #expect(
                HAL.embedded("tags", in: provider).compactMap { $0["name"]?.stringValue } == ["prod"]
            )

            try await client.recordDeployment(pacticipant: "Bookshelf", version: "2.0.0", environment: "production")
            let answer = try await client.canIDeploy(toProduction)
            #expect(answer.deployable == true, "\(answer.reason)")
            #expect(answer.rows.first?.providerVersion == "2.0.0")

            let again = try await client.pactsForVerification(provider: "Bookshelf", request: request)
            #expect(again.map(\.pending) == [false])
            let latest = try await client.pactsForVerification(provider: "Bookshelf")
            #expect(latest.count == 1)

            try await client.createVersionTags(pacticipant: "App", version: "1.0.0", tags: ["prod"])
            #expect(try await client.describeVersion(pacticipant: "App", latestTag: "prod")["number"] == "1.0.0")
            #expect(try await client.describeVersion(pacticipant: "App")["number"] == "1.0.0")

            try await client.recordRelease(pacticipant: "App", version: "1.0.0", environment: "production")
            let ended = try await client.recordSupportEnded(
                pacticipant: "App",
                version: "1.0.0",
                environment: "production"
            )
            #expect(ended.count == 1)
            let undeployed = try await client.recordUndeployment(pacticipant: "Bookshelf", environment: "production")
            #expect(undeployed.count == 1)
            #expect(undeployed.first?["currentlyDeployed"] == false)

            let latestPacts = try await client.listLatestPactVersions()
            #expect(latestPacts["pacts"]?.arrayValue?.count == 1)
            let branchPact = try await client.getPacts(
                provider: "Bookshelf",
                consumer: "App",
                branch: "main",
                latest: true
            )
            #expect(branchPact["consumer"]?["name"] == "App")
        }
    }

    @Test("errors: unknown environments and versions, a changed pact for a published version")
    func errors() async throws {
        try await withBroker { broker in
            let client = BrokerClient(configuration: .init(baseURL: broker.url, retries: 0))
            try await client.createEnvironment(.init(name: "test"))
            try await client.publish(try Self.publication(version: "1.0.0"))

            let noEnvironment = await #expect(throws: BrokerClientError.self) {
                try await client.recordDeployment(pacticipant: "App", version: "1.0.0", environment: "staging")
            }
            #expect(
                noEnvironment?.description
                    == "No environment named 'staging' exists (broker \(broker.url)/pacticipants/App/versions/1.0.0). The environments are: test."
            )
            let noVersion = await #expect(throws: BrokerClientError.self) {
                try await client.recordDeployment(pacticipant: "App", version: "9", environment: "test")
            }
            #expect(noVersion?.code == .notFound)
            #expect(noVersion?.description.hasPrefix("Version 9 of App does not exist") == true)
            let noTagged = await #expect(throws: BrokerClientError.self) {
                try await client.describeVersion(pacticipant: "App", latestTag: "nope")
            }
            #expect(noTagged?.description.hasPrefix("App has no version with tag nope") == true)
            let notDeployed = await #expect(throws: BrokerClientError.self) {
                try await client.recordUndeployment(pacticipant: "App", environment: "test")
            }
            #expect(notDeployed?.description.hasPrefix("App is not currently deployed to test") == true)

            let conflict = await #expect(throws: BrokerClientError.self) {
                try await client.publish(try Self.publication(version: "1.0.0", path: "/changed"))
            }
            #expect(conflict?.status == 409)
            #expect(
                conflict?.description.hasPrefix(
                    "The Pact broker answered POST \(broker.url)/contracts/publish with 409"
                ) == true
            )
        }
    }
}

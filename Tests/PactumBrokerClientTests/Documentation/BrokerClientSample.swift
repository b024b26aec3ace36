// The PactumBrokerClient sample of its DocC catalog, compiled with the tests (it needs a broker, a token and a commit,
// so it is not run). `DocumentationSampleTests` keeps the catalog equal to it.
import Foundation
import PactumBrokerClient

enum BrokerClientSample {  // doc: hidden
    static func run(token: String, commit: String) async throws {  // doc: hidden
        let client = BrokerClient(
            configuration: .init(baseURL: "http://localhost:9292", authentication: .bearer(token: token))
        )

        // Consumer CI: publish the contracts, then ask whether this version can go to production.
        let pact = try String(contentsOfFile: "contracts/App-Bookshelf.json", encoding: .utf8)
        try await client.publish(
            ContractPublication(
                pacticipantName: "App",
                version: commit,
                branch: "main",
                contracts: [try .init(pactText: pact)]
            )
        )
        let answer = try await client.canIDeploy(
            MatrixQuery(
                selectors: [.init(pacticipant: "App", version: commit)],
                destination: .environment("production")
            ),
            retryWhileUnknown: 10,
            retryInterval: .seconds(30)
        )
        guard answer.deployable == true else { fatalError(answer.reason) }
        try await client.recordDeployment(pacticipant: "App", version: commit, environment: "production")

        // Provider CI: the pacts to verify, and the result for each.
        let pacts = try await client.pactsForVerification(
            provider: "Bookshelf",
            request: .init(
                consumerVersionSelectors: [.mainBranch, .deployedOrReleased],
                providerVersionBranch: "main",
                includePendingStatus: true
            )
        )
        for verifiable in pacts {
            let fetched = try await client.fetchPact(url: verifiable.url)
            // … verify fetched.text against the provider …
            try await client.publishVerificationResult(
                .init(providerVersion: commit, providerBranch: "main", success: true),
                pact: fetched
            )
        }
    }
}

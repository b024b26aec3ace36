import Foundation
import PactumCore
import PactumTestSupport
import PactumVerifier
import Testing

/// How a provider's own test target verifies: one Swift Testing test case per interaction of the contract, so a
/// failure names the interaction in the test report.
@Suite(.serialized) struct PerInteractionTests {
    static let contract = SharedData.repositoryRoot.appendingPathComponent(
        "contracts/ExampleConsumer-ExampleProvider.json"
    )

    @Test(arguments: try ProviderVerifier.interactions(inFiles: [contract.path]))
    func exampleProviderHonours(_ interaction: VerifiableInteraction) async throws {
        let provider = try await ExampleProviderProcess()
        defer { provider.stop() }
        let verifier = ProviderVerifier(
            configuration: .init(
                providerName: "ExampleProvider",
                target: ProviderTarget(host: "127.0.0.1", port: provider.port),
                providerStates: .url(provider.stateChangeURL.absoluteString)
            )
        )
        let result = try await verifier.verify(interaction)
        #expect(result.passed, Comment(rawValue: result.report))
    }

    @Test func interactionsAreNamedByConsumerDescriptionAndState() throws {
        let interactions = try ProviderVerifier.interactions(inFiles: [Self.contract.path])
        #expect(interactions.count == 5)
        #expect(
            interactions.map(\.description).contains(
                "ExampleConsumer: a request for book 42 given a book with id 42 exists"
            )
        )
        let filtered = try ProviderVerifier.interactions(
            inFiles: [Self.contract.deletingLastPathComponent().path],
            filter: InteractionFilter(description: "delete")
        )
        #expect(filtered.map(\.interaction.description) == ["a request to delete book 42"])
    }

    @Test func aFailureReportNamesTheFieldAndTheReason() async throws {
        let provider = try await ExampleProviderProcess(arguments: ["--price-as-text"])
        defer { provider.stop() }
        let verifier = ProviderVerifier(
            configuration: .init(
                providerName: "ExampleProvider",
                target: ProviderTarget(host: "127.0.0.1", port: provider.port),
                providerStates: .url(provider.stateChangeURL.absoluteString)
            )
        )
        let interaction = try #require(
            try ProviderVerifier.interactions(inFiles: [Self.contract.path], filter: .init(description: "book 42"))
                .first
        )
        let result = try await verifier.verify(interaction)
        #expect(!result.passed)
        #expect(result.report.contains("has a matching body (FAILED)"))
        #expect(result.report.contains("Body had differences:\n      $.price: "))
    }
}

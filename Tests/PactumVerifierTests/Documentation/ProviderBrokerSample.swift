// The provider article's CI variant against a broker: compiled, not run here (it needs a broker; the verifier and
// CLI tests run the same calls against a real one).
import PactumBrokerClient
import PactumVerifier
import Testing

func verifyFromBroker(  // doc: hidden
    port: Int,  // doc: hidden
    handlers: [String: ProviderStateCallback],  // doc: hidden
    gitSHA: String,  // doc: hidden
    token: String  // doc: hidden
) async throws {  // doc: hidden
    let verifier = ProviderVerifier(
        configuration: .init(
            providerName: "TodoAPI",
            target: ProviderTarget(host: "localhost", port: port),
            providerStates: .handlers(handlers),
            publication: ResultPublication(providerVersion: gitSHA, providerBranch: "main")
        )
    )
    let report = try await verifier.verify([
        .broker(
            BrokerSource(
                baseURL: "https://broker.example.com",
                authentication: .bearer(token: token),
                consumerVersionSelectors: [.mainBranch, .deployedOrReleased],
                enablePending: true,
                providerBranch: "main"
            )
        )
    ])
    #expect(report.success, Comment(rawValue: ConsoleReport(colour: false).render(report)))
}  // doc: hidden

import PactumBrokerClient
import PactumCore

extension VerificationSession {
    /// Publishes the result of one pact to the broker it came from. Returns a line for the report, or nil when the
    /// pact did not come from a broker (files and plain URLs have nowhere to publish to).
    func publish(
        _ result: PactVerificationResult,
        of pact: LoadedPact,
        as publication: ResultPublication
    ) async throws -> String? {
        guard let fetched = pact.brokerPact, var brokerConfiguration = pact.brokerConfiguration else { return nil }
        brokerConfiguration.retries = configuration.brokerRetries
        let broker = BrokerClient(configuration: brokerConfiguration, httpClient: try brokerHTTPClient)
        let testResults = result.interactions.map { interaction in
            VerificationResultPublication.TestResult(
                interactionId: interaction.interactionID,
                interactionDescription: interaction.description,
                success: interaction.passed,
                mismatches: interaction.failures.flatMap(\.mismatches).map {
                    .init(
                        attribute: $0.part == .bodyType ? "body" : $0.part.rawValue,
                        identifier: $0.path.isEmpty ? nil : $0.path,
                        description: $0.message
                    )
                },
                exceptions: interaction.failures.filter(\.mismatches.isEmpty).map { "\($0.kind.title): \($0.message)" }
            )
        }
        let body = VerificationResultPublication(
            providerVersion: publication.providerVersion,
            providerBranch: publication.providerBranch,
            providerTags: publication.providerTags,
            success: result.passed,
            buildURL: publication.buildURL,
            testResults: testResults
        )
        do {
            try await broker.publishVerificationResult(body, pact: fetched)
        } catch {
            throw VerifierError(
                .publishingFailed,
                "Publishing the verification result of the pact at \(pact.source) failed: \(error)"
            )
        }
        return "Verification result for \(result.consumer) published to the broker as provider version "
            + "\(publication.providerVersion) (\(result.passed ? "success" : "failure"))"
    }
}

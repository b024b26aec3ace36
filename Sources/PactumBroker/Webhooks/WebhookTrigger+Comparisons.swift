import Foundation
import PactumCore

extension WebhookTrigger {
    /// After a consumer pact was compared with a provider contract (bi-directional contract testing): the
    /// verification events, as PactFlow raises them for a cross-contract verification, for the newest consumer
    /// version with that pact. `verificationResultUrl` is the cross-contract resource; `provider_verification_succeeded`
    /// or `_failed` follow the pair's verdict (neither while it is unknown).
    static func comparisonRecorded(
        _ store: BrokerStore,
        contract: ProviderContractRecord,
        contentID: Int,
        outcome: CrossContractOutcome,
        baseURL: String
    ) async throws -> [QueuedWebhookDelivery] {
        let webhooks = try await store.webhooks().filter { $0.1.enabled }
        guard !webhooks.isEmpty,
            let publication = try await store.newestPublication(contentID: contentID, providerID: contract.providerID)
        else { return [] }
        let success: Bool? = contract.selfVerification.success.map { $0 && outcome.success }
        var events = [WebhookEvent.verificationPublished]
        if let success { events.append(success ? WebhookEvent.verificationSucceeded : WebhookEvent.verificationFailed) }
        let facts = try await Facts.load(store, publication: publication, verification: nil)
        var queued: [QueuedWebhookDelivery] = []
        for event in events {
            let matching = webhooks.filter { facts.fires($0.1, on: event) }
            guard !matching.isEmpty else { continue }
            var parameters = try await facts.parameters(event: event, baseURL: baseURL, store)
            parameters["verificationResultUrl"] =
                BrokerRequest.url(
                    baseURL,
                    [
                        "contracts", "bi-directional", "provider", contract.providerName, "version",
                        contract.providerVersionNumber, "consumer", publication.consumerName, "version",
                        publication.consumerVersionNumber, "cross-contract-verification-results",
                    ]
                )
            parameters["providerVersionNumber"] = contract.providerVersionNumber
            parameters["providerVersionTags"] =
                try await store.tagNames(versionID: contract.providerVersionID).joined(separator: ", ")
            parameters["providerVersionBranch"] =
                try await store.branchNames(versionID: contract.providerVersionID).last ?? ""
            parameters["buildUrl"] = contract.buildURL ?? parameters["buildUrl"] ?? ""
            if let success {
                parameters["githubVerificationStatus"] = success ? "success" : "failure"
                parameters["bitbucketVerificationStatus"] = success ? "SUCCESSFUL" : "FAILED"
                parameters["azureDevOpsVerificationStatus"] = success ? "succeeded" : "failed"
                parameters["gitlabVerificationStatus"] = success ? "success" : "failed"
            }
            for (id, _) in matching {
                queued.append(
                    try await store.enqueueDelivery(
                        webhookID: id,
                        eventName: event,
                        parameters: parameters,
                        consumerName: publication.consumerName,
                        providerName: publication.providerName,
                        consumerVersionNumber: publication.consumerVersionNumber,
                        verificationID: nil
                    )
                )
            }
        }
        return queued
    }
}

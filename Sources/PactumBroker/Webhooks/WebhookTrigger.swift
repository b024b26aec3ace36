import Foundation
import PactumCore

/// Raises webhook events: finds the enabled webhooks an event fires and queues one delivery each, with its template
/// parameters, in the transaction of the publish or verification that raised it, and returns what it queued.
enum WebhookTrigger {
    /// After a pact was published for a consumer version (by `/contracts/publish` or the legacy PUT).
    static func pactPublished(
        _ store: BrokerStore,
        publication: PublicationRecord,
        outcome: BrokerStore.PublishOutcome,
        baseURL: String
    ) async throws -> [QueuedWebhookDelivery] {
        let webhooks = try await store.webhooks().filter { $0.1.enabled }
        guard !webhooks.isEmpty else { return [] }
        var queued: [QueuedWebhookDelivery] = []
        var events = [WebhookEvent.contractPublished]
        var requiring: [(version: VersionRecord, descriptions: [String])] = []
        if outcome != .unchanged {
            let previous = try await store.publication(before: publication)
            if previous?.sha != publication.sha || outcome == .merged {
                events.append(WebhookEvent.contractContentChanged)
            }
            if webhooks.contains(where: { $0.1.events.contains(WebhookEvent.contractRequiringVerificationPublished) }),
                let provider = try await store.pacticipant(id: publication.providerID)
            {
                requiring = try await store.providerVersionsRequiringVerification(
                    provider: provider,
                    contentID: publication.contentID
                )
                if !requiring.isEmpty { events.append(WebhookEvent.contractRequiringVerificationPublished) }
            }
        }
        let facts = try await Facts.load(store, publication: publication, verification: nil)
        for event in events {
            let matching = webhooks.filter { facts.fires($0.1, on: event) }
            guard !matching.isEmpty else { continue }
            if event == WebhookEvent.contractRequiringVerificationPublished {
                for (version, descriptions) in requiring {
                    let branch = try await store.branchNames(versionID: version.id).last ?? ""
                    let tags = try await store.tagNames(versionID: version.id)
                    var parameters = try await facts.parameters(event: event, baseURL: baseURL, store)
                    parameters["providerVersionNumber"] = version.number
                    parameters["providerVersionBranch"] = branch
                    parameters["providerVersionTags"] = tags.joined(separator: ", ")
                    parameters["providerVersionDescriptions"] = descriptions.joined(separator: ", ")
                    for (id, _) in matching {
                        queued.append(try await enqueue(store, id, event, parameters, facts, verificationID: nil))
                    }
                }
                continue
            }
            let parameters = try await facts.parameters(event: event, baseURL: baseURL, store)
            for (id, _) in matching {
                queued.append(try await enqueue(store, id, event, parameters, facts, verificationID: nil))
            }
        }
        return queued
    }

    /// After a verification result was published: one set of events per consumer version it verified (from the
    /// pact URL's metadata), or for the newest consumer version with that content.
    static func verificationPublished(
        _ store: BrokerStore,
        verification: VerificationRecord,
        consumerVersionIDs: [Int],
        baseURL: String
    ) async throws -> [QueuedWebhookDelivery] {
        let webhooks = try await store.webhooks().filter { $0.1.enabled }
        guard !webhooks.isEmpty else { return [] }
        var queued: [QueuedWebhookDelivery] = []
        var publications: [PublicationRecord] = []
        for id in consumerVersionIDs {
            publications += try await store.publications(verifiedBy: verification, consumerVersionID: id)
        }
        if publications.isEmpty {
            publications = Array(try await store.publications(verifiedBy: verification).prefix(1))
        }
        let events = [
            WebhookEvent.verificationPublished,
            verification.success ? WebhookEvent.verificationSucceeded : WebhookEvent.verificationFailed,
        ]
        for publication in publications {
            let facts = try await Facts.load(store, publication: publication, verification: verification)
            for event in events {
                let matching = webhooks.filter { facts.fires($0.1, on: event) }
                guard !matching.isEmpty else { continue }
                let parameters = try await facts.parameters(event: event, baseURL: baseURL, store)
                for (id, _) in matching {
                    queued.append(
                        try await enqueue(store, id, event, parameters, facts, verificationID: verification.id)
                    )
                }
            }
        }
        return queued
    }

    private static func enqueue(
        _ store: BrokerStore,
        _ webhookID: Int,
        _ event: String,
        _ parameters: [String: String],
        _ facts: Facts,
        verificationID: Int?
    ) async throws -> QueuedWebhookDelivery {
        try await store.enqueueDelivery(
            webhookID: webhookID,
            eventName: event,
            parameters: parameters,
            consumerName: facts.publication?.consumerName ?? "",
            providerName: facts.publication?.providerName ?? "",
            consumerVersionNumber: facts.publication?.consumerVersionNumber,
            verificationID: verificationID
        )
    }

    /// The parameters for a test execution: the newest pact the webhook matches (and its newest verification), or
    /// empty values when there is none yet.
    static func sampleParameters(
        _ store: BrokerStore,
        webhook: WebhookDefinition,
        baseURL: String
    ) async throws -> (parameters: [String: String], consumer: String, provider: String) {
        let event = webhook.events.first ?? WebhookEvent.contractContentChanged
        let candidates = try await store.newestPublications(limit: 200)
        for publication in candidates {
            let facts = try await Facts.load(store, publication: publication, verification: nil)
            guard
                webhook.consumer?.matches(name: publication.consumerName, labels: facts.consumerLabels) ?? true,
                webhook.provider?.matches(name: publication.providerName, labels: facts.providerLabels) ?? true
            else { continue }
            let verification = try await store.latestVerification(contentID: publication.contentID)
            let withVerification = try await Facts.load(store, publication: publication, verification: verification)
            return (
                try await withVerification.parameters(event: event, baseURL: baseURL, store),
                publication.consumerName, publication.providerName
            )
        }
        let empty = try await Facts(publication: nil, verification: nil).parameters(
            event: event,
            baseURL: baseURL,
            store
        )
        return (empty, webhook.consumer?.name ?? "", webhook.provider?.name ?? "")
    }

    /// What the parameters are computed from.
    struct Facts {
        var publication: PublicationRecord?
        var verification: VerificationRecord?
        var consumerLabels: [String] = []
        var providerLabels: [String] = []

        static func load(
            _ store: BrokerStore,
            publication: PublicationRecord,
            verification: VerificationRecord?
        ) async throws -> Facts {
            Facts(
                publication: publication,
                verification: verification,
                consumerLabels: try await store.labelNames(pacticipantID: publication.consumerID),
                providerLabels: try await store.labelNames(pacticipantID: publication.providerID)
            )
        }

        func fires(_ webhook: WebhookDefinition, on event: String) -> Bool {
            guard let publication else { return false }
            return webhook.fires(
                on: event,
                consumer: publication.consumerName,
                consumerLabels: consumerLabels,
                provider: publication.providerName,
                providerLabels: providerLabels
            )
        }

        /// Every `pactbroker.*` parameter (names without the prefix), as the Pact Broker computes them.
        func parameters(event: String, baseURL: String, _ store: BrokerStore) async throws -> [String: String] {
            var values: [String: String] = Dictionary(
                uniqueKeysWithValues: WebhookTemplate.parameterNames.map { ($0, "") }
            )
            values["eventName"] = event
            values["githubVerificationStatus"] = "pending"
            values["bitbucketVerificationStatus"] = "INPROGRESS"
            values["azureDevOpsVerificationStatus"] = "pending"
            values["gitlabVerificationStatus"] = "pending"
            guard let publication else { return values }
            let consumerVersion = try await store.version(id: publication.consumerVersionID)
            let tags = try await store.tagNames(versionID: publication.consumerVersionID)
            values["consumerName"] = publication.consumerName
            values["providerName"] = publication.providerName
            values["consumerVersionNumber"] = publication.consumerVersionNumber
            values["consumerVersionTags"] = tags.joined(separator: ", ")
            values["consumerVersionBranch"] =
                try await store.branchNames(versionID: publication.consumerVersionID).last ?? ""
            values["consumerLabels"] = consumerLabels.joined(separator: ", ")
            values["providerLabels"] = providerLabels.joined(separator: ", ")
            values["buildUrl"] = consumerVersion?.buildURL ?? ""
            values["pactUrl"] = Self.pactURL(publication, tags: tags, baseURL: baseURL)
            let verification: VerificationRecord?
            if let own = self.verification {
                verification = own
                values["buildUrl"] = own.buildURL ?? ""
            } else {
                verification = try await store.latestVerification(contentID: publication.contentID)
            }
            if let verification {
                values["verificationResultUrl"] =
                    BrokerRequest.url(
                        baseURL,
                        [
                            "pacts", "provider", verification.providerName, "consumer", verification.consumerName,
                            "pact-version", verification.sha, "verification-results",
                        ]
                    ) + "/\(verification.id)"
                values["providerVersionNumber"] = verification.providerVersionNumber
                values["providerVersionTags"] =
                    try await store.tagNames(versionID: verification.providerVersionID).joined(separator: ", ")
                values["providerVersionBranch"] =
                    try await store.branchNames(versionID: verification.providerVersionID).last ?? ""
                values["githubVerificationStatus"] = verification.success ? "success" : "failure"
                values["bitbucketVerificationStatus"] = verification.success ? "SUCCESSFUL" : "FAILED"
                values["azureDevOpsVerificationStatus"] = verification.success ? "succeeded" : "failed"
                values["gitlabVerificationStatus"] = verification.success ? "success" : "failed"
            }
            return values
        }

        /// The pact-version permalink with the webhook metadata (`cvn`, `cvt`, `w`) the Pact Broker adds.
        static func pactURL(_ publication: PublicationRecord, tags: [String], baseURL: String) -> String {
            let metadata = NestedQuery.object([
                "cvn": .string(publication.consumerVersionNumber),
                "cvt": .array(tags.map { .string($0) }),
                "w": .string("true"),
            ]).encoded()
            let encoded = Data(metadata.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            return BrokerRequest.url(
                baseURL,
                [
                    "pacts", "provider", publication.providerName, "consumer", publication.consumerName,
                    "pact-version", publication.sha, "metadata", encoded,
                ]
            )
        }
    }
}

extension WebhookTrigger {
    /// `cvn` of a pact URL's metadata segment (the webhook `pactUrl` carries it).
    static func consumerVersionNumber(fromMetadata segment: String) -> String? {
        var base64 = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            return nil
        }
        return NestedQuery.parse(text)["cvn"]?.stringValue
    }
}

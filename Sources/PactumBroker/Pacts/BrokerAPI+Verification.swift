import Foundation
import Hummingbird
import PactumBrokerWire
import PactumCore

extension BrokerAPI {
    static func pactsForVerification(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        guard let provider = try await store.pacticipant(named: try request.parameters.require("provider")) else {
            throw BrokerError.notFound("No provider with name '\(try request.parameters.require("provider"))' found")
        }
        let parsed =
            request.method == "POST"
            ? try PactsForVerificationRequest(json: try request.json())
            : try PactsForVerificationRequest(query: request.query)
        for selector in parsed.consumerVersionSelectors {
            if let name = selector.environment, try await store.environment(named: name) == nil {
                throw BrokerError.validation(["consumerVersionSelectors": ["No environment found with name '\(name)'"]])
            }
        }
        let (candidates, contentIDs) = try await store.pactCandidates(providerID: provider.id, request: parsed)
        let verifications = try await store.pendingEvidence(
            providerID: provider.id,
            contentIDs: Array(Set(contentIDs.values)).sorted(),
            providerBranch: parsed.providerVersionBranch,
            providerTags: parsed.providerVersionTags
        )
        let context = try await store.verificationContext(
            providerID: provider.id,
            providerBranch: parsed.providerVersionBranch
        )
        let branchCreatedAt = context.branchCreatedAt
        // A provider that only publishes provider contracts (bi-directional contract testing, no verification
        // result ever) has its consumers' pacts compared with its contracts, not replayed: none to verify, as PactFlow.
        let comparedOnly = context.onlyPublishesContracts
        let pacts =
            comparedOnly
            ? []
            : PactSelection.select(
                parsed,
                candidates: candidates,
                verifications: verifications,
                providerBranchCreatedAt: branchCreatedAt
            )
        let document = PactsForVerificationDocument(
            pacts: pacts.map { pact in
                let url =
                    request.url(
                        "pacts",
                        "provider",
                        provider.name,
                        "consumer",
                        pact.consumerName,
                        "pact-version",
                        pact.sha
                    )
                    + "/metadata/" + pact.metadata.encoded
                let notices = pact.notices(
                    pactURL: url,
                    providerName: provider.name,
                    providerBranch: parsed.providerVersionBranch,
                    providerTags: parsed.providerVersionTags
                )
                return PactsForVerificationDocument.Pact(
                    shortDescription: pact.shortDescription,
                    verificationProperties: .init(
                        pending: pact.pending,
                        wip: pact.wip,
                        notices: notices.map { .init(when: $0["when"] ?? "", text: $0["text"] ?? "") }
                    ),
                    links: SelfLinks(
                        selfLink: HALLink(
                            href: url,
                            name:
                                "Pact between \(pact.consumerName) (\(pact.latestConsumerVersionNumber)) and \(provider.name)"
                        )
                    )
                )
            },
            links: SelfLinks(
                selfLink: HALLink(
                    href: request.url("pacts", "provider", provider.name, "for-verification"),
                    title: "Pacts to be verified"
                )
            )
        )
        return try .ok(encoding: document)
    }

    static func verificationDocument(
        _ v: VerificationRecord,
        _ request: BrokerRequest
    ) -> VerificationResultDocument {
        let base = request.url("pacts", "provider", v.providerName, "consumer", v.consumerName, "pact-version", v.sha)
        return VerificationResultDocument(
            providerName: v.providerName,
            providerApplicationVersion: v.providerVersionNumber,
            success: v.success,
            verificationDate: v.createdAt,
            buildUrl: v.buildURL,
            testResults: v.testResults,
            verifiedBy: v.verifiedBy,
            links: .init(
                selfLink: HALLink(
                    href: base + "/verification-results/\(v.id)",
                    title: "Verification result",
                    name: "Verification result \(v.id)"
                ),
                pactVersion: HALLink(href: base, title: "Pact"),
                triggeredWebhooks: HALLink(href: base + "/verification-results/\(v.id)/triggered-webhooks")
            )
        )
    }

    static func publishVerification(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        // The members of VerificationResultDocument.Publication (what the client writes), each checked here so that
        // every bad one is named.
        typealias Key = VerificationResultDocument.Publication.CodingKeys
        let body = try request.jsonObject()
        var errors: [String: [String]] = [:]
        let success = body[Key.success.stringValue]?.boolValue
        if success == nil { errors[Key.success.stringValue, default: []].append("must be true or false") }
        let number = body[Key.providerApplicationVersion.stringValue]?.stringValue ?? ""
        if number.trimmingCharacters(in: .whitespaces).isEmpty {
            errors[Key.providerApplicationVersion.stringValue, default: []].append("is missing")
        }
        var buildURL: String?
        if let value = body[Key.buildUrl.stringValue], value != .null {
            if let text = value.stringValue {
                buildURL = text
                if URL(string: text)?.scheme == nil {
                    errors[Key.buildUrl.stringValue, default: []].append("is not a valid URL")
                }
            } else {
                errors[Key.buildUrl.stringValue, default: []].append("must be a string")
            }
        }
        if !errors.isEmpty { throw BrokerError.validation(errors) }
        let (consumer, provider) = try await requireIntegration(request, store)
        let sha = try request.parameters.require("sha")
        guard
            let publication = try await store.publication(consumerID: consumer.id, providerID: provider.id, sha: sha)
        else {
            throw BrokerError.notFound(
                "No pact with content sha '\(sha)' between \(consumer.name) and \(provider.name)"
            )
        }
        let metadata = request.parameters.get("metadata").flatMap(PactMetadata.init(decoding:))
        let (providerVersion, _) = try await store.ensureVersion(pacticipantID: provider.id, number: number)
        let id = try await store.insertVerification(
            BrokerStore.NewVerification(
                contentID: publication.contentID,
                consumerID: consumer.id,
                providerID: provider.id,
                providerVersionID: providerVersion.id,
                success: success ?? false,
                buildURL: buildURL,
                testResults: body[Key.testResults.stringValue],
                verifiedBy: body[Key.verifiedBy.stringValue],
                pending: metadata?.pending ?? false,
                wip: metadata?.wip ?? false,
                consumerVersionIDs: metadata?.consumerVersionIDs ?? []
            )
        )
        guard let record = try await store.verification(id: id) else {
            throw BrokerStoreError(message: "the verification vanished")
        }
        let queued = try await raiseVerificationWebhookEvents(
            store,
            record,
            metadata: request.parameters.get("metadata"),
            request
        )
        let document = verificationDocument(record, request)
        var answer = try BrokerResponse.created(
            encoding: document,
            location: document.links?.selfLink.href ?? request.baseURL + request.path
        )
        answer.queuedWebhookDeliveries = queued
        return answer
    }

    static func getVerification(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let sha = try request.parameters.require("sha")
        guard let id = request.parameters.get("number", as: Int.self),
            let record = try await store.verification(id: id),
            record.sha == sha
        else {
            throw BrokerError.notFound("No verification result '\(try request.parameters.require("number"))' found")
        }
        return try .ok(encoding: verificationDocument(record, request))
    }
}

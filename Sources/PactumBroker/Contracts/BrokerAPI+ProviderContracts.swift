import Foundation
import Hummingbird
import PactumCore

extension BrokerAPI {
    /// Bi-directional contract testing: publishing provider contracts and reading them, their self-verification
    /// results, and each consumer contract's comparison with them.
    static let providerContractRoutes: [BrokerRoute] = [
        BrokerRoute("POST", "/provider-contracts/provider/:provider/publish", publishProviderContract),
        BrokerRoute("PUT", "/contracts/provider/:provider/version/:version", putProviderContract),
        BrokerRoute(
            "GET",
            "/contracts/bi-directional/provider/:provider/version/:version/provider-contract",
            getProviderContract
        ),
        BrokerRoute(
            "GET",
            "/contracts/bi-directional/provider/:provider/version/:version/provider-contract-verification-results",
            getProviderContractVerificationResults
        ),
        BrokerRoute(
            "GET",
            "/contracts/bi-directional/provider/:provider/version/:version/consumer/:consumer/version/:consumerVersion/consumer-contract",
            getConsumerContract
        ),
        BrokerRoute(
            "GET",
            "/contracts/bi-directional/provider/:provider/version/:version/consumer/:consumer/version/:consumerVersion/cross-contract-verification-results",
            getCrossContractVerificationResults
        ),
        BrokerRoute(
            "GET",
            "/contracts/bi-directional/provider/:provider/version/:version/consumer/:consumer/version/:consumerVersion",
            getCrossContractVerificationResults
        ),
    ]

    // MARK: Publishing

    static func publishProviderContract(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let upload = try ProviderContractUpload.publication(try request.jsonObject())
        return try await saveProviderContract(upload, request, store, status: 200)
    }

    static func putProviderContract(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let upload = try ProviderContractUpload.versionContract(
            try request.jsonObject(),
            version: try request.parameters.require("version")
        )
        return try await saveProviderContract(upload, request, store, status: 201)
    }

    private static func saveProviderContract(
        _ upload: ProviderContractUpload,
        _ request: BrokerRequest,
        _ store: BrokerStore,
        status: Int
    ) async throws -> BrokerResponse {
        let providerName = try request.parameters.require("provider")
        let (provider, _) = try await store.ensurePacticipant(named: providerName)
        let (version, _) = try await store.ensureVersion(pacticipantID: provider.id, number: upload.versionNumber)
        if let buildURL = upload.buildURL { try await store.setBuildURL(versionID: version.id, buildURL) }
        if let branch = upload.branch {
            try await store.addToBranch(pacticipantID: provider.id, branch: branch, versionID: version.id)
        }
        for tag in upload.tags { try await store.addTag(versionID: version.id, name: tag) }
        let (contract, outcome) = try await store.saveProviderContract(
            providerID: provider.id,
            versionID: version.id,
            content: upload.content,
            contentType: upload.contentType,
            specification: upload.specification,
            selfVerification: upload.selfVerification,
            buildURL: upload.buildURL
        )
        let queued = try await store.queueComparisons(providerContract: contract)
        let number = version.number
        let text =
            switch outcome {
            case .created: "Provider contract published for \(provider.name) version \(number)."
            case .updated: "Provider contract for \(provider.name) version \(number) was replaced."
            case .unchanged:
                "Provider contract for \(provider.name) version \(number) was published with the same content as before (no change)."
            }
        var notices: [JSONValue] = [["type": "success", "text": .string(text)]]
        if queued > 0 {
            notices.append([
                "type": "info",
                "text": .string(
                    "\(queued) consumer contract\(queued == 1 ? "" : "s") will be compared with it."
                ),
            ])
        }
        notices += upload.warnings.map { ["type": "warning", "text": .string($0)] }
        let versionURL = request.url("pacticipants", provider.name, "versions", number)
        var links: [String: JSONValue] = [
            "pb:pacticipant": link(
                request.url("pacticipants", provider.name),
                title: "Pacticipant",
                name: provider.name
            ),
            "pb:pacticipant-version": link(versionURL, title: "Pacticipant version", name: number),
            "pb:pacticipant-version-tags": .array(
                upload.tags.map {
                    link(versionURL + "/tags/" + BrokerRequest.encodeSegment($0), title: "Tag", name: $0)
                }
            ),
            "pf:provider-contract": link(
                providerContractURL(request, provider.name, number) + "/provider-contract",
                title: "Provider contract"
            ),
            "pf:ui": link(
                request.url("ui", "provider-contracts", provider.name, number),
                title: "Provider contract page"
            ),
        ]
        if let branch = upload.branch {
            links["pb:branch-version"] = link(
                request.url("pacticipants", provider.name, "branches", branch, "versions", number),
                title: "Branch version",
                name: number
            )
        }
        var answer = BrokerResponse(
            status: status,
            json: [
                "notices": .array(notices),
                "_embedded": [
                    "pacticipant": [
                        "name": .string(provider.name),
                        "_links": ["self": link(request.url("pacticipants", provider.name), name: provider.name)],
                    ],
                    "version": object([
                        ("number", .string(number)),
                        ("buildUrl", upload.buildURL.json),
                        ("_links", ["self": link(versionURL, title: "Version", name: number)]),
                    ]),
                ],
                "_links": .object(links),
            ]
        )
        if status == 201 { answer.headers.append(("Location", providerContractURL(request, provider.name, number))) }
        answer.queuedComparisons = queued > 0
        return answer
    }

    /// `/contracts/bi-directional/provider/{p}/version/{v}`.
    static func providerContractURL(_ request: BrokerRequest, _ provider: String, _ version: String) -> String {
        request.url("contracts", "bi-directional", "provider", provider, "version", version)
    }

    /// `…/consumer/{c}/version/{cv}/cross-contract-verification-results`: what a matrix row links to.
    static func crossContractURL(
        _ request: BrokerRequest,
        provider: String,
        providerVersion: String,
        consumer: String,
        consumerVersion: String
    ) -> String {
        providerContractURL(request, provider, providerVersion) + "/consumer/" + BrokerRequest.encodeSegment(consumer)
            + "/version/" + BrokerRequest.encodeSegment(consumerVersion) + "/cross-contract-verification-results"
    }

    // MARK: Reading

    private static func requireProviderContract(
        _ request: BrokerRequest,
        _ store: BrokerStore
    ) async throws -> ProviderContractRecord {
        let providerName = try request.parameters.require("provider")
        let number = try request.parameters.require("version")
        guard let provider = try await store.pacticipant(named: providerName),
            let version = try await store.version(pacticipantID: provider.id, number: number),
            let contract = try await store.providerContract(providerVersionID: version.id)
        else {
            throw BrokerError.notFound("No provider contract for \(providerName) version \(number)")
        }
        return contract
    }

    static func selfVerificationJSON(_ contract: ProviderContractRecord) -> JSONValue {
        let results = contract.selfVerification
        return object([
            ("success", results.success.map(JSONValue.bool) ?? .null),
            ("content", results.content.json),
            ("contentType", results.contentType.json),
            ("format", results.format.json),
            ("verifier", results.verifier.json),
            ("verifierVersion", results.verifierVersion.json),
        ])
    }

    static func getProviderContract(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let contract = try await requireProviderContract(request, store)
        let url = providerContractURL(request, contract.providerName, contract.providerVersionNumber)
        return .ok([
            "content": .string(contract.content),
            "contentType": .string(contract.contentType),
            "contractType": .string(contract.specification),
            "specification": .string(contract.specification),
            "createdAt": .string(contract.createdAt),
            "_links": [
                "self": link(url + "/provider-contract", title: "Provider contract"),
                "pb:provider": link(
                    request.url("pacticipants", contract.providerName),
                    title: "Provider",
                    name: contract.providerName
                ),
                "pb:provider-version": link(
                    request.url("pacticipants", contract.providerName, "versions", contract.providerVersionNumber),
                    title: "Provider version",
                    name: contract.providerVersionNumber
                ),
                "pf:provider-contract-verification-results": link(
                    url + "/provider-contract-verification-results",
                    title: "The provider's own verification of its contract"
                ),
            ],
        ])
    }

    static func getProviderContractVerificationResults(
        _ request: BrokerRequest,
        _ store: BrokerStore
    ) async throws -> BrokerResponse {
        let contract = try await requireProviderContract(request, store)
        guard case .object(var members) = selfVerificationJSON(contract) else { return .noContent }
        let url = providerContractURL(request, contract.providerName, contract.providerVersionNumber)
        members["_links"] = [
            "self": link(
                url + "/provider-contract-verification-results",
                title: "Provider contract verification results"
            ),
            "pf:provider-contract": link(url + "/provider-contract", title: "Provider contract"),
        ]
        return .ok(.object(members))
    }

    /// The consumer version's pact with the provider, and the provider version's contract.
    private static func requirePair(
        _ request: BrokerRequest,
        _ store: BrokerStore
    ) async throws -> (ProviderContractRecord, PublicationRecord) {
        let contract = try await requireProviderContract(request, store)
        let consumerName = try request.parameters.require("consumer")
        let consumerVersion = try request.parameters.require("consumerVersion")
        guard let consumer = try await store.pacticipant(named: consumerName),
            let version = try await store.version(pacticipantID: consumer.id, number: consumerVersion),
            let publication = try await store.publication(
                consumerVersionID: version.id,
                providerID: contract.providerID
            )
        else {
            throw BrokerError.notFound(
                "No pact between \(consumerName) version \(consumerVersion) and \(contract.providerName)"
            )
        }
        return (contract, publication)
    }

    static func getConsumerContract(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let (_, publication) = try await requirePair(request, store)
        guard let content = try await store.content(id: publication.contentID) else {
            throw BrokerError.notFound("The pact content \(publication.sha) is missing")
        }
        return .ok(pactJSON(publication, content: content, metadata: nil, request))
    }

    static func getCrossContractVerificationResults(
        _ request: BrokerRequest,
        _ store: BrokerStore
    ) async throws -> BrokerResponse {
        let (contract, publication) = try await requirePair(request, store)
        let queued = try await CrossContractComparisons.runOnDemand(
            pairs: [.init(contentID: publication.contentID, providerContractID: contract.id)],
            store,
            baseURL: request.trustedBaseURL
        )
        let comparison = try await store.comparison(contentID: publication.contentID, providerContractID: contract.id)
        let verdict = CrossContractVerdict(selfVerification: contract.selfVerification.success, comparison: comparison)
        let url = crossContractURL(
            request,
            provider: contract.providerName,
            providerVersion: contract.providerVersionNumber,
            consumer: publication.consumerName,
            consumerVersion: publication.consumerVersionNumber
        )
        let providerURL = providerContractURL(request, contract.providerName, contract.providerVersionNumber)
        var cross: JSONValue = .null
        if let comparison, comparison.done {
            cross = object([
                ("success", comparison.success.map(JSONValue.bool)),
                ("results", comparison.results ?? ["errors": [], "warnings": []]),
                ("verificationDate", comparison.verificationDate.json),
                ("verifier", comparison.verifier.json),
                ("verifierVersion", comparison.verifierVersion.json),
            ])
        }
        var answer = BrokerResponse.ok([
            "summary": object([
                ("success", verdict.success.map(JSONValue.bool) ?? .null), ("status", .string(verdict.status)),
            ]),
            "crossContractVerificationResults": cross,
            "providerContractVerificationResults": selfVerificationJSON(contract),
            "_links": [
                "self": link(url, title: "Cross-contract verification results"),
                "pf:provider-contract": link(providerURL + "/provider-contract", title: "Provider contract"),
                "pf:provider-contract-verification-results": link(
                    providerURL + "/provider-contract-verification-results",
                    title: "Provider contract verification results"
                ),
                "pf:consumer-contract": link(
                    providerURL + "/consumer/" + BrokerRequest.encodeSegment(publication.consumerName) + "/version/"
                        + BrokerRequest.encodeSegment(publication.consumerVersionNumber) + "/consumer-contract",
                    title: "Consumer contract"
                ),
                "pf:ui": link(
                    request.url("ui", "provider-contracts", contract.providerName, contract.providerVersionNumber),
                    title: "Provider contract page"
                ),
            ],
        ])
        answer.queuedWebhookDeliveries = queued
        return answer
    }
}

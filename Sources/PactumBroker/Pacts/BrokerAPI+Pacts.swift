import Foundation
import Hummingbird
import PactumCore

extension BrokerAPI {
    /// Publishing, pacts, verification results, pacts for verification, diffs and provider states.
    static let pactRoutes: [BrokerRoute] = [
        BrokerRoute("POST", "/contracts/publish", publishContracts),
        // Pacts
        BrokerRoute("GET", "/pacts/latest", latestPacts),
        BrokerRoute("GET", "/pacts/provider/:provider/consumer/:consumer/version/:version", getPactByVersion),
        BrokerRoute("PUT", "/pacts/provider/:provider/consumer/:consumer/version/:version", putPact),
        BrokerRoute("DELETE", "/pacts/provider/:provider/consumer/:consumer/version/:version", deletePact),
        BrokerRoute("GET", "/pacts/provider/:provider/consumer/:consumer/pact-version/:sha", getPactBySHA),
        BrokerRoute(
            "GET",
            "/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/metadata/:metadata",
            getPactBySHA
        ),
        BrokerRoute(
            "POST",
            "/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/verification-results",
            publishVerification
        ),
        BrokerRoute(
            "POST",
            "/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/metadata/:metadata/verification-results",
            publishVerification
        ),
        BrokerRoute(
            "GET",
            "/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/verification-results/:number",
            getVerification
        ),
        BrokerRoute(
            "GET",
            "/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/metadata/:metadata/verification-results/:number",
            getVerification
        ),
        BrokerRoute("GET", "/pacts/provider/:provider/consumer/:consumer/latest", latestPactForIntegration),
        BrokerRoute("GET", "/pacts/provider/:provider/consumer/:consumer/latest/:tag", latestPactForIntegration),
        BrokerRoute(
            "GET",
            "/pacts/provider/:provider/consumer/:consumer/branch/:branch/latest",
            latestPactForIntegration
        ),
        BrokerRoute("GET", "/pacts/provider/:provider/consumer/:consumer/versions", pactVersions),
        BrokerRoute(
            "GET",
            "/pacts/provider/:provider/consumer/:consumer/branch",
            { try await branchPactCollection($0, $1) }
        ),
        BrokerRoute(
            "GET",
            "/pacts/provider/:provider/consumer/:consumer/branch/:branch",
            { try await branchPactCollection($0, $1) }
        ),
        BrokerRoute(
            "GET",
            "/pacts/provider/:provider/consumer/:consumer/version/:version/previous-distinct",
            previousDistinctPact
        ),
        BrokerRoute(
            "GET",
            "/pacts/provider/:provider/consumer/:consumer/version/:version/diff/previous-distinct",
            diffPreviousDistinct
        ),
        BrokerRoute(
            "GET",
            "/pacts/provider/:provider/consumer/:consumer/version/:version/diff/version/:other",
            diffVersions
        ),
        BrokerRoute(
            "GET",
            "/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/diff/pact-version/:other",
            diffPactVersions
        ),
        BrokerRoute("GET", "/pacts/provider/:provider/branch", { try await branchPactCollection($0, $1) }),
        BrokerRoute("GET", "/pacts/provider/:provider/branch/:branch", { try await branchPactCollection($0, $1) }),
        BrokerRoute("GET", "/pacts/provider/:provider/branch/:branch/latest", latestBranchPactCollection),
        BrokerRoute("GET", "/pacts/provider/:provider/for-verification", pactsForVerification),
        BrokerRoute("POST", "/pacts/provider/:provider/for-verification", pactsForVerification).readingOnly(),
        BrokerRoute("GET", "/pacts/provider/:provider/latest", latestProviderPacts),
        BrokerRoute("GET", "/pacts/provider/:provider/latest/:tag", latestProviderPacts),
        BrokerRoute("GET", "/pacts/provider/:provider/provider-states", mainBranchProviderStates),
        BrokerRoute("GET", "/pacts/provider/:provider/provider-states/branch/:branch", branchProviderStates),
        BrokerRoute(
            "GET",
            "/pacts/provider/:provider/provider-states/environment/:environment",
            environmentProviderStates
        ),
    ]

    /// The pact document with `_links` (and `createdAt`), as the verifier and `get-pacts` read it.
    static func pactJSON(
        _ publication: PublicationRecord,
        content: JSONValue,
        metadata: String?,
        _ request: BrokerRequest
    ) -> JSONValue {
        guard case .object(var members) = content else { return content }
        let consumer = publication.consumerName
        let provider = publication.providerName
        members["consumer"] = ["name": .string(consumer)]
        members["provider"] = ["name": .string(provider)]
        var shaURL = request.url("pacts", "provider", provider, "consumer", consumer, "pact-version", publication.sha)
        if let metadata { shaURL += "/metadata/" + metadata }
        let versionURL = request.url(
            "pacts",
            "provider",
            provider,
            "consumer",
            consumer,
            "version",
            publication.consumerVersionNumber
        )
        members["createdAt"] = .string(publication.createdAt)
        members["_links"] = [
            "self": link(
                versionURL,
                title: "Pact",
                name: "Pact between \(consumer) (\(publication.consumerVersionNumber)) and \(provider)"
            ),
            "pb:consumer": link(request.url("pacticipants", consumer), title: "Consumer", name: .some(consumer)),
            "pb:consumer-version": link(
                request.url("pacticipants", consumer, "versions", publication.consumerVersionNumber),
                title: "Consumer version",
                name: publication.consumerVersionNumber
            ),
            "pb:provider": link(request.url("pacticipants", provider), title: "Provider", name: provider),
            "pb:pact-version": link(
                request.url("pacts", "provider", provider, "consumer", consumer, "pact-version", publication.sha),
                title: "Pact content version permalink",
                name: publication.sha
            ),
            "pb:latest-pact-version": link(
                request.url("pacts", "provider", provider, "consumer", consumer, "latest"),
                title: "Latest version of this pact"
            ),
            "pb:all-pact-versions": link(
                request.url("pacts", "provider", provider, "consumer", consumer, "versions"),
                title: "All versions of this pact"
            ),
            "pb:publish-verification-results": link(
                shaURL + "/verification-results",
                title: "Publish verification results"
            ),
            "pb:pact-webhooks": link(
                request.url("pacts", "provider", provider, "consumer", consumer, "webhooks"),
                title: "Webhooks for the pact between \(consumer) and \(provider)"
            ),
            "pb:consumer-webhooks": link(
                request.url("webhooks", "consumer", consumer),
                title: "Webhooks for all pacts with consumer \(consumer)"
            ),
            "pb:triggered-webhooks": link(
                versionURL + "/triggered-webhooks",
                title: "Webhooks triggered by the publication of this pact"
            ),
            "pb:tag-version": link(
                request.url("pacticipants", consumer, "versions", publication.consumerVersionNumber) + "/tags/{tag}",
                title: "Tag version",
                templated: true
            ),
            "pb:matrix-for-consumer-version": link(
                request.baseURL + "/matrix?q[][pacticipant]=\(PercentEncoding.queryComponent(consumer))&q[][version]="
                    + PercentEncoding.queryComponent(publication.consumerVersionNumber) + "&latestby=cvpv",
                title: "View matrix rows for the consumer version to which this pact belongs"
            ),
            "curies": [
                ["name": "pb", "href": .string(request.baseURL + "/doc/{rel}?context=pact"), "templated": true]
            ],
        ]
        return .object(members)
    }

    // MARK: Publishing

    struct PublishedContract {
        var consumer: String
        var provider: String
        var outcome: BrokerStore.PublishOutcome
        var sha: String
    }

    static func publishContracts(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let body = try request.jsonObject()
        var errors: [String: [String]] = [:]
        func add(_ key: String, _ message: String) { errors[key, default: []].append(message) }
        let name = body["pacticipantName"]?.stringValue ?? ""
        let number = body["pacticipantVersionNumber"]?.stringValue ?? ""
        if name.trimmingCharacters(in: .whitespaces).isEmpty { add("pacticipantName", "is missing") }
        if number.trimmingCharacters(in: .whitespaces).isEmpty { add("pacticipantVersionNumber", "is missing") }
        if number.contains("\n") { add("pacticipantVersionNumber", "must be a single line") }
        let branch = body["branch"]?.stringValue
        if let branch, branch.trimmingCharacters(in: .whitespaces).isEmpty { add("branch", "cannot be blank") }
        let tags = (body["tags"]?.arrayValue ?? []).map { $0.stringValue ?? "" }
        if tags.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) { add("tags", "cannot be blank") }
        let buildURL = body["buildUrl"]?.stringValue
        var contracts: [(PactContent, merge: Bool)] = []
        if let items = body["contracts"]?.arrayValue {
            for (index, item) in items.enumerated() {
                let path = "contracts[\(index)]"
                if let specification = item["specification"]?.stringValue, specification != "pact" {
                    add(path, "specification must be 'pact', not '\(specification)'")
                    continue
                }
                if let type = item["contentType"]?.stringValue, type != "application/json" {
                    add(path, "contentType must be 'application/json', not '\(type)'")
                    continue
                }
                guard let encoded = item["content"]?.stringValue, let data = Data(base64Encoded: encoded) else {
                    add(path, "content must be the pact JSON encoded as base64")
                    continue
                }
                do {
                    let content = try PactContent(parsing: [UInt8](data))
                    if let consumer = item["consumerName"]?.stringValue, consumer != content.consumerName {
                        add(
                            path,
                            "consumerName '\(consumer)' does not match the consumer name in the content ('\(content.consumerName)')"
                        )
                    }
                    if let provider = item["providerName"]?.stringValue, provider != content.providerName {
                        add(
                            path,
                            "providerName '\(provider)' does not match the provider name in the content ('\(content.providerName)')"
                        )
                    }
                    if content.consumerName != name, !name.isEmpty {
                        add(path, "consumer name '\(content.consumerName)' does not match pacticipantName '\(name)'")
                    }
                    contracts.append((content, item["onConflict"]?.stringValue == "merge"))
                } catch {
                    add(path, error.message)
                }
            }
        } else {
            add("contracts", "is missing")
        }
        if !errors.isEmpty { throw BrokerError.validation(errors) }

        let (consumer, _) = try await store.ensurePacticipant(named: name)
        let (version, _) = try await store.ensureVersion(pacticipantID: consumer.id, number: number)
        if let buildURL { try await store.setBuildURL(versionID: version.id, buildURL) }
        if let branch { try await store.addToBranch(pacticipantID: consumer.id, branch: branch, versionID: version.id) }
        for tag in tags { try await store.addTag(versionID: version.id, name: tag) }
        var notices: [JSONValue] = []
        var contractLinks: [JSONValue] = []
        var queued: [QueuedWebhookDelivery] = []
        var comparisons = 0
        for (content, merge) in contracts {
            let (provider, _) = try await store.ensurePacticipant(named: content.providerName)
            let (outcome, contentID) = try await store.publish(
                content: content,
                consumer: consumer,
                provider: provider,
                version: version,
                merge: merge
            )
            comparisons += try await store.queueComparisons(contentID: contentID, providerID: provider.id)
            queued += try await raisePactWebhookEvents(
                store,
                versionID: version.id,
                providerID: provider.id,
                outcome,
                request
            )
            let text =
                switch outcome {
                case .created: "Pact published for \(consumer.name) version \(number) and provider \(provider.name)."
                case .unchanged:
                    "Pact for \(consumer.name) version \(number) and provider \(provider.name) was published with the same content as before (no change)."
                case .merged:
                    "Pact for \(consumer.name) version \(number) and provider \(provider.name) was merged with the previous content."
                }
            notices.append(["type": "success", "text": .string(text)])
            contractLinks.append(
                link(
                    request.url("pacts", "provider", provider.name, "consumer", consumer.name, "version", number),
                    title: "Pact",
                    name: "Pact between \(consumer.name) (\(number)) and \(provider.name)"
                )
            )
        }
        let versionURL = request.url("pacticipants", consumer.name, "versions", number)
        let tagLinks = tags.map {
            link(versionURL + "/tags/" + BrokerRequest.encodeSegment($0), title: "Tag", name: $0)
        }
        var answer = BrokerResponse.ok([
            "notices": .array(notices),
            "logs": .array(
                notices.map {
                    ["level": "info", "message": $0["text"] ?? "", "deprecationWarning": "Replaced by notices"]
                }
            ),
            "_embedded": [
                "pacticipant": [
                    "name": .string(consumer.name),
                    "_links": ["self": link(request.url("pacticipants", consumer.name), name: consumer.name)],
                ],
                "version": object([
                    ("number", .string(number)),
                    ("buildUrl", buildURL.json),
                    ("_links", ["self": link(versionURL, title: "Version", name: number)]),
                ]),
            ],
            "_links": [
                "pb:pacticipant": link(
                    request.url("pacticipants", consumer.name),
                    title: "Pacticipant",
                    name: consumer.name
                ),
                "pb:pacticipant-version": link(versionURL, title: "Pacticipant version", name: number),
                "pb:pacticipant-version-tags": .array(tagLinks),
                "pb:contracts": .array(contractLinks),
            ],
        ])
        answer.queuedWebhookDeliveries = queued
        answer.queuedComparisons = comparisons > 0
        return answer
    }

    static func putPact(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let content = try PactContent(parsing: request.body)
        let consumerName = try request.parameters.require("consumer")
        let providerName = try request.parameters.require("provider")
        var errors: [String: [String]] = [:]
        if content.consumerName != consumerName {
            errors["consumer", default: []].append(
                "consumer name in the pact ('\(content.consumerName)') does not match the URL ('\(consumerName)')"
            )
        }
        if content.providerName != providerName {
            errors["provider", default: []].append(
                "provider name in the pact ('\(content.providerName)') does not match the URL ('\(providerName)')"
            )
        }
        if !errors.isEmpty { throw BrokerError.validation(errors) }
        let (consumer, _) = try await store.ensurePacticipant(named: content.consumerName)
        let (provider, _) = try await store.ensurePacticipant(named: content.providerName)
        let (version, _) = try await store.ensureVersion(
            pacticipantID: consumer.id,
            number: try request.parameters.require("version")
        )
        let (outcome, _) = try await store.publish(
            content: content,
            consumer: consumer,
            provider: provider,
            version: version,
            merge: false
        )
        guard let publication = try await store.publication(consumerVersionID: version.id, providerID: provider.id),
            let stored = try await store.content(id: publication.contentID)
        else { throw BrokerStoreError(message: "the publication vanished") }
        let queued = try await WebhookTrigger.pactPublished(
            store,
            publication: publication,
            outcome: outcome,
            baseURL: request.trustedBaseURL
        )
        let json = pactJSON(publication, content: stored, metadata: nil, request)
        var answer: BrokerResponse =
            outcome == .created ? .created(json, location: request.baseURL + request.path) : .ok(json)
        answer.queuedWebhookDeliveries = queued
        answer.queuedComparisons =
            try await store.queueComparisons(contentID: publication.contentID, providerID: provider.id) > 0
        return answer
    }

    static func requireIntegration(
        _ request: BrokerRequest,
        _ store: BrokerStore
    ) async throws
        -> (consumer: PacticipantRecord, provider: PacticipantRecord)
    {
        guard let provider = try await store.pacticipant(named: try request.parameters.require("provider")) else {
            throw BrokerError.notFound("No provider with name '\(try request.parameters.require("provider"))' found")
        }
        guard let consumer = try await store.pacticipant(named: try request.parameters.require("consumer")) else {
            throw BrokerError.notFound("No consumer with name '\(try request.parameters.require("consumer"))' found")
        }
        return (consumer, provider)
    }

    static func respondWithPact(
        _ publication: PublicationRecord?,
        metadata: String?,
        _ request: BrokerRequest,
        _ store: BrokerStore
    )
        async throws -> BrokerResponse
    {
        guard let publication, let content = try await store.content(id: publication.contentID) else {
            throw BrokerError.notFound(
                "No pact found between consumer '\(try request.parameters.require("consumer"))' and provider '\(try request.parameters.require("provider"))'"
            )
        }
        var response = BrokerResponse.ok(pactJSON(publication, content: content, metadata: metadata, request))
        response.headers.append(("X-Pact-Consumer-Version", publication.consumerVersionNumber))
        return response
    }

    static func getPactByVersion(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let (consumer, provider) = try await requireIntegration(request, store)
        guard
            let version = try await store.version(
                pacticipantID: consumer.id,
                number: try request.parameters.require("version")
            )
        else {
            throw BrokerError.notFound(
                "No version '\(try request.parameters.require("version"))' of consumer '\(consumer.name)' found"
            )
        }
        let publication = try await store.publication(consumerVersionID: version.id, providerID: provider.id)
        return try await respondWithPact(publication, metadata: nil, request, store)
    }

    static func deletePact(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let (consumer, provider) = try await requireIntegration(request, store)
        guard
            let version = try await store.version(
                pacticipantID: consumer.id,
                number: try request.parameters.require("version")
            ),
            let publication = try await store.publication(consumerVersionID: version.id, providerID: provider.id)
        else { throw BrokerError.notFound("No pact found for version '\(try request.parameters.require("version"))'") }
        try await store.deletePublication(id: publication.id)
        return .noContent
    }

    static func getPactBySHA(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let (consumer, provider) = try await requireIntegration(request, store)
        let sha = try request.parameters.require("sha")
        let publication = try await store.publication(consumerID: consumer.id, providerID: provider.id, sha: sha)
        return try await respondWithPact(publication, metadata: request.parameters.get("metadata"), request, store)
    }

    static func latestPactForIntegration(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse
    {
        let (consumer, provider) = try await requireIntegration(request, store)
        let publication = try await store.latestPublication(
            consumerID: consumer.id,
            providerID: provider.id,
            tag: request.parameters.get("tag"),
            branch: request.parameters.get("branch")
        )
        return try await respondWithPact(publication, metadata: nil, request, store)
    }

    static func pactVersions(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let (consumer, provider) = try await requireIntegration(request, store)
        let publications = try await store.publications(consumerID: consumer.id, providerID: provider.id)
        let links = publications.map { p in
            link(
                request.url(
                    "pacts",
                    "provider",
                    provider.name,
                    "consumer",
                    consumer.name,
                    "version",
                    p.consumerVersionNumber
                ),
                title: "Pact",
                name: "Pact between \(consumer.name) (\(p.consumerVersionNumber)) and \(provider.name)"
            )
        }
        return .ok([
            "_links": [
                "self": link(request.baseURL + request.path),
                "pb:consumer": link(request.url("pacticipants", consumer.name), name: consumer.name),
                "pb:provider": link(request.url("pacticipants", provider.name), name: provider.name),
                "pb:pact-versions": .array(links),
            ]
        ])
    }

    static func latestProviderPacts(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        guard let provider = try await store.pacticipant(named: try request.parameters.require("provider")) else {
            throw BrokerError.notFound("No provider with name '\(try request.parameters.require("provider"))' found")
        }
        let publications = try await store.latestPublications(
            providerID: provider.id,
            tag: request.parameters.get("tag")
        )
        let links = publications.map { p in
            link(
                request.url(
                    "pacts",
                    "provider",
                    provider.name,
                    "consumer",
                    p.consumerName,
                    "version",
                    p.consumerVersionNumber
                ),
                title: "Pact between \(p.consumerName) (\(p.consumerVersionNumber)) and \(provider.name)",
                name: p.consumerName
            )
        }
        return .ok([
            "_links": [
                "self": link(
                    request.baseURL + request.path,
                    title: "Latest pact versions for the provider \(provider.name)"
                ),
                "pb:provider": link(request.url("pacticipants", provider.name), name: provider.name),
                "provider": link(
                    request.url("pacticipants", provider.name),
                    title: "DEPRECATED - please use pb:provider",
                    name: provider.name
                ),
                "pb:pacts": .array(links),
                "pacts": .array(links),
            ]
        ])
    }

    static func latestPacts(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let publications = try await store.latestPublications()
        let items: [JSONValue] = publications.map { p in
            let url = request.url(
                "pacts",
                "provider",
                p.providerName,
                "consumer",
                p.consumerName,
                "version",
                p.consumerVersionNumber
            )
            return [
                "createdAt": .string(p.createdAt),
                "_embedded": [
                    "consumer": [
                        "name": .string(p.consumerName),
                        "_links": ["self": link(request.url("pacticipants", p.consumerName))],
                        "_embedded": [
                            "version": ["number": .string(p.consumerVersionNumber)]
                        ],
                    ],
                    "provider": [
                        "name": .string(p.providerName),
                        "_links": ["self": link(request.url("pacticipants", p.providerName))],
                    ],
                ],
                // The latest pact's URL first, then the version's (the Pact Broker's `latest_pact_decorator.rb`).
                "_links": [
                    "self": [
                        link(request.url("pacts", "provider", p.providerName, "consumer", p.consumerName, "latest")),
                        link(url),
                    ]
                ],
            ]
        }
        let latest = publications.map { p in
            link(
                request.url("pacts", "provider", p.providerName, "consumer", p.consumerName, "latest"),
                title: "Latest pact between \(p.consumerName) and \(p.providerName)"
            )
        }
        let deprecated = latest.map { item -> JSONValue in
            guard case .object(var members) = item else { return item }
            members["name"] = "DEPRECATED - please use the pb:pacts relation"
            return .object(members)
        }
        return .ok([
            "pacts": .array(items),
            "_links": [
                "self": link(request.url("pacts", "latest")), "pb:pacts": .array(latest),
                "pacts": .array(deprecated),
            ],
        ])
    }
}

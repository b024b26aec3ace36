import Foundation
import Hummingbird
import PactumCore

extension BrokerAPI {
    // MARK: Branch collections (`pact broker get-pacts`)

    static func requireProvider(_ request: BrokerRequest, _ store: BrokerStore) async throws -> PacticipantRecord {
        guard let provider = try await store.pacticipant(named: try request.parameters.require("provider")) else {
            throw BrokerError.notFound("No provider with name '\(try request.parameters.require("provider"))' found")
        }
        return provider
    }

    /// The branch a collection route names: nil (each consumer's main branch) for `…/branch`, and for
    /// `…/branch/latest` when no consumer version is on a branch literally named "latest" (the official CLI's
    /// `get-pacts --latest` asks for that path meaning the latest main-branch pacts).
    static func collectionBranch(
        _ request: BrokerRequest,
        _ store: BrokerStore,
        providerID: Int,
        consumerID: Int?,
        latestSuffix: Bool
    ) async throws -> (branch: String?, latest: Bool) {
        guard let branch = request.parameters.get("branch") else { return (nil, false) }
        if latestSuffix { return (branch, true) }
        if branch == "latest",
            try await !store.hasBranchPublications(providerID: providerID, consumerID: consumerID, branch: branch)
        {
            return (nil, true)
        }
        return (branch, false)
    }

    /// `/pacts/provider/{P}/branch/{b}/latest`.
    static func latestBranchPactCollection(
        _ request: BrokerRequest,
        _ store: BrokerStore
    ) async throws
        -> BrokerResponse
    {
        try await branchPactCollection(request, store, latestSuffix: true)
    }

    /// `/pacts/provider/{P}[/consumer/{C}]/branch[/{b}][/latest]`.
    static func branchPactCollection(
        _ request: BrokerRequest,
        _ store: BrokerStore,
        latestSuffix: Bool = false
    ) async throws -> BrokerResponse {
        let provider = try await requireProvider(request, store)
        var consumer: PacticipantRecord?
        if let name = request.parameters.get("consumer") {
            guard let found = try await store.pacticipant(named: name) else {
                throw BrokerError.notFound("No consumer with name '\(name)' found")
            }
            consumer = found
        }
        let (branch, latest) = try await collectionBranch(
            request,
            store,
            providerID: provider.id,
            consumerID: consumer?.id,
            latestSuffix: latestSuffix
        )
        let publications = try await store.branchPublications(
            providerID: provider.id,
            consumerID: consumer?.id,
            branch: branch,
            latestOnly: latest
        )
        let scope = branch.map { "branch '\($0)'" } ?? "the main branch"
        let between =
            consumer.map { "the pact between \($0.name) and \(provider.name)" } ?? "pacts for \(provider.name)"
        let title = (latest ? "Latest version of " : "All versions of ") + between + " from \(scope)"
        return .ok(pactCollectionJSON(publications, provider: provider, consumer: consumer, title: title, request))
    }

    /// A pact collection: `_embedded.pacts[]` (the Pact Broker's shape) and `_links.pb:pacts[]` (what the official
    /// `get-pacts` tabulates: `name` = consumer, `title`, `href`).
    static func pactCollectionJSON(
        _ publications: [PublicationRecord],
        provider: PacticipantRecord,
        consumer: PacticipantRecord?,
        title: String,
        _ request: BrokerRequest
    ) -> JSONValue {
        func pactURL(_ p: PublicationRecord) -> String {
            request.url(
                "pacts",
                "provider",
                p.providerName,
                "consumer",
                p.consumerName,
                "version",
                p.consumerVersionNumber
            )
        }
        func pactTitle(_ p: PublicationRecord) -> String {
            "Pact between \(p.consumerName) (\(p.consumerVersionNumber)) and \(p.providerName)"
        }
        let embedded: [JSONValue] = publications.map { p in
            [
                "createdAt": .string(p.createdAt),
                "_embedded": [
                    "consumerVersion": [
                        "number": .string(p.consumerVersionNumber),
                        "_links": [
                            "self": link(
                                request.url("pacticipants", p.consumerName, "versions", p.consumerVersionNumber),
                                title: "Version",
                                name: p.consumerVersionNumber
                            )
                        ],
                    ]
                ],
                "_links": ["self": link(pactURL(p), title: pactTitle(p), name: p.consumerName)],
            ]
        }
        var links: [String: JSONValue] = [
            "self": link(request.baseURL + request.path, title: title),
            "pb:provider": link(request.url("pacticipants", provider.name), title: "Provider", name: provider.name),
            "provider": link(request.url("pacticipants", provider.name), title: "Provider", name: provider.name),
            "pb:pacts": .array(publications.map { link(pactURL($0), title: pactTitle($0), name: $0.consumerName) }),
        ]
        if let consumer {
            let consumerLink = link(request.url("pacticipants", consumer.name), title: "Consumer", name: consumer.name)
            links["pb:consumer"] = consumerLink
            links["consumer"] = consumerLink
        }
        return ["_embedded": ["pacts": .array(embedded)], "_links": .object(links)]
    }

    // MARK: Provider states by branch and environment

    /// `/pacts/provider/{P}/provider-states`: the latest pact of each consumer's main branch (the overall latest
    /// pact for a consumer without a main-branch pact).
    static func mainBranchProviderStates(
        _ request: BrokerRequest,
        _ store: BrokerStore
    ) async throws
        -> BrokerResponse
    {
        let provider = try await requireProvider(request, store)
        var publications = try await store.branchPublications(providerID: provider.id, branch: nil, latestOnly: true)
        let covered = Set(publications.map(\.consumerID))
        publications += try await store.latestPublications(providerID: provider.id).filter {
            !covered.contains($0.consumerID)
        }
        return .ok(try await providerStatesJSON(publications, store))
    }

    /// `/pacts/provider/{P}/provider-states/branch/{b}`: the latest pact of each consumer on that branch.
    static func branchProviderStates(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let provider = try await requireProvider(request, store)
        let publications = try await store.branchPublications(
            providerID: provider.id,
            branch: try request.parameters.require("branch"),
            latestOnly: true
        )
        return .ok(try await providerStatesJSON(publications, store))
    }

    /// `/pacts/provider/{P}/provider-states/environment/{name}`: the pacts of the consumer versions currently
    /// deployed or released in the environment (named by name, as the official CLI sends it, or by UUID).
    static func environmentProviderStates(
        _ request: BrokerRequest,
        _ store: BrokerStore
    ) async throws
        -> BrokerResponse
    {
        let provider = try await requireProvider(request, store)
        let name = try request.parameters.require("environment")
        var found = try await store.environment(named: name)
        if found == nil { found = try await store.environment(uuid: name) }
        guard let environment = found else {
            throw BrokerError.notFound("No environment with name '\(name)' found")
        }
        let publications = try await store.environmentPublications(
            providerID: provider.id,
            environmentID: environment.id
        )
        return .ok(try await providerStatesJSON(publications, store))
    }

    /// `{providerStates: [{name, params?, consumers: […]}]}` sorted by name, from the given pacts.
    static func providerStatesJSON(
        _ publications: [PublicationRecord],
        _ store: BrokerStore
    ) async throws
        -> JSONValue
    {
        var states: [String: (params: JSONValue?, consumers: Set<String>)] = [:]
        for publication in publications {
            guard let content = try await store.content(id: publication.contentID) else { continue }
            for interaction in (content["interactions"]?.arrayValue ?? []) + (content["messages"]?.arrayValue ?? []) {
                var found: [(String, JSONValue?)] = []
                if let state = interaction["providerState"]?.stringValue ?? interaction["provider_state"]?.stringValue {
                    found.append((state, nil))
                }
                for state in interaction["providerStates"]?.arrayValue ?? [] {
                    if let name = state["name"]?.stringValue { found.append((name, state["params"])) }
                }
                for (name, params) in found {
                    states[name, default: (params, [])].consumers.insert(publication.consumerName)
                }
            }
        }
        let items: [JSONValue] = states.keys.sorted().map { name in
            object([
                ("name", .string(name)),
                ("params", states[name]?.params),
                ("consumers", .array((states[name]?.consumers ?? []).sorted().map(JSONValue.string))),
            ])
        }
        return ["providerStates": .array(items)]
    }
}

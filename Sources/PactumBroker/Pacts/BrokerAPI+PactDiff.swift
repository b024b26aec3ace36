import Foundation
import Hummingbird
import PactumCore

extension BrokerAPI {
    // MARK: Previous distinct pact and diffs

    /// The publication of consumer version `parameter` (default `version`) between the route's consumer and provider.
    static func requirePublication(
        _ request: BrokerRequest,
        _ store: BrokerStore,
        version parameter: String = "version"
    ) async throws -> PublicationRecord {
        let (consumer, provider) = try await requireIntegration(request, store)
        let number = try request.parameters.require(parameter)
        guard let version = try await store.version(pacticipantID: consumer.id, number: number),
            let publication = try await store.publication(consumerVersionID: version.id, providerID: provider.id)
        else {
            throw BrokerError.notFound(
                "No pact found between consumer '\(consumer.name)' version '\(number)' and provider '\(provider.name)'"
            )
        }
        return publication
    }

    /// The publication of the pact content `parameter` (a sha) between the route's consumer and provider.
    static func requirePublication(
        _ request: BrokerRequest,
        _ store: BrokerStore,
        sha parameter: String
    ) async throws
        -> PublicationRecord
    {
        let (consumer, provider) = try await requireIntegration(request, store)
        let sha = try request.parameters.require(parameter)
        guard
            let publication = try await store.publication(consumerID: consumer.id, providerID: provider.id, sha: sha)
        else {
            throw BrokerError.notFound(
                "No pact with content version '\(sha)' found between consumer '\(consumer.name)' and provider '\(provider.name)'"
            )
        }
        return publication
    }

    static func requirePreviousDistinct(
        _ publication: PublicationRecord,
        _ store: BrokerStore
    ) async throws
        -> PublicationRecord
    {
        guard let previous = try await store.previousDistinctPublication(publication) else {
            throw BrokerError.notFound(
                "No previous distinct version of the pact between \(publication.consumerName) "
                    + "(\(publication.consumerVersionNumber)) and \(publication.providerName) was found: every earlier "
                    + "version has the same content, or there is no earlier version"
            )
        }
        return previous
    }

    /// `…/version/{v}/previous-distinct`: the newest earlier pact whose content differs.
    static func previousDistinctPact(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let previous = try await requirePreviousDistinct(try await requirePublication(request, store), store)
        return try await respondWithPact(previous, metadata: nil, request, store)
    }

    /// `…/version/{v}/diff/previous-distinct`.
    static func diffPreviousDistinct(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let publication = try await requirePublication(request, store)
        let previous = try await requirePreviousDistinct(publication, store)
        return try await diffResponse(from: previous, to: publication, request, store)
    }

    /// `…/version/{v}/diff/version/{other}`: from the other version's pact to this one.
    static func diffVersions(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let publication = try await requirePublication(request, store)
        let other = try await requirePublication(request, store, version: "other")
        return try await diffResponse(from: other, to: publication, request, store)
    }

    /// `…/pact-version/{sha}/diff/pact-version/{other}`.
    static func diffPactVersions(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let publication = try await requirePublication(request, store, sha: "sha")
        let other = try await requirePublication(request, store, sha: "other")
        return try await diffResponse(from: other, to: publication, request, store)
    }

    /// The diff as HAL JSON, or as text when the client accepts `text/plain` but not JSON.
    static func diffResponse(
        from older: PublicationRecord,
        to newer: PublicationRecord,
        _ request: BrokerRequest,
        _ store: BrokerStore
    ) async throws -> BrokerResponse {
        guard let before = try await store.content(id: older.contentID),
            let after = try await store.content(id: newer.contentID)
        else { throw BrokerStoreError(message: "pact content \(older.sha) or \(newer.sha) is missing") }
        let diff = PactDiff(from: before, to: after)
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
        let heading =
            "Differences from the pact of \(older.consumerName) version \(older.consumerVersionNumber) "
            + "to version \(newer.consumerVersionNumber) (provider \(newer.providerName))"
        let accept = request.accept?.lowercased() ?? ""
        if accept.contains("text/plain"), !accept.contains("json") {
            var response = BrokerResponse(status: 200, json: nil)
            response.contentType = "text/plain;charset=utf-8"
            response.text = heading + "\n" + diff.text
            return response
        }
        guard case .object(var members) = diff.json else { return .ok(diff.json) }
        members["title"] = .string(heading)
        members["from"] = ["consumerVersion": .string(older.consumerVersionNumber), "sha": .string(older.sha)]
        members["to"] = ["consumerVersion": .string(newer.consumerVersionNumber), "sha": .string(newer.sha)]
        members["text"] = .string(diff.text)
        members["_links"] = [
            "self": link(request.baseURL + request.path, title: "Diff"),
            "pb:from-pact": link(pactURL(older), title: "Pact", name: older.consumerVersionNumber),
            "pb:to-pact": link(pactURL(newer), title: "Pact", name: newer.consumerVersionNumber),
        ]
        return .ok(.object(members))
    }
}

import Foundation
import PactumCore
import Testing

@testable import PactumBroker

/// Builds the data of the official broker client's provider states on a running broker, step by step as the Pact
/// Broker's `TestDataBuilder` does (`lib/pact_broker/test/test_data_builder.rb`): through the broker's HTTP API, and
/// through its store for what the API cannot name (a deployed version's UUID).
struct BrokerClientTestData {
    var client: BrokerHTTPTestClient
    /// Runs `body` on a transaction of the broker's own database.
    var store: @Sendable (@escaping @Sendable (BrokerStore) async throws -> Void) async throws -> Void

    /// The Pact Broker's `create_pricing_service`: the provider with its repository URL.
    static let pricingServiceRepository = "git@git.realestate.com.au:business-systems/pricing-service"

    func pacticipant(_ name: String, repositoryURL: String? = nil) async throws {
        let body = object([("name", .string(name)), ("repositoryUrl", repositoryURL.map(JSONValue.string))])
        try await expect("POST", "/pacticipants", body: body, status: [200, 201])
    }

    /// A version, on a branch when one is given.
    func version(_ pacticipant: String, _ number: String, branch: String? = nil) async throws {
        let path = "/pacticipants/\(Self.escape(pacticipant))/versions/\(Self.escape(number))"
        try await expect("PUT", path, body: object([("branch", branch.map(JSONValue.string))]), status: [200, 201])
    }

    func tag(_ pacticipant: String, _ number: String, _ tag: String) async throws {
        let path = "/pacticipants/\(Self.escape(pacticipant))/versions/\(Self.escape(number))/tags/\(Self.escape(tag))"
        try await expect("PUT", path, body: [:], status: [200, 201])
    }

    /// A pact of the consumer version: the builder's `default_json_content` (no interactions, a random member so
    /// that every pact, and every revision, has content of its own).
    func pact(_ consumer: String, _ version: String, _ provider: String, interactions: JSONValue = []) async throws {
        let content: JSONValue = [
            "consumer": ["name": .string(consumer)], "provider": ["name": .string(provider)],
            "interactions": interactions, "metadata": ["pactSpecification": ["version": "4.0"]],
            "random": .string(UUID().uuidString),
        ]
        let path =
            "/pacts/provider/\(Self.escape(provider))/consumer/\(Self.escape(consumer))/version/"
            + Self.escape(version)
        try await expect("PUT", path, body: content, status: [200, 201])
    }

    /// A verification of the consumer version's latest pact revision by a provider version.
    func verification(
        _ consumer: String,
        _ version: String,
        by provider: String,
        _ providerVersion: String,
        success: Bool = true
    ) async throws {
        try await client.publishVerification(
            provider: Self.escape(provider),
            consumer: Self.escape(consumer),
            consumerVersion: Self.escape(version),
            providerVersion: providerVersion,
            success: success
        )
    }

    /// An environment, its display name the builder's (`name.camelcase`), with a known UUID when one is given.
    func environment(_ name: String, uuid: String? = nil, contacts: JSONValue? = nil) async throws {
        let body = object([
            ("name", .string(name)), ("displayName", .string(name.prefix(1).uppercased() + name.dropFirst())),
            ("production", false), ("uuid", uuid.map(JSONValue.string)), ("contacts", contacts),
        ])
        try await expect("POST", "/environments", body: body, status: [201])
    }

    /// A webhook with a known UUID between a consumer and provider, as the builder's `create_webhook`.
    func webhook(uuid: String, consumer: String, provider: String) async throws {
        let body: JSONValue = [
            "consumer": ["name": .string(consumer)], "provider": ["name": .string(provider)],
            "events": [["name": "contract_content_changed"]],
            "request": [
                "method": "POST", "url": "http://example.org", "headers": ["content-type": "application/json"],
            ],
        ]
        try await expect("PUT", "/webhooks/\(uuid)", body: body, status: [200, 201])
    }

    /// A deployment of a pacticipant version to an environment with a known UUID: the store names it, as the
    /// builder's `create_deployed_version_for_consumer_version(uuid:)` does.
    func deployment(
        uuid: String,
        of pacticipant: String,
        _ number: String,
        to environmentUUID: String,
        target: String? = nil
    ) async throws {
        try await store { store in
            guard let participant = try await store.pacticipant(named: pacticipant),
                let version = try await store.version(pacticipantID: participant.id, number: number),
                let environment = try await store.environment(uuid: environmentUUID)
            else {
                throw TestFailure(description: "\(pacticipant) \(number) or environment \(environmentUUID) missing")
            }
            _ = try await store.recordDeployment(
                version: version,
                environment: environment,
                applicationInstance: target ?? "",
                uuid: uuid
            )
        }
    }

    private func expect(_ method: String, _ path: String, body: JSONValue, status: Set<Int>) async throws {
        let answer = try await client.send(method, path, body: JSONWriter.compact(body))
        guard status.contains(answer.status) else {
            throw TestFailure(description: "\(method) \(path) answered \(answer.status): \(answer.text)")
        }
    }

    static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? segment
    }
}

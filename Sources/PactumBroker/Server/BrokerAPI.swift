import Foundation
import PactumCore

/// The Pact Broker-compatible HAL API. Each feature folder adds its routes (`pacticipantRoutes`, `pactRoutes`, …) and
/// their handlers in an extension; `BrokerRouter` registers them. Here: the index and the diagnostics.
enum BrokerAPI {
    /// The index and the diagnostics.
    static let indexRoutes: [BrokerRoute] = [
        BrokerRoute("GET", "/", index),
        BrokerRoute(
            "GET",
            "/diagnostic/status/heartbeat",
            { request, _ in
                .ok(["ok": true, "_links": ["self": link(request.url("diagnostic", "status", "heartbeat"))]])
            }
        ),
        BrokerRoute("GET", "/diagnostic/status/dependencies", dependencies),
        BrokerOpenAPI.route,
    ]

    /// The Pact Broker's dependency check: the handler runs in a transaction, so reaching it means the database
    /// answered; a database that does not answer makes the dispatcher's error response (503) instead.
    static func dependencies(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        try await store.ping()
        return .ok([
            "database": ["ok": true],
            "_links": ["self": link(request.url("diagnostic", "status", "dependencies"))],
        ])
    }

    // MARK: Index

    static func index(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        // A browser (Accept prefers text/html) gets the web UI's dashboard; API clients get the HAL index.
        if BrokerUI.prefersHTML(request.accept) { return BrokerUI.html(try await BrokerUI.dashboard(request, store)) }
        let base = request.baseURL
        func templated(_ path: String, _ title: String) -> JSONValue {
            link(base + path, title: title, templated: path.contains("{"))
        }
        let links: [String: JSONValue] = [
            "self": link(base + "/", title: "Index"),
            "pb:publish-pact": templated(
                "/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}",
                "Publish a pact"
            ),
            "pb:publish-contracts": templated("/contracts/publish", "Publish contracts"),
            "pf:publish-provider-contract": templated(
                "/provider-contracts/provider/{provider}/publish",
                "Publish a provider contract (bi-directional contract testing)"
            ),
            "pb:latest-pact-versions": templated("/pacts/latest", "Latest pact versions"),
            "pb:tagged-pact-versions": templated(
                "/pacts/provider/{provider}/consumer/{consumer}/tag/{tag}",
                "All versions of a pact for a given consumer, provider and consumer version tag"
            ),
            "pb:pacticipants": templated("/pacticipants", "Pacticipants"),
            "pb:pacticipant": templated("/pacticipants/{pacticipant}", "Fetch pacticipant by name"),
            "pb:latest-provider-pacts": templated(
                "/pacts/provider/{provider}/latest",
                "Latest pacts by provider"
            ),
            "pb:latest-provider-pacts-with-tag": templated(
                "/pacts/provider/{provider}/latest/{tag}",
                "Latest pacts for provider with the specified tag"
            ),
            "pb:provider-pacts": templated(
                "/pacts/provider/{provider}",
                "All pact versions for the specified provider"
            ),
            "pb:latest-version": templated("/pacticipants/{pacticipant}/latest-version", "Latest pacticipant version"),
            "pb:latest-tagged-version": templated(
                "/pacticipants/{pacticipant}/latest-version/{tag}",
                "Latest pacticipant version with the specified tag"
            ),
            "pb:webhooks": templated("/webhooks", "Webhooks"),
            "pb:webhook": templated("/webhooks/{uuid}", "Webhook"),
            "pb:integrations": templated("/integrations", "Integrations"),
            "pb:pacticipant-version-tag": templated(
                "/pacticipants/{pacticipant}/versions/{version}/tags/{tag}",
                "Get, create or delete a tag for a pacticipant version"
            ),
            "pb:pacticipant-branch": templated(
                "/pacticipants/{pacticipant}/branches/{branch}",
                "Get or delete a pacticipant branch"
            ),
            "pb:pacticipant-branch-version": templated(
                "/pacticipants/{pacticipant}/branches/{branch}/versions/{version}",
                "Get or add/create a pacticipant version for a branch"
            ),
            "pb:pacticipant-version": templated(
                "/pacticipants/{pacticipant}/versions/{version}",
                "Get, create or delete a pacticipant version"
            ),
            "pb:can-i-deploy-pacticipant-version-to-tag": templated(
                "/can-i-deploy?pacticipant={pacticipant}&version={version}&to={tag}",
                "Determine if an application version can be safely deployed to an environment identified by the given tag"
            ),
            "pb:can-i-deploy-pacticipant-version-to-environment": templated(
                "/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}",
                "Determine if an application version can be safely deployed to an environment"
            ),
            "pb:provider-pacts-for-verification": templated(
                "/pacts/provider/{provider}/for-verification",
                "Pact versions to be verified for the specified provider"
            ),
            "beta:provider-pacts-for-verification": templated(
                "/pacts/provider/{provider}/for-verification",
                "DEPRECATED - please use pb:provider-pacts-for-verification"
            ),
            "pb:environments": templated("/environments", "Environments"),
            "pb:environment": templated("/environments/{uuid}", "Environment"),
            "curies": [
                ["name": "pb", "href": .string(base + "/doc/{rel}?context=index"), "templated": true],
                ["name": "beta", "href": .string(base + "/doc/{rel}?context=index"), "templated": true],
                ["name": "pf", "href": .string(base + "/doc/{rel}?context=index"), "templated": true],
            ],
        ]
        return .ok(["_links": .object(links)])
    }
}

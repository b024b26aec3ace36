import Foundation
import PactumCore

/// The Pact Broker-compatible HAL API: the route table, in the Pact Broker's declaration order.
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
    ]

    /// Pacticipants, their labels, versions, tags and branches.
    static let pacticipantRoutes: [BrokerRoute] = [
        BrokerRoute("GET", "/pacticipants", listPacticipants),
        BrokerRoute("POST", "/pacticipants", createPacticipant),
        BrokerRoute("GET", "/pacticipants/label/:label", pacticipantsWithLabel),
        BrokerRoute("GET", "/pacticipants/:pacticipant", getPacticipant),
        BrokerRoute("PATCH", "/pacticipants/:pacticipant", patchPacticipant),
        BrokerRoute("PUT", "/pacticipants/:pacticipant", putPacticipant),
        BrokerRoute("DELETE", "/pacticipants/:pacticipant", deletePacticipant),
        // Labels
        BrokerRoute("GET", "/pacticipants/:pacticipant/labels/:label", getLabel),
        BrokerRoute("PUT", "/pacticipants/:pacticipant/labels/:label", putLabel),
        BrokerRoute("DELETE", "/pacticipants/:pacticipant/labels/:label", deleteLabel),
        BrokerRoute("GET", "/labels", listLabels),
        // Versions, branches, tags
        BrokerRoute("GET", "/pacticipants/:pacticipant/versions", listVersions),
        BrokerRoute("GET", "/pacticipants/:pacticipant/versions/:version", getVersion),
        BrokerRoute("PUT", "/pacticipants/:pacticipant/versions/:version", putVersion),
        BrokerRoute("PATCH", "/pacticipants/:pacticipant/versions/:version", putVersion),
        BrokerRoute("DELETE", "/pacticipants/:pacticipant/versions/:version", deleteVersion),
        BrokerRoute("GET", "/pacticipants/:pacticipant/latest-version", latestVersion),
        BrokerRoute("GET", "/pacticipants/:pacticipant/latest-version/:tag", latestVersion),
        BrokerRoute("GET", "/pacticipants/:pacticipant/versions/:version/tags/:tag", getTag),
        BrokerRoute("PUT", "/pacticipants/:pacticipant/versions/:version/tags/:tag", putTag),
        BrokerRoute("DELETE", "/pacticipants/:pacticipant/versions/:version/tags/:tag", deleteTag),
        BrokerRoute("GET", "/pacticipants/:pacticipant/branches", listBranches),
        BrokerRoute("GET", "/pacticipants/:pacticipant/branches/:branch", getBranch),
        BrokerRoute("DELETE", "/pacticipants/:pacticipant/branches/:branch", deleteBranch),
        BrokerRoute("GET", "/pacticipants/:pacticipant/branches/:branch/latest-version", branchLatestVersion),
        BrokerRoute("GET", "/pacticipants/:pacticipant/branches/:branch/versions/:version", getBranchVersion),
        BrokerRoute("PUT", "/pacticipants/:pacticipant/branches/:branch/versions/:version", putBranchVersion),
        BrokerRoute("DELETE", "/pacticipants/:pacticipant/branches/:branch/versions/:version", deleteBranchVersion),
    ]

    /// Environments, and the deployments and releases of versions to them.
    static let environmentRoutes: [BrokerRoute] = [
        BrokerRoute(
            "GET",
            "/pacticipants/:pacticipant/versions/:version/deployed-versions/environment/:uuid",
            listVersionDeployments
        ),
        BrokerRoute(
            "POST",
            "/pacticipants/:pacticipant/versions/:version/deployed-versions/environment/:uuid",
            recordDeployment
        ),
        BrokerRoute(
            "GET",
            "/pacticipants/:pacticipant/versions/:version/released-versions/environment/:uuid",
            listVersionReleases
        ),
        BrokerRoute(
            "POST",
            "/pacticipants/:pacticipant/versions/:version/released-versions/environment/:uuid",
            recordRelease
        ),
        BrokerRoute("GET", "/deployed-versions/:uuid", getDeployedVersion),
        BrokerRoute("PATCH", "/deployed-versions/:uuid", patchDeployedVersion),
        BrokerRoute("GET", "/released-versions/:uuid", getReleasedVersion),
        BrokerRoute("PATCH", "/released-versions/:uuid", patchReleasedVersion),
        // Environments
        BrokerRoute("GET", "/environments", listEnvironments),
        BrokerRoute("POST", "/environments", createEnvironment),
        BrokerRoute("GET", "/environments/:uuid", getEnvironment),
        BrokerRoute("PUT", "/environments/:uuid", putEnvironment),
        BrokerRoute("DELETE", "/environments/:uuid", deleteEnvironment),
        BrokerRoute("GET", "/environments/:uuid/deployed-versions/currently-deployed", currentlyDeployed),
        BrokerRoute("GET", "/environments/:uuid/released-versions/currently-supported", currentlySupported),
    ]

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
        BrokerRoute("POST", "/pacts/provider/:provider/for-verification", pactsForVerification),
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

    /// The matrix and can-i-deploy.
    static let matrixRoutes: [BrokerRoute] = [
        BrokerRoute("GET", "/matrix", matrix),
        BrokerRoute("GET", "/can-i-deploy", canIDeploy),
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
            ],
        ]
        return .ok(["_links": .object(links)])
    }
}

import PactumCore
import PactumVerifier

/// The provider states of the official broker client's contracts, each building what the Pact Broker's own
/// harness builds for it (`spec/service_consumers/shared_provider_states.rb`) on an empty database.
enum BrokerClientProviderStates {
    /// The states that only say a relation exists or does not: nothing to set up.
    static let noOperation: [String] = [
        "the pb:latest-tagged-version relation exists in the index resource",
        "the pb:latest-version relation exists in the index resource",
        "version 5556b8149bf8bac76bc30f50a8a2dd4c22c85f30 of pacticipant Foo does not exist",
        "the 'Pricing Service' does not exist in the pact-broker",
        "no pact between Condor and the Pricing Service exists",
        "'Condor' does not exist in the pact-broker",
        "no pacticipant version exists for the Pricing Service",
        "the pacticipant relations are present",
        "the pb:pacticipant-version relation exists in the index resource",
        "version 26f353580936ad3b9baddb17b00e84f33c69e7cb of pacticipant Foo does not exist",
        "the pb:publish-contracts relations exists in the index resource",
        "the pb:environments relation exists in the index resource",
        "the pb:pacticipant-branch relation exists in the index resource",
        "the pb:pacticipant-version and pb:environments relations exist in the index resource",
        // The PactFlow contracts': the relation and the link are always there; teams are not kept apart here (a
        // webhook keeps the team UUID it is given).
        "the pb:publish-provider-contract relation exists in the index resource",
        "there is a pf:ui href in the response",
        "a team with UUID 2abbc12a-427d-432a-a521-c870af1739d9 exists",
    ]

    static let testEnvironment = "cb632df3-0a0d-4227-aac3-60114dd36479"
    static let namedTestEnvironment = "16926ef3-590f-4e3f-838e-719717aa88c9"
    static let fooVersion = "5556b8149bf8bac76bc30f50a8a2dd4c22c85f30"

    /// Every state's set-up, by name.
    static func setUps(_ data: BrokerClientTestData) -> [String: @Sendable () async throws -> Void] {
        var states: [String: @Sendable () async throws -> Void] = [:]
        for name in noOperation { states[name] = {} }

        // Pacticipants and versions.
        states["'Condor' exists in the pact-broker with the latest tagged 'production' version 1.2.3"] = {
            try await data.pacticipant("Condor")
            try await data.version("Condor", "1.2.3")
            try await data.tag("Condor", "1.2.3", "production")
            try await data.version("Condor", "2.0.0")
        }
        states["'Condor' exists in the pact-broker with the latest version 1.2.3"] = {
            try await data.pacticipant("Condor")
            try await data.version("Condor", "1.0.0")
            try await data.version("Condor", "1.2.3")
        }
        states["the 'Pricing Service' and 'Condor' already exist in the pact-broker"] = {
            try await data.pacticipant("Condor")
            try await data.pacticipant("Pricing Service")
        }
        states["the 'Pricing Service' already exists in the pact-broker"] = {
            try await data.pacticipant("Pricing Service", repositoryURL: BrokerClientTestData.pricingServiceRepository)
            try await data.version("Pricing Service", "1.3.0")
        }
        states["'Condor' already exist in the pact-broker, but the 'Pricing Service' does not"] = {
            try await data.pacticipant("Condor")
        }
        states["'Condor' exists in the pact-broker"] = {
            try await data.pacticipant("Condor")
            try await data.version("Condor", "1.3.0")
        }
        states["'Condor' exists in the pact-broker with version 1.3.0, tagged with 'prod'"] = {
            try await data.pacticipant("Condor")
            try await data.version("Condor", "1.3.0")
            try await data.tag("Condor", "1.3.0", "prod")
        }
        states["a pacticipant with name Foo exists"] = { try await data.pacticipant("Foo") }
        states["version 26f353580936ad3b9baddb17b00e84f33c69e7cb of pacticipant Foo does exist"] = {
            try await data.pacticipant("Foo")
            try await data.version("Foo", "26f353580936ad3b9baddb17b00e84f33c69e7cb")
        }
        states["a branch named main exists for pacticipant Foo"] = {
            try await data.pacticipant("Foo")
            try await data.version("Foo", "1", branch: "main")
        }

        // Pacts between Condor and the Pricing Service.
        let condorPact: @Sendable (String?) async throws -> Void = { tag in
            try await data.pacticipant("Condor")
            try await data.version("Condor", "1.3.0")
            if let tag { try await data.tag("Condor", "1.3.0", tag) }
            try await data.pacticipant("Pricing Service", repositoryURL: BrokerClientTestData.pricingServiceRepository)
            try await data.pact("Condor", "1.3.0", "Pricing Service")
        }
        states["a pact between Condor and the Pricing Service exists"] = { try await condorPact(nil) }
        states[
            "the 'Pricing Service' and 'Condor' already exist in the pact-broker, and Condor already has a pact "
                + "published for version 1.3.0"
        ] = { try await condorPact(nil) }
        states["a latest pact between Condor and the Pricing Service exists"] = { try await condorPact(nil) }
        states["a pact between Condor and the Pricing Service exists for the production version of Condor"] = {
            try await condorPact("prod")
        }
        states["tagged as prod pact between Condor and the Pricing Service exists"] = { try await condorPact("prod") }

        // Verifications between Foo and Bar. The builder's `revise_pact` publishes new content for the same
        // consumer version before the verifications.
        let verified: @Sendable (String) async throws -> Void = { foo in
            try await data.pact(foo, "1.2.3", "Bar")
            try await data.pact(foo, "1.2.3", "Bar")
            try await data.verification(foo, "1.2.3", by: "Bar", "4.5.6")
            try await data.verification(foo, "1.2.3", by: "Bar", "7.8.9")
            try await data.pact(foo, "2.0.0", "Bar")
            try await data.pact(foo, "2.0.0", "Bar")
            try await data.verification(foo, "2.0.0", by: "Bar", "4.5.6")
        }
        states["the pact for Foo Thing version 1.2.3 has been verified by Bar version 4.5.6"] = {
            try await verified("Foo Thing")
        }
        states["the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6"] = { try await verified("Foo") }
        states["the pact for Foo version 1.2.3 and 1.2.4 has been verified by Bar version 4.5.6"] = {
            try await data.pact("Foo", "1.2.3", "Bar")
            try await data.pact("Foo", "1.2.3", "Bar")
            try await data.verification("Foo", "1.2.3", by: "Bar", "4.5.6")
            try await data.pact("Foo", "1.2.4", "Bar")
            try await data.pact("Foo", "1.2.4", "Bar")
            try await data.verification("Foo", "1.2.4", by: "Bar", "4.5.6")
        }
        let failedLater: @Sendable (Bool) async throws -> Void = { tagged in
            try await data.pact("Foo", "1.2.3", "Bar")
            try await data.pact("Foo", "1.2.3", "Bar")
            try await data.verification("Foo", "1.2.3", by: "Bar", "4.5.6")
            if tagged { try await data.tag("Bar", "4.5.6", "prod") }
            try await data.pact("Foo", "1.2.4", "Bar")
            try await data.pact("Foo", "1.2.4", "Bar")
            try await data.verification("Foo", "1.2.4", by: "Bar", "9.9.9", success: false)
        }
        states[
            "the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6, and 1.2.4 "
                + "unsuccessfully by 9.9.9"
        ] = { try await failedLater(false) }
        states[
            "the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6 with tag prod, and "
                + "1.2.4 unsuccessfully by 9.9.9"
        ] = { try await failedLater(true) }
        states["the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6 and version 5.6.7"] = {
            try await data.pact("Foo", "1.2.3", "Bar")
            try await data.pact("Foo", "1.2.3", "Bar")
            try await data.verification("Foo", "1.2.3", by: "Bar", "4.5.6")
            try await data.verification("Foo", "1.2.3", by: "Bar", "5.6.7")
        }
        states[
            "the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6 (tagged prod) and "
                + "version 5.6.7"
        ] = {
            try await data.pact("Foo", "1.2.3", "Bar")
            try await data.verification("Foo", "1.2.3", by: "Bar", "4.5.6")
            try await data.tag("Bar", "4.5.6", "prod")
            try await data.verification("Foo", "1.2.3", by: "Bar", "5.6.7")
        }
        states[
            "provider Bar version 4.5.6 has a successful verification for Foo version 1.2.3 tagged prod and a failed "
                + "verification for version 3.4.5 tagged prod"
        ] = {
            try await data.pacticipant("Foo")
            try await data.pacticipant("Bar")
            try await data.version("Foo", "1.2.3")
            try await data.tag("Foo", "1.2.3", "prod")
            try await data.pact("Foo", "1.2.3", "Bar")
            try await data.verification("Foo", "1.2.3", by: "Bar", "4.5.6")
            try await data.version("Foo", "3.4.5")
            try await data.tag("Foo", "3.4.5", "prod")
            let interaction: JSONValue = [
                "description": "a request for things", "request": ["method": "GET", "path": "/things/1"],
                "response": ["status": 200],
            ]
            try await data.pact("Foo", "3.4.5", "Bar", interactions: [interaction])
            try await data.verification("Foo", "3.4.5", by: "Bar", "4.5.6", success: false)
        }

        // Webhooks.
        states["a webhook with the uuid 696c5f93-1b7f-44bc-8d03-59440fcaa9a0 exists"] = {
            try await data.pacticipant("Condor")
            try await data.pacticipant("Pricing Service")
            try await data.webhook(
                uuid: "696c5f93-1b7f-44bc-8d03-59440fcaa9a0",
                consumer: "Condor",
                provider: "Pricing Service"
            )
        }

        // Environments and deployments.
        states["an environment exists"] = {
            try await data.environment(
                "test",
                contacts: [["name": "foo", "details": ["emailAddress": "foo@bar.com"]]]
            )
        }
        states["an environment with name test exists"] = { try await data.environment("test") }
        states["an environment with name test and UUID 16926ef3-590f-4e3f-838e-719717aa88c9 exists"] = {
            try await data.environment("test", uuid: namedTestEnvironment)
        }
        let fooWithTestEnvironment: @Sendable () async throws -> Void = {
            try await data.environment("test", uuid: testEnvironment)
            try await data.pacticipant("Foo")
            try await data.version("Foo", fooVersion)
        }
        states[
            "version 5556b8149bf8bac76bc30f50a8a2dd4c22c85f30 of pacticipant Foo exists with a test environment "
                + "available for release"
        ] = fooWithTestEnvironment
        states[
            "version 5556b8149bf8bac76bc30f50a8a2dd4c22c85f30 of pacticipant Foo exists with a test environment "
                + "available for deployment"
        ] = fooWithTestEnvironment
        states[
            "version 5556b8149bf8bac76bc30f50a8a2dd4c22c85f30 of pacticipant Foo exists with 2 environments that "
                + "aren't test available for deployment"
        ] = {
            try await data.pacticipant("Foo")
            try await data.version("Foo", fooVersion)
            try await data.environment("prod")
            try await data.environment("dev")
        }
        states[
            "an version is deployed to environment with UUID 16926ef3-590f-4e3f-838e-719717aa88c9 with target "
                + "customer-1"
        ] = {
            try await data.environment("test", uuid: namedTestEnvironment)
            try await data.pacticipant("Foo")
            try await data.version("Foo", fooVersion)
            try await data.deployment(
                uuid: "ff3adecf-cfc5-4653-a4e3-f1861092f8e0",
                of: "Foo",
                fooVersion,
                to: namedTestEnvironment,
                target: "customer-1"
            )
        }
        states["a currently deployed version exists"] = {
            try await fooWithTestEnvironment()
            try await data.deployment(
                uuid: "ff3adecf-cfc5-4653-a4e3-f1861092f8e0",
                of: "Foo",
                fooVersion,
                to: testEnvironment
            )
        }
        return states
    }

    /// The set-ups as PactumVerifier handlers (set-up only: each interaction's database is thrown away after it).
    static func handlers(_ data: BrokerClientTestData) -> ProviderStateSetup {
        .handlers(
            setUps(data).mapValues { setUp in
                { change in
                    if change.action == .setup { try await setUp() }
                    return [:]
                }
            },
            teardown: false
        )
    }
}

import Foundation
import PactumCore
import PactumTestSupport
import Testing

@testable import PactumBroker

/// can-i-deploy when several versions of the provider are live in one environment at once (application instances,
/// as in a blue/green or canary deployment): the consumer may go only when it is compatible with every one of them.
/// The Pact Broker once answered "yes" here when only one of them had verified the pact. Deployments and the
/// question go through the official `pact broker` client; the verification results through the API.
@Suite struct SeveralDeployedVersionsTests {
    static func canIDeploy(_ url: String) async throws -> OfficialBrokerCLI.Outcome {
        try await OfficialBrokerCLI.run([
            "broker", "can-i-deploy", "-a", "Web", "-e", "1", "--to-environment", "production", "-b", url,
        ])
    }

    static func deploy(_ version: String, instance: String, _ url: String) async throws {
        try await OfficialBrokerCLI.succeed([
            "broker", "record-deployment", "-a", "Orders", "-e", version, "--environment", "production",
            "--application-instance", instance, "-b", url,
        ])
    }

    @Test(arguments: BrokerTestEngine.allCases)
    func theConsumerMayGoOnlyWhenEveryLiveProviderVersionVerified(engine: BrokerTestEngine) async throws {
        try await engine.withTestBroker { broker in
            let client = BrokerHTTPTestClient(broker)
            let url = broker.url
            try await client.publish(
                BrokerHTTPTestClient.pact("Web", "Orders", interactions: [("list", nil, 200)]),
                version: "1"
            )
            func verify(by providerVersion: String, success: Bool) async throws {
                try await client.publishVerification(
                    provider: "Orders",
                    consumer: "Web",
                    consumerVersion: "1",
                    providerVersion: providerVersion,
                    success: success
                )
            }
            try await OfficialBrokerCLI.succeed([
                "broker", "create-environment", "--name", "production", "--production", "-b", url,
            ])
            for version in ["p1", "p2", "p3"] {
                try await OfficialBrokerCLI.succeed([
                    "broker", "create-or-update-version", "-a", "Orders", "-e", version, "--branch", "main", "-b", url,
                ])
            }
            // p1 (blue) and p2 (green) both live; only p2, the latest deployed, verified the pact (a broker that
            // looked at the latest deployment only would say yes).
            try await Self.deploy("p1", instance: "blue", url)
            try await Self.deploy("p2", instance: "green", url)
            try await verify(by: "p2", success: true)
            let refused = try await Self.canIDeploy(url)
            #expect(refused.status != 0, "can-i-deploy said yes:\n\(refused.output)")
            #expect(
                refused.output.contains("There is no verified pact between version 1 of Web and version p1 of Orders"),
                "\(refused.output)"
            )

            // p1 verifies too: now the consumer is compatible with everything in production.
            try await verify(by: "p1", success: true)
            let allowed = try await Self.canIDeploy(url)
            #expect(allowed.status == 0, "can-i-deploy said no:\n\(allowed.output)")

            // p3 replaces p2 on green and fails the pact: no again, naming p3 (a broker that looked at the first
            // deployment only would say yes).
            try await verify(by: "p3", success: false)
            try await Self.deploy("p3", instance: "green", url)
            let failed = try await Self.canIDeploy(url)
            #expect(failed.status != 0, "can-i-deploy said yes:\n\(failed.output)")
            #expect(
                failed.output.contains("version p3 of Orders failed"),
                "\(failed.output)"
            )

            // p3 is taken off green: only p1 remains, and it verified.
            try await OfficialBrokerCLI.succeed([
                "broker", "record-undeployment", "-a", "Orders", "--environment", "production",
                "--application-instance", "green", "-b", url,
            ])
            let afterUndeploy = try await Self.canIDeploy(url)
            #expect(afterUndeploy.status == 0, "can-i-deploy said no:\n\(afterUndeploy.output)")
        }
    }
}

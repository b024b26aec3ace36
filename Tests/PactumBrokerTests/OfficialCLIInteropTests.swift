import Foundation
import PactumTestSupport
import Testing

@testable import PactumBroker

/// The official `pact broker …` client against this broker: publish, environments, deployments, can-i-deploy.
@Suite struct OfficialCLIInteropTests {
    static let contract = SharedData.repositoryRoot.appendingPathComponent(
        "contracts/ExampleConsumer-ExampleProvider.json"
    )

    /// The whole flow against one broker URL (or two URLs sharing one database).
    static func flow(_ first: String, _ second: String) async throws {
        let path = contract.path
        let published = try await OfficialBrokerCLI.succeed(
            ["broker", "publish", path, "-a", "1.0.0", "--branch", "main", "-b", first]
        )
        #expect(published.contains("Pact published for ExampleConsumer version 1.0.0 and provider ExampleProvider"))
        // Publishing the same content again through the other instance is a no-op, not an error.
        try await OfficialBrokerCLI.succeed([
            "broker", "publish", path, "-a", "1.0.0", "--branch", "main", "-b", second,
        ])

        try await OfficialBrokerCLI.succeed([
            "broker", "create-environment", "--name", "production", "--production", "-b", second,
        ])
        let pacticipants = try await OfficialBrokerCLI.succeed(["broker", "list-pacticipants", "-b", first])
        #expect(pacticipants.contains("ExampleConsumer") && pacticipants.contains("ExampleProvider"))
        let described = try await OfficialBrokerCLI.succeed([
            "broker", "describe-version", "-a", "ExampleConsumer", "-b", first,
        ])
        #expect(described.contains("1.0.0"))

        // No verification and no provider in production: can-i-deploy says no.
        let refused = try await OfficialBrokerCLI.run(
            [
                "broker", "can-i-deploy", "-a", "ExampleConsumer", "-e", "1.0.0", "--to-environment", "production",
                "-b", first,
            ]
        )
        #expect(refused.status == 1, "\(refused.output)")
        #expect(refused.output.contains("There is no verified pact between version 1.0.0 of ExampleConsumer"))

        // A provider version that never verified anything, deployed: the consumer still cannot go.
        try await OfficialBrokerCLI.succeed(
            [
                "broker", "create-or-update-version", "-a", "ExampleProvider", "-e", "2.0.0", "--branch", "main", "-b",
                second,
            ]
        )
        try await OfficialBrokerCLI.succeed(
            [
                "broker", "record-deployment", "-a", "ExampleProvider", "-e", "2.0.0", "--environment", "production",
                "-b", first,
            ]
        )
        let stillRefused = try await OfficialBrokerCLI.run(
            [
                "broker", "can-i-deploy", "-a", "ExampleConsumer", "-e", "1.0.0", "--to-environment", "production",
                "-b", second,
            ]
        )
        // Refused for the reason that is now the case (not, say, a connection error): the deployed provider version
        // never verified the pact.
        #expect(stillRefused.status == 1, "\(stillRefused.output)")
        #expect(
            stillRefused.output.contains(
                "There is no verified pact between version 1.0.0 of ExampleConsumer and version 2.0.0 of ExampleProvider"
            ),
            "\(stillRefused.output)"
        )

        // The provider itself may go (no consumer is in production yet).
        try await OfficialBrokerCLI.succeed(
            [
                "broker", "can-i-deploy", "-a", "ExampleProvider", "-e", "2.0.0", "--to-environment", "production",
                "-b", first,
            ]
        )
        try await OfficialBrokerCLI.succeed(
            [
                "broker", "record-deployment", "-a", "ExampleConsumer", "-e", "1.0.0", "--environment", "production",
                "-b", second,
            ]
        )
        let latest = try await OfficialBrokerCLI.succeed(["broker", "list-latest-pact-versions", "-b", first])
        #expect(latest.contains("ExampleConsumer") && latest.contains("1.0.0"))
        try await OfficialBrokerCLI.succeed(
            ["broker", "record-undeployment", "-a", "ExampleProvider", "--environment", "production", "-b", second]
        )
    }

    @Test(arguments: BrokerTestEngine.allCases)
    func officialClientFlow(engine: BrokerTestEngine) async throws {
        try await engine.withTestBroker { broker in try await Self.flow(broker.url, broker.url) }
    }

    @Test func twoBrokersOnOnePostgresDatabaseBehaveAsOne() async throws {
        try await BrokerTestEngine.withTwoPostgresBrokers { first, second in try await Self.flow(first.url, second.url)
        }
    }
}

/// The official `pact verifier --broker-url … --publish` against this broker and the example provider.
@Suite struct OfficialVerifierInteropTests {
    @Test(arguments: BrokerTestEngine.allCases)
    func verifierFetchesVerifiesAndPublishes(engine: BrokerTestEngine) async throws {
        let provider = try await ExampleProviderProcess()
        defer { provider.stop() }
        try await engine.withTestBroker { broker in
            let path = OfficialCLIInteropTests.contract.path
            try await OfficialBrokerCLI.succeed([
                "broker", "publish", path, "-a", "1.0.0", "--branch", "main", "-b", broker.url,
            ])
            let verified = try await OfficialBrokerCLI.succeed([
                "verifier", "--broker-url", broker.url, "--provider-name", "ExampleProvider",
                "--hostname", "127.0.0.1", "--port", String(provider.port),
                "--state-change-url", provider.stateChangeURL.absoluteString,
                "--consumer-version-selectors", #"{"mainBranch":true}"#, "--enable-pending",
                "--provider-branch", "main", "--publish", "--provider-version", "2.0.0",
            ])
            #expect(verified.contains("no longer in pending state"))
            try await OfficialBrokerCLI.succeed([
                "broker", "create-environment", "--name", "production", "--production", "-b", broker.url,
            ])
            try await OfficialBrokerCLI.succeed(
                [
                    "broker", "record-deployment", "-a", "ExampleProvider", "-e", "2.0.0", "--environment",
                    "production", "-b", broker.url,
                ]
            )
            let answer = try await OfficialBrokerCLI.succeed(
                [
                    "broker", "can-i-deploy", "-a", "ExampleConsumer", "-e", "1.0.0", "--to-environment", "production",
                    "-b", broker.url,
                ]
            )
            #expect(answer.contains("All required verification results are published and successful"))
        }
    }
}

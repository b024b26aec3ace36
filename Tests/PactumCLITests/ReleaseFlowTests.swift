import Foundation
import PactumCore
import PactumTestSupport
import Testing

/// A whole release flow with Pactum's own commands only: `pactum broker serve`, `pactum publish`, `pactum verify
/// --publish`, `pactum record-deployment` and `pactum can-i-deploy`, against the example provider.
@Suite("a release flow with pactum alone")
struct ReleaseFlowTests {
    static func pactum(_ arguments: [String], _ url: String) async throws -> BrokerClientCommandTests.Outcome {
        try await BrokerClientCommandTests.pactum(arguments, environment: ["PACT_BROKER_BASE_URL": url])
    }

    static func verify(
        _ provider: ExampleProviderProcess,
        version: String,
        _ url: String
    ) async throws
        -> BrokerClientCommandTests.Outcome
    {
        try await pactum(
            [
                "verify", "-b", url, "-n", "ExampleProvider", "-h", "127.0.0.1", "-p", "\(provider.port)",
                "-s", provider.stateChangeURL.absoluteString, "--state-change-teardown",
                "--consumer-version-selectors", #"{"branch": "main"}"#,
                "--consumer-version-selectors", #"{"deployedOrReleased": true}"#,
                "--enable-pending", "--publish", "--provider-version", version, "--provider-branch", "main",
                "--no-colour",
            ],
            url
        )
    }

    @Test func publishVerifyDeployAndABreakingChangeIsStopped() async throws {
        let (broker, url) = try await BrokerClientCommandTests.startBroker()
        defer { broker.stop() }
        let provider = try await ExampleProviderProcess()
        defer { provider.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("release-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }

        // A new broker database has the environments test and production (as PactFlow's).
        let environments = try await Self.pactum(["list-environments"], url)
        #expect(environments.status == 0 && environments.stdout.contains("production"), "\(environments.stdout)")
        let published = try await Self.pactum(
            ["publish", ExampleContract.url.path, "-a", "1.0.0", "--branch", "main"],
            url
        )
        #expect(published.status == 0, "\(published.stdout)\(published.stderr)")

        // Nothing verified yet: the consumer may not go to production.
        let before = try await Self.pactum(
            ["can-i-deploy", "-a", "ExampleConsumer", "-e", "1.0.0", "--to-environment", "production"],
            url
        )
        #expect(before.status == 1, "\(before.stdout)\(before.stderr)")

        let verified = try await Self.verify(provider, version: "2.0.0", url)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("5 interactions in 1 pact: 5 passed, 0 failed"))
        #expect(verified.stdout.contains("published to the broker as provider version 2.0.0 (success)"))

        // One pact by its URL (-u), with the state changes sent as query parameters.
        let byURL = try await BrokerClientCommandTests.pactum(
            [
                "verify", "-u", "\(url)/pacts/provider/ExampleProvider/consumer/ExampleConsumer/version/1.0.0",
                "-h", "127.0.0.1", "-p", "\(provider.port)", "-s", provider.stateChangeURL.absoluteString,
                "--state-change-as-query", "--state-change-teardown", "--no-colour",
            ]
        )
        #expect(byURL.status == 0, "\(byURL.stdout)\(byURL.stderr)")
        #expect(byURL.stdout.contains("5 interactions in 1 pact: 5 passed, 0 failed"))

        #expect(
            try await Self.pactum(
                ["record-deployment", "-a", "ExampleProvider", "-e", "2.0.0", "--environment", "production"],
                url
            )
            .status == 0
        )
        let yes = try await Self.pactum(
            ["can-i-deploy", "-a", "ExampleConsumer", "-e", "1.0.0", "--to-environment", "production"],
            url
        )
        #expect(yes.status == 0, "\(yes.stdout)\(yes.stderr)")
        #expect(yes.stdout.hasPrefix("Computer says yes"))
        #expect(
            try await Self.pactum(
                ["record-deployment", "-a", "ExampleConsumer", "-e", "1.0.0", "--environment", "production"],
                url
            )
            .status == 0
        )

        // The consumer publishes a breaking version. Its pact is new, so pending: the provider's build does not fail
        // (exit 0), but the failure is published, and can-i-deploy stops the consumer's release.
        let breaking = try ExampleContract.writeBreakingVersion(in: folder)
        #expect(try await Self.pactum(["publish", breaking.path, "-a", "1.1.0", "--branch", "main"], url).status == 0)
        let failed = try await Self.verify(provider, version: "2.0.1", url)
        #expect(failed.status == 0, "\(failed.stdout)\(failed.stderr)")
        #expect(failed.stdout.contains("[PENDING: failures of this pact do not fail the verification]"))
        #expect(failed.stdout.contains("$: Actual object is missing the key subtitle"))
        #expect(failed.stdout.contains("published to the broker as provider version 2.0.1 (failure)"))
        #expect(failed.stdout.contains("2 pending failed (not failing the verification)"))
        let no = try await Self.pactum(
            ["can-i-deploy", "-a", "ExampleConsumer", "-e", "1.1.0", "--to-environment", "production"],
            url
        )
        #expect(no.status == 1, "\(no.stdout)\(no.stderr)")
        #expect(no.stdout.hasPrefix("Computer says no"))

        // A provider that breaks the contract cannot replace the one in production either.
        let brokenProvider = try await ExampleProviderProcess(arguments: ["--price-as-text"])
        defer { brokenProvider.stop() }
        // The pact of the consumer in production was verified before, so it is not pending: this build fails.
        let brokenRun = try await Self.verify(brokenProvider, version: "3.0.0", url)
        #expect(brokenRun.status == 1, "\(brokenRun.stdout)\(brokenRun.stderr)")
        #expect(brokenRun.stdout.contains("$.price"))
        let providerNo = try await Self.pactum(
            ["can-i-deploy", "-a", "ExampleProvider", "-e", "3.0.0", "--to-environment", "production"],
            url
        )
        #expect(providerNo.status == 1, "\(providerNo.stdout)\(providerNo.stderr)")
    }
}

import Foundation
import PactumCore
import PactumTestSupport
import Testing

/// `pactum can-i-deploy` exits as the official `pact broker can-i-deploy` does, in every output mode, on the same
/// broker and the same question: switching is a change of command name, in CI scripts that test the exit status too.
@Suite("can-i-deploy: the official client's exit status in every output mode")
struct CanIDeployParityTests {
    @Test("a \"no\" answer as a table and as JSON, with and without --dry-run")
    func exitStatuses() async throws {
        let (broker, url) = try await BrokerClientCommandTests.startBroker()
        defer { broker.stop() }
        let official = try PactCLI.executable()
        let environment = ["PACT_BROKER_BASE_URL": url, "PACT_DO_NOT_TRACK": "true"]
        let published = try await BrokerClientCommandTests.pactum(
            ["publish", ExampleContract.url.path, "-a", "1.0.0", "--branch", "main"],
            environment: environment
        )
        #expect(published.status == 0, "\(published.stderr)")
        let question = ["-a", "ExampleConsumer", "-e", "1.0.0", "--to-environment", "production"]
        let modes: [[String]] = [[], ["-o", "table"], ["-o", "json"], ["--dry-run"], ["-o", "json", "--dry-run"]]
        var statuses: [String] = []
        for mode in modes {
            let ours = try await BrokerClientCommandTests.pactum(
                ["can-i-deploy"] + question + mode,
                environment: environment
            )
            let theirs = try await BrokerClientCommandTests.run(
                official,
                ["broker", "can-i-deploy"] + question + mode,
                environment: environment
            )
            #expect(
                ours.status == theirs.status,
                "can-i-deploy \(mode.joined(separator: " ")): pactum exited \(ours.status), the official client \(theirs.status)\n\(theirs.stdout)\(theirs.stderr)"
            )
            statuses.append("\(mode.joined(separator: " ")): \(theirs.status)")
            if mode.contains("json") {
                #expect(try ours.json()["summary"]?["deployable"] != true, "the answer is in the document")
            }
        }
        // The answer is "no" (nothing verified): only the table output without --dry-run fails the build.
        #expect(statuses == [": 1", "-o table: 1", "-o json: 0", "--dry-run: 0", "-o json --dry-run: 0"])
    }
}

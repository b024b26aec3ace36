import Foundation
import PactumTestSupport
import Testing

@testable import PactumBroker

/// The official `pact broker …` client against a broker with auth on: basic auth users and bearer tokens as its
/// `--broker-username/--broker-password` and `--broker-token` options send them.
@Suite struct AuthOfficialCLITests {
    static let contract = SharedData.repositoryRoot.appendingPathComponent(
        "contracts/ExampleConsumer-ExampleProvider.json"
    )

    @Test("the read/write user and a write token can do what a pipeline does", arguments: BrokerTestEngine.allCases)
    func pipeline(engine: BrokerTestEngine) async throws {
        try await AuthTests.withAuthBroker(engine) { broker, _, tokens in
            let url = broker.url
            let rw = [
                "-b", url, "--broker-username", AuthTests.readWriteUser.username, "--broker-password",
                AuthTests.readWriteUser.password,
            ]
            let published = try await OfficialBrokerCLI.succeed(
                ["broker", "publish", Self.contract.path, "-a", "1.0.0", "--branch", "main"] + rw
            )
            #expect(published.contains("Pact published for ExampleConsumer version 1.0.0"))
            try await OfficialBrokerCLI.succeed(
                ["broker", "create-environment", "--name", "production", "--production"] + rw
            )
            try await OfficialBrokerCLI.succeed(
                ["broker", "record-deployment", "-a", "ExampleConsumer", "-e", "1.0.0", "--environment", "production"]
                    + rw
            )

            // A write token (--broker-token sends it as Bearer) publishes and records deployments too.
            let token = ["-b", url, "--broker-token", tokens.write]
            try await OfficialBrokerCLI.succeed(
                ["broker", "publish", Self.contract.path, "-a", "1.0.1", "--branch", "main"] + token
            )
            try await OfficialBrokerCLI.succeed(
                ["broker", "record-deployment", "-a", "ExampleConsumer", "-e", "1.0.1", "--environment", "production"]
                    + token
            )
            let described = try await OfficialBrokerCLI.succeed(
                ["broker", "describe-version", "-a", "ExampleConsumer"] + token
            )
            #expect(described.contains("1.0.1"))

            // Webhooks need admin: the read/write user has it.
            try await OfficialBrokerCLI.succeed(
                [
                    "broker", "create-webhook", "https://hooks.example.com/pact", "-X", "POST", "--consumer",
                    "ExampleConsumer", "--provider", "ExampleProvider", "--contract-published",
                ] + rw
            )
            let refused = try await OfficialBrokerCLI.run(
                [
                    "broker", "create-webhook", "https://hooks.example.com/pact", "-X", "POST", "--consumer",
                    "ExampleConsumer", "--provider", "ExampleProvider", "--contract-published",
                ] + token
            )
            #expect(refused.status != 0, "\(refused.output)")
            #expect(refused.output.contains("403") || refused.output.contains("Forbidden"), "\(refused.output)")
        }
    }

    @Test("the read-only user may read but not publish; anonymous may do neither", arguments: BrokerTestEngine.allCases)
    func readOnly(engine: BrokerTestEngine) async throws {
        try await AuthTests.withAuthBroker(engine) { broker, _, tokens in
            let url = broker.url
            try await OfficialBrokerCLI.succeed(
                ["broker", "publish", Self.contract.path, "-a", "1.0.0", "-b", url, "-k", tokens.write]
            )
            let ro = ["-b", url, "-u", AuthTests.readOnlyUser.username, "-p", AuthTests.readOnlyUser.password]
            let refused = try await OfficialBrokerCLI.run(
                ["broker", "publish", Self.contract.path, "-a", "2.0.0"] + ro
            )
            #expect(refused.status != 0)
            #expect(refused.output.contains("403") || refused.output.contains("Forbidden"), "\(refused.output)")
            #expect(!refused.output.contains(AuthTests.readOnlyUser.password))
            let listed = try await OfficialBrokerCLI.succeed(["broker", "list-pacticipants"] + ro)
            #expect(listed.contains("ExampleConsumer"))
            let readToken = try await OfficialBrokerCLI.succeed([
                "broker", "list-pacticipants", "-b", url, "-k", tokens.read,
            ])
            #expect(readToken.contains("ExampleProvider"))

            let anonymous = try await OfficialBrokerCLI.run(["broker", "list-pacticipants", "-b", url])
            // Refused as unauthenticated (not, say, a connection error).
            #expect(anonymous.status == 1, "\(anonymous.output)")
            #expect(
                anonymous.output.contains("401") || anonymous.output.lowercased().contains("unauthorized"),
                "\(anonymous.output)"
            )
            let wrong = try await OfficialBrokerCLI.run(
                ["broker", "publish", Self.contract.path, "-a", "3.0.0", "-b", url, "-u", "pact-rw", "-p", "wrong"]
            )
            #expect(wrong.status != 0)
            #expect(
                wrong.output.contains("401") || wrong.output.lowercased().contains("unauthorized"),
                "\(wrong.output)"
            )
        }
    }
}

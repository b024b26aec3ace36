import ArgumentParser
import PactumBrokerClient

struct Pactum: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pactum",
        abstract: "Consumer-driven contract testing, compatible with Pact.",
        version: BrokerClient.implementationVersion,
        subcommands: [Stub.self, Verify.self, Compare.self, Broker.self] + BrokerClientCommands.all
    )
}

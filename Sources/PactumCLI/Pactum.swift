import ArgumentParser

@main
struct Pactum: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pactum",
        abstract: "Consumer-driven contract testing, compatible with Pact.",
        subcommands: [Stub.self, Verify.self, Broker.self] + BrokerClientCommands.all
    )
}

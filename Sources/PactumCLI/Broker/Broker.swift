import ArgumentParser

/// `pactum broker …`: run the broker, and (from PactumBrokerClient) talk to one.
struct Broker: AsyncParsableCommand {
    /// Subcommands; client commands are appended here.
    static let subcommandTypes: [any ParsableCommand.Type] =
        [BrokerServe.self, BrokerMigrate.self, BrokerClean.self, BrokerToken.self] + BrokerClientCommands.all

    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run a Pact Broker-compatible broker, or work with one.",
        subcommands: subcommandTypes
    )
}

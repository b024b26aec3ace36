import ArgumentParser
import Foundation
import Logging
import PactumBroker

/// `pactum broker migrate`: creates the broker's database, or brings an existing one to the current schema, without
/// serving it (to provision tokens before the first start, or to migrate in a deployment step of its own).
struct BrokerMigrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create the broker's database or apply pending migrations, then exit.",
        discussion: """
            `pactum broker serve` migrates at start-up too; this command does it alone. A new database starts with \
            the environments test and production unless --no-default-environments is given, as with serve.
            """
    )

    @Option(
        name: .customLong("database-url"),
        help: "sqlite:///path/broker.sqlite or postgres://… (default: .pactum/broker.sqlite)."
    )
    var databaseURL: String?

    @OptionGroup var defaultEnvironments: DefaultEnvironmentsOption

    func run() async throws {
        let location = try BrokerDatabaseOption.location(databaseURL)
        var logger = Logger(label: "pactum.broker.migrate")
        logger.logLevel = .warning
        let database = try await BrokerDatabaseOption.open(
            location,
            seedingDefaultEnvironments: defaultEnvironments.seeds,
            logger: logger
        )
        try await database.shutdown()
        FileHandle.standardError.write(Data("The broker database \(location) is at the current schema.\n".utf8))
    }
}

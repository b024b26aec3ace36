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

    @Flag(
        name: .customLong("no-default-environments"),
        help: "Create a new database without the environments test and production."
    )
    var noDefaultEnvironments = false

    func run() async throws {
        let location = try BrokerDatabaseOption.location(databaseURL)
        var logger = Logger(label: "pactum.broker.migrate")
        logger.logLevel = .warning
        let database: BrokerDatabase
        do {
            database = try await BrokerDatabase.open(
                location,
                seedingDefaultEnvironments: !noDefaultEnvironments,
                logger: logger
            )
        } catch {
            throw BrokerDatabaseOption.Failure(message: "Could not open the broker database \(location): \(error)")
        }
        try await database.shutdown()
        FileHandle.standardError.write(Data("The broker database \(location) is at the current schema.\n".utf8))
    }
}

import ArgumentParser
import Foundation
import Logging
import PactumBroker
import ServiceLifecycle
import UnixSignals

/// `pactum broker serve`: the broker on SQLite (default `.pactum/broker.sqlite`) or PostgreSQL.
struct BrokerServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the broker (Pact Broker HTTP API) until interrupted."
    )

    @Option(help: "The port to listen on (0 for any free port).")
    var port: Int = 9292

    @Option(help: "The address to bind (0.0.0.0 for every interface).")
    var host: String = "127.0.0.1"

    @Option(
        name: .customLong("database-url"),
        help:
            "sqlite:///path/broker.sqlite or postgres://user:password@host:5432/database (default: .pactum/broker.sqlite)."
    )
    var databaseURL: String?

    @Option(
        name: .customLong("base-url"),
        help: """
            The URL clients use to reach the broker (set it in production: webhooks link to it). Several, separated \
            by spaces, when it is reached under more than one name; the first is used in webhooks. Default: \
            PACT_BROKER_BASE_URL.
            """
    )
    var baseURL: String?

    @OptionGroup(title: "Authentication (off unless a basic auth user or --require-auth is given)")
    var auth: BrokerAuthOptions

    @OptionGroup(title: "Webhooks (which targets webhooks may call)")
    var webhooks: BrokerWebhookOptions

    @OptionGroup(title: "Logging")
    var logging: BrokerLogOptions

    @OptionGroup var defaultEnvironments: DefaultEnvironmentsOption

    func run() async throws {
        let database = try BrokerDatabaseOption.location(databaseURL)
        let logger = logging.logger(label: "pactum.broker")
        var configuration = BrokerServer.Configuration(
            host: host,
            port: port,
            database: database,
            baseURL: OptionEnvironment().value(baseURL, else: "PACT_BROKER_BASE_URL"),
            authentication: try auth.configuration(),
            webhooks: webhooks.configuration()
        )
        configuration.seedsDefaultEnvironments = defaultEnvironments.seeds
        let server = BrokerServer(configuration: configuration, logger: logger) { [configuration] port in
            // Written unbuffered: a parent process reading a pipe or a file sees the line (and the URL) at once.
            var line = "Pactum broker listening on http://\(configuration.host):\(port) (database \(database))"
            if let baseURL = configuration.baseURL { line += "; clients reach it at \(baseURL)" }
            line += "; authentication \(configuration.authentication)"
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [server],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import PactumCore
import ServiceLifecycle

/// The broker service: the Pact Broker-compatible HAL API over a SQLite or PostgreSQL database.
///
/// Run it as a swift-service-lifecycle `Service` (`pactum broker serve`), or scoped with ``withBroker(_:logger:_:)``.
public struct BrokerServer: Service {
    /// How to run the broker.
    public struct Configuration: Sendable {
        /// The address to bind (default 127.0.0.1; `0.0.0.0` for every interface).
        public var host: String
        /// The port (default 9292, 0 for any free port).
        public var port: Int
        /// Where the data lives.
        public var database: DatabaseLocation
        /// The URL clients reach the broker at (behind a proxy), or several separated by spaces when it is reached
        /// under more than one name, as the Pact Broker's `PACT_BROKER_BASE_URL`: an answer's links use the one the
        /// request's Host names (else the first), webhooks always the first. Without one, answers' links are built
        /// from the Host header, and webhooks use the address the broker listens on: a caller's Host never reaches
        /// a webhook.
        public var baseURL: String?
        /// The largest request body accepted (bytes); larger bodies get 413.
        public var maximumBodySize: Int
        /// PostgreSQL schema to use (tests isolate themselves with one each).
        public var postgresSearchPath: String?
        /// The longest a request may take before the broker answers 503 instead of waiting on (the work goes on
        /// detached and its result is dropped); a request must never hang, whatever the database does.
        public var requestDeadline: Duration = .seconds(20)
        /// How long a connection may stay open without a request in progress and without sending anything: a client
        /// that connects and sends nothing (or stops half-way through its headers) is disconnected then, so idle
        /// connections cannot pile up.
        public var idleConnectionTimeout: Duration = .seconds(30)
        /// Who may do what: bearer tokens, basic auth users, public read. Off (open to everyone) by default.
        public var authentication: BrokerAuthConfiguration
        /// Webhook allow-lists, timeouts and retries.
        public var webhooks: WebhookConfiguration
        /// Whether a database the broker creates starts with the environments `test` and `production` (as PactFlow's
        /// do; `pactum broker serve` sets it unless `--no-default-environments` is given). Off by default here.
        public var seedsDefaultEnvironments = false

        /// The configured base URLs, without a trailing `/`.
        var baseURLs: [String] {
            (baseURL ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map { String($0).trimmingSuffix("/") }
        }

        public init(
            host: String = "127.0.0.1",
            port: Int = 9292,
            database: DatabaseLocation = .sqliteInMemory,
            baseURL: String? = nil,
            maximumBodySize: Int = 10 * 1024 * 1024,
            postgresSearchPath: String? = nil,
            authentication: BrokerAuthConfiguration = BrokerAuthConfiguration(),
            webhooks: WebhookConfiguration = WebhookConfiguration()
        ) {
            self.host = host
            self.port = port
            self.database = database
            self.baseURL = baseURL
            self.maximumBodySize = maximumBodySize
            self.postgresSearchPath = postgresSearchPath
            self.authentication = authentication
            self.webhooks = webhooks
        }
    }

    public let configuration: Configuration
    let logger: Logger
    let onListening: @Sendable (Int) async -> Void

    /// - Parameters:
    ///   - configuration: where to listen, the database, auth, webhooks and limits.
    ///   - logger: the broker's log (one line per request, with its request id).
    ///   - onListening: called with the bound port once the server accepts connections.
    public init(
        configuration: Configuration,
        logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.onListening = onListening
    }

    /// Opens the database (applying migrations), serves until graceful shutdown, then closes the database.
    public func run() async throws {
        let database = try await BrokerDatabase.open(
            configuration.database,
            searchPath: configuration.postgresSearchPath,
            seedingDefaultEnvironments: configuration.seedsDefaultEnvironments,
            logger: logger
        )
        do {
            try await serve(database: database)
        } catch {
            try? await database.shutdown()
            throw error
        }
        try await database.shutdown()
    }

    func serve(database: BrokerDatabase) async throws {
        await BrokerAuthorizer.warnIfTokensAreIgnored(configuration.authentication, database: database, logger: logger)
        let metrics = BrokerMetrics()
        let services = BrokerServices(
            database: database,
            configuration: configuration,
            logger: logger,
            metrics: metrics,
            webhooks: WebhookRuntime(
                configuration: configuration.webhooks,
                client: WebhookExecutor.makeClient(),
                metrics: metrics
            ),
            boundPort: BoundPort(configuration.port)
        )
        if configuration.baseURLs.isEmpty {
            logger.notice(
                "No --base-url: answers' links follow each request's Host, and links in webhooks use the address the broker listens on; set --base-url (PACT_BROKER_BASE_URL) to the URL clients use"
            )
        }
        let onListening: @Sendable (Int) async -> Void = { [onListening = self.onListening, services] port in
            services.boundPort.set(port)
            await onListening(port)
        }
        let port = configuration.port
        let application = Application(
            responder: BrokerResponder(router: BrokerRouter.buildResponder(), services: services),
            server: .http1(
                configuration: HTTP1Channel.Configuration(idleTimeout: TimeAmount(configuration.idleConnectionTimeout))
            ),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "Pactum Broker"
            ),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger
        )
        try await withWebhookDelivery(services: services) { try await application.runService() }
    }
}

/// A broker running for the duration of `body`.
public struct RunningBroker: Sendable {
    /// The bound port.
    public var port: Int
    /// `http://127.0.0.1:<port>`.
    public var url: String { "http://127.0.0.1:\(port)" }
}

/// Runs a broker on 127.0.0.1 (port 0 unless configured) for the duration of `body`, and stops it afterwards,
/// also when `body` throws.
public func withBroker<Result: Sendable>(
    _ configuration: BrokerServer.Configuration = BrokerServer.Configuration(port: 0),
    logger: Logger = Logger(label: "pactum.broker"),
    _ body: (RunningBroker) async throws -> Result
) async throws -> Result {
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let server = BrokerServer(configuration: configuration, logger: logger) { port in continuation.yield(port) }
    let group = ServiceGroup(
        configuration: ServiceGroupConfiguration(services: [server], gracefulShutdownSignals: [], logger: logger)
    )
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            defer { continuation.finish() }
            try await group.run()
        }
        defer { tasks.cancelAll() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            // The service ended before listening: surface its error.
            try await tasks.next()
            throw BrokerStartError(message: "the broker stopped before it started listening")
        }
        let result: Result
        do {
            result = try await body(RunningBroker(port: port))
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
        await group.triggerGracefulShutdown()
        // A client that keeps a connection open (or a request still running) must not keep the caller waiting
        // forever: after 30 s the service is cancelled, which closes what is left.
        tasks.addTask {
            try? await Task.sleep(for: .seconds(30))
            if !Task.isCancelled { throw BrokerStartError(message: "the broker did not stop within 30 s") }
        }
        do {
            try await tasks.next()
        } catch let error as BrokerStartError {
            logger.warning("\(error.description); cancelling it")
        }
        tasks.cancelAll()
        try? await tasks.waitForAll()
        return result
    }
}

/// The broker could not start.
public struct BrokerStartError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { "The broker could not start: \(message)" }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var text = self
        while text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        return text
    }
}

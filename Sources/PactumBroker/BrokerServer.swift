import Foundation
import HTTPTypes
import Hummingbird
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
        /// The URL clients reach the broker at (behind a proxy); links are built from the Host header otherwise.
        public var baseURL: String?
        /// The largest request body accepted (bytes); larger bodies get 413.
        public var maximumBodySize: Int
        /// PostgreSQL schema to use (tests isolate themselves with one each).
        public var postgresSearchPath: String?
        /// The longest a request may take before the broker answers 503 instead of waiting on (the work goes on
        /// detached and its result is dropped); a request must never hang, whatever the database does.
        public var requestDeadline: Duration = .seconds(20)
        /// Who may do what: bearer tokens, basic auth users, public read. Off (open to everyone) by default.
        public var authentication: BrokerAuthConfiguration
        /// Webhook allow-lists, timeouts and retries.
        public var webhooks: WebhookConfiguration
        /// Whether a database the broker creates starts with the environments `test` and `production` (as PactFlow's
        /// do; `pactum broker serve` sets it unless `--no-default-environments` is given). Off by default here.
        public var seedsDefaultEnvironments = false

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
        let context = BrokerServerContext(
            database: database,
            configuration: configuration,
            logger: logger,
            metrics: BrokerMetrics()
        )
        let onListening = self.onListening
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            await BrokerServer.respond(to: request, context: context)
        }
        let application = Application(
            responder: responder,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "Pactum Broker"
            ),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? context.configuration.port) },
            logger: logger
        )
        try await withWebhookDelivery(context: context) { try await application.runService() }
    }

    /// Answers one request: gives it a request id (the client's `X-Request-Id` when it sends a sane one), dispatches
    /// it, records it in the metrics and logs one line for it at info level (the path without its query, which may
    /// carry names but never credentials).
    static func respond(to request: Request, context: BrokerServerContext) async -> Response {
        let started = ContinuousClock.now
        let requestID = BrokerRequestID.from(request.headers[BrokerRequestID.field])
        var logger = context.logger
        logger[metadataKey: "request-id"] = "\(requestID)"
        let method = request.method.rawValue
        let path = request.uri.path
        var (response, route) = await dispatch(request, context: context, logger: logger)
        response.headers[BrokerRequestID.field] = requestID
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        context.metrics.record(method: method, route: route, status: response.status.code, seconds: seconds)
        logger.info(
            "\(method) \(path) \(response.status.code)",
            metadata: ["route": "\(route)", "duration-ms": "\(Int((seconds * 1000).rounded()))"]
        )
        return response
    }

    /// Finds the route and runs it in one transaction. Returns the response and the route pattern it matched
    /// (`unmatched` otherwise), which labels the metrics.
    static func dispatch(
        _ request: Request,
        context: BrokerServerContext,
        logger: Logger
    ) async -> (Response, String) {
        var request = request
        let configuration = context.configuration
        let method = request.method.rawValue
        let rawPath = request.uri.path
        let segments = rawPath.split(separator: "/", omittingEmptySubsequences: true).map {
            String($0).removingPercentEncoding ?? String($0)
        }
        let host = request.head.authority ?? "\(configuration.host):\(configuration.port)"
        let baseURL = (configuration.baseURL ?? "http://\(host)").trimmingSuffix("/")
        let routes = BrokerAPI.allRoutes
        if method == "OPTIONS" {
            let allowed = routes.filter { $0.match(segments) != nil }.map(\.method)
            var headers = HTTPFields()
            headers[.allow] = (allowed + ["OPTIONS"]).joined(separator: ", ")
            headers[.accessControlAllowMethods] = (allowed + ["OPTIONS"]).joined(separator: ", ")
            return (Response(status: .ok, headers: headers), "OPTIONS")
        }
        if segments == ["metrics"], method == "GET" || method == "HEAD" {
            if let denied = await BrokerAuthorizer.check(
                request,
                method: method,
                routePath: "/metrics",
                permission: .read,
                context: context,
                logger: logger
            ) {
                return (denied, "/metrics")
            }
            return (await metricsResponse(context: context, logger: logger), "/metrics")
        }
        let lookup = method == "HEAD" ? "GET" : method
        let candidates = routes.compactMap { route in route.match(segments).map { (route, $0) } }
        guard let (route, parameters) = candidates.first(where: { $0.0.method == lookup }) else {
            if candidates.isEmpty {
                return (errorResponse(BrokerError.notFound("No resource at \(rawPath)")), "unmatched")
            }
            let error = BrokerError(status: 405, message: "Method \(method) is not allowed on \(rawPath)")
            return (errorResponse(error), candidates[0].0.path)
        }
        let routeName = route.path
        if let denied = await BrokerAuthorizer.check(
            request,
            method: method,
            routePath: route.path,
            permission: route.permission,
            context: context,
            logger: logger
        ) {
            return (denied, routeName)
        }
        if segments.contains(where: { $0.utf8.contains(0) }) {
            let error = BrokerError.badRequest(
                "The path \(rawPath) has a NUL character (%00): names and versions cannot contain one"
            )
            return (errorResponse(error), routeName)
        }
        if let problem = BrokerRequestLimits.pathProblem(segments)
            ?? BrokerRequestLimits.queryProblem(request.uri.query)
        {
            return (errorResponse(BrokerError.badRequest(problem)), routeName)
        }
        let contentType = request.headers[.contentType]
        let body: [UInt8]
        do {
            body = Array(buffer: try await request.collectBody(upTo: configuration.maximumBodySize))
        } catch {
            let error = BrokerError(
                status: 413,
                message: "The request body is larger than the limit of \(configuration.maximumBodySize) bytes"
            )
            return (errorResponse(error), routeName)
        }
        if ["POST", "PUT", "PATCH"].contains(method), !body.isEmpty, let contentType,
            !contentType.lowercased().contains("json")
        {
            let error = BrokerError(
                status: 415,
                message: "Unsupported Content-Type '\(contentType)': send application/json"
            )
            return (errorResponse(error), routeName)
        }
        let brokerRequest = BrokerRequest(
            method: method,
            path: rawPath,
            parameters: parameters,
            rawQuery: request.uri.query,
            body: body,
            baseURL: baseURL,
            contentType: contentType,
            accept: request.headers[.accept]
        )
        do {
            let database = context.database
            let work: @Sendable () async throws -> BrokerResponse = {
                var answer = try await database.transaction { db in
                    try await route.handler(brokerRequest, BrokerStore(db: db))
                }
                if let next = answer.afterCommit { answer = try await next() }
                return answer
            }
            guard let answer = try await RequestDeadline.run(within: configuration.requestDeadline, work) else {
                logger.warning(
                    "\(method) \(rawPath) did not finish within \(configuration.requestDeadline); answered 503"
                )
                var answer = BrokerResponse(
                    status: 503,
                    json: [
                        "error": .string(
                            "The request did not finish within \(configuration.requestDeadline) (the database may be "
                                + "unreachable or overloaded). Retry it; check the broker's log if it keeps happening."
                        )
                    ]
                )
                answer.headers.append(("Retry-After", "5"))
                return (response(answer, head: method == "HEAD"), routeName)
            }
            return (response(answer, head: method == "HEAD"), routeName)
        } catch let error as BrokerError {
            return (errorResponse(error), routeName)
        } catch let error as JSONParseError {
            return (errorResponse(BrokerError.badRequest("Invalid JSON: \(error)")), routeName)
        } catch let error as BrokerDatabaseError {
            // The database is down, read-only or full: 503/507 with the cause and Retry-After, not a 500.
            logger.warning("\(method) \(rawPath): \(error.message)")
            var answer = BrokerResponse(status: error.status, json: ["error": .string(error.message)])
            answer.headers.append(("Retry-After", "\(error.retryAfterSeconds)"))
            return (response(answer, head: method == "HEAD"), routeName)
        } catch {
            return (internalErrorResponse(error, method: method, path: rawPath, logger: logger), routeName)
        }
    }

    /// `/metrics`: the process's counters and histograms, and gauges read from the database (a database that cannot
    /// be read leaves the gauges out and sets `pactum_broker_database_up` to 0 rather than failing the scrape).
    static func metricsResponse(context: BrokerServerContext, logger: Logger) async -> Response {
        var gauges: [BrokerGauge]
        do {
            gauges = try await context.database.transaction { db in try await BrokerStore(db: db).metricGauges() }
            gauges.append(
                BrokerGauge(name: "pactum_broker_database_up", help: "1 when the database answered.", value: 1)
            )
        } catch {
            logger.warning("metrics: the database did not answer: \(String(reflecting: error))")
            gauges = [BrokerGauge(name: "pactum_broker_database_up", help: "1 when the database answered.", value: 0)]
        }
        let text = context.metrics.render(gauges: gauges)
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// A 500 whose body carries only a reference; the error itself goes to the log.
    static func internalErrorResponse(_ error: any Error, method: String, path: String, logger: Logger) -> Response {
        let reference = UUID().uuidString.prefix(8).lowercased()
        logger.error("\(method) \(path) failed (reference \(reference)): \(String(reflecting: error))")
        return response(
            BrokerResponse(
                status: 500,
                json: [
                    "error": [
                        "message": .string(
                            "An error has occurred. The details have been logged with the reference \(reference)"
                        ),
                        "reference": .string(String(reference)),
                    ]
                ]
            ),
            head: false
        )
    }

    static func errorResponse(_ error: BrokerError) -> Response {
        response(BrokerResponse(status: error.status, json: error.body), head: false)
    }

    static func response(_ answer: BrokerResponse, head: Bool) -> Response {
        var headers = HTTPFields()
        headers[.vary] = "Accept"
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        guard let json = answer.json else {
            guard let text = answer.text else { return Response(status: .init(code: answer.status), headers: headers) }
            headers[.contentType] = answer.contentType
            return Response(
                status: .init(code: answer.status),
                headers: headers,
                body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(string: text))
            )
        }
        headers[.contentType] = answer.contentType
        let text = JSONWriter.compact(json)
        return Response(
            status: .init(code: answer.status),
            headers: headers,
            body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
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

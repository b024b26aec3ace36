import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// What every request of one broker process shares: the database, the configuration, the logger, the metrics and
/// the webhook runtime.
struct BrokerServices: Sendable {
    var database: BrokerDatabase
    var configuration: BrokerServer.Configuration
    var logger: Logger
    var metrics: BrokerMetrics
    var webhooks: WebhookRuntime
    /// Wakes the comparison worker when a publication queued comparisons (bi-directional contract testing).
    var comparisonWakeUp = WebhookWakeUp()
    /// The port the server listens on, once bound (the configured one until then; port 0 picks a free one).
    var boundPort: BoundPort

    /// The base URL of links that leave the request (webhook parameters such as `pactUrl`): never the request's
    /// Host, which whoever sends the request chooses. The first configured base URL, else the address the broker
    /// listens on.
    var trustedBaseURL: String {
        if let first = configuration.baseURLs.first { return first }
        var host = configuration.host
        if host == "0.0.0.0" || host.isEmpty { host = "127.0.0.1" }
        if host == "::" { host = "::1" }
        return "http://\(host.contains(":") ? "[\(host)]" : host):\(boundPort.value)"
    }
}

/// The port a server was bound to, set when it starts listening.
final class BoundPort: Sendable {
    private let port: Locked<Int>

    init(_ configured: Int) { port = Locked(configured) }

    var value: Int { port.withLock { $0 } }
    func set(_ bound: Int) { port.withLock { $0 = bound } }
}

/// The request context of the broker's router: Hummingbird's core storage, the services, and the request body once
/// ``BrokerRequestLimitsMiddleware`` has read it.
struct BrokerRequestContext: RequestContext {
    /// Where a context comes from: the broker's logger and services.
    struct Source: RequestContextSource {
        var logger: Logger
        var services: BrokerServices
    }

    var coreContext: CoreRequestContextStorage
    let services: BrokerServices
    /// The request body (bounded by the configured maximum body size).
    var body: [UInt8] = []

    init(source: Source) {
        coreContext = CoreRequestContextStorage(source: source)
        services = source.services
    }

    var maxUploadSize: Int { services.configuration.maximumBodySize }

    /// The URL clients reach the broker at, for the links of an answer: the configured base URL whose host the
    /// request's Host names (the first configured one otherwise), or, with none configured, `http://` and the
    /// request's Host.
    func baseURL(of request: Request) -> String {
        let configuration = services.configuration
        let host = request.head.authority ?? "\(configuration.host):\(configuration.port)"
        let configured = configuration.baseURLs
        guard let first = configured.first else { return "http://\(host)".trimmingSuffix("/") }
        return configured.first { WebhookRedaction.origin($0).hasSuffix("://" + host.lowercased()) } ?? first
    }
}

/// The application's responder: gives each request a ``BrokerRequestContext`` carrying the services, then routes it.
struct BrokerResponder: HTTPResponder {
    let router: RouterResponder<BrokerRequestContext>
    let services: BrokerServices

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        try await router.respond(
            to: request,
            context: BrokerRequestContext(source: .init(logger: services.logger, services: services))
        )
    }
}

/// Request ids: the client's `X-Request-Id` when it is short and printable, a new random one otherwise. The id is in
/// every log line of the request (`request-id` metadata) and in the response's `X-Request-Id` header.
enum BrokerRequestID {
    // A valid field name literal: the initialiser only fails on characters HTTP forbids in names.
    static let field = HTTPField.Name("X-Request-Id")!

    static func from(_ header: String?) -> String {
        if let header, (1...128).contains(header.utf8.count),
            header.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: "\"") })
        {
            return header
        }
        return UUID().uuidString.lowercased()
    }
}

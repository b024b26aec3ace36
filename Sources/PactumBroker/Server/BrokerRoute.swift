import HTTPTypes
import Hummingbird
import Logging
import PactumCore

/// One route: a method, a path (`:name` segments are parameters, read with `request.parameters.require("name")`),
/// what a caller needs to use it, and its handler.
struct BrokerRoute: Sendable {
    var method: String
    /// The path as declared (`/pacticipants/:pacticipant`).
    var path: String
    /// What a caller needs to use the route when auth is on (``BrokerPermission/default(method:path:)`` unless the
    /// route declares one: `BrokerRoute(…, permission: .admin, handler)` or `.requiring(.admin)`).
    var permission: BrokerPermission
    var handler: @Sendable (BrokerRequest, BrokerStore) async throws -> BrokerResponse
    /// Whether the handler only reads: GET and HEAD, and the routes that say so (`.readingOnly()`, a POST that is a
    /// query). Its transaction is read-only (on an SQLite file it runs beside the writer), and a write in it fails.
    var readsOnly: Bool

    /// The route, a POST that only reads (a query with a body), run as a read.
    func readingOnly() -> BrokerRoute {
        var route = self
        route.readsOnly = true
        return route
    }

    init(
        _ method: String,
        _ path: String,
        permission: BrokerPermission? = nil,
        _ handler: @escaping @Sendable (BrokerRequest, BrokerStore) async throws -> BrokerResponse
    ) {
        self.method = method
        self.path = path
        self.permission = permission ?? BrokerPermission.default(method: method, path: path)
        self.handler = handler
        readsOnly = method == "GET" || method == "HEAD"
    }

    /// The route needing `permission` instead of its default.
    func requiring(_ permission: BrokerPermission) -> BrokerRoute {
        var route = self
        route.permission = permission
        return route
    }

    /// Runs the handler in one transaction (then its after-commit work) within the request deadline: the first of
    /// the answer and the deadline answers; a late request gets 503 and its work goes on detached, its result dropped.
    ///
    /// The transaction and the deadline wrap the handler here rather than in a middleware: the work must be able to
    /// outlive the request, which a middleware's `next` cannot.
    @Sendable func respond(to request: Request, context: BrokerRequestContext) async throws -> Response {
        let services = context.services
        let brokerRequest = BrokerRequest(
            method: request.method.rawValue,
            path: request.uri.path,
            parameters: context.parameters,
            rawQuery: request.uri.query,
            body: context.body,
            baseURL: context.baseURL(of: request),
            trustedBaseURL: services.trustedBaseURL,
            contentType: request.headers[.contentType],
            accept: request.headers[.accept],
            webhooks: services.webhooks
        )
        let handler = self.handler
        let readsOnly = self.readsOnly
        let work: @Sendable () async throws -> BrokerResponse = {
            func run(readOnly: Bool) async throws -> BrokerResponse {
                try await services.database.transaction(readOnly: readOnly) { db in
                    try await handler(brokerRequest, BrokerStore(db: db, readOnly: readOnly))
                }
            }
            // A read runs on a read-only transaction; one that meets work to write (see BrokerStore.WriteNeeded)
            // runs again as a writer.
            var answer: BrokerResponse
            do {
                answer = try await run(readOnly: readsOnly)
            } catch is BrokerStore.WriteNeeded {
                answer = try await run(readOnly: false)
            }
            if !answer.queuedWebhookDeliveries.isEmpty { services.webhooks.wakeUp.signal() }
            if answer.queuedComparisons { services.comparisonWakeUp.signal() }
            if let next = answer.afterCommit { answer = try await next() }
            return answer
        }
        let deadline = services.configuration.requestDeadline
        guard let answer = try await RequestDeadline.run(within: deadline, work) else {
            context.logger.warning("\(method) \(request.uri.path) did not finish within \(deadline); answered 503")
            var answer = BrokerResponse(
                status: 503,
                json: [
                    "error": .string(
                        "The request did not finish within \(deadline) (the database may be unreachable or "
                            + "overloaded). Retry it; check the broker's log if it keeps happening."
                    )
                ]
            )
            answer.headers.append(("Retry-After", "5"))
            return answer.response
        }
        return answer.response
    }
}

extension BrokerRoute {
    /// The route's `route` label in the metrics and the logs (`/pacticipants/:p`).
    var label: String { BrokerRouteTable.label(RouterPath(path).description) }
}

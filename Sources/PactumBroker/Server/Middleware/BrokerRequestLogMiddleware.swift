import Hummingbird
import Logging

/// Gives each request a request id (the client's `X-Request-Id` when it sends a sane one), records it in the metrics
/// and logs one line for it at info level (the path without its query, which may carry names but never credentials).
struct BrokerRequestLogMiddleware: RouterMiddleware {
    func handle(
        _ request: Request,
        context: BrokerRequestContext,
        next: (Request, BrokerRequestContext) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let requestID = BrokerRequestID.from(request.headers[BrokerRequestID.field])
        var context = context
        context.logger[metadataKey: "request-id"] = "\(requestID)"
        let method = request.method.rawValue
        var response = try await next(request, context)
        response.headers[BrokerRequestID.field] = requestID
        let route: String
        if request.method == .options {
            route = "OPTIONS"
        } else if let endpoint = context.endpointPath, endpoint != "NotFound" {
            route = BrokerRouteTable.label(endpoint)
        } else {
            route = "unmatched"
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        context.services.metrics.record(method: method, route: route, status: response.status.code, seconds: seconds)
        context.logger.info(
            "\(method) \(request.uri.path) \(response.status.code)",
            metadata: ["route": "\(route)", "duration-ms": "\(Int((seconds * 1000).rounded()))"]
        )
        return response
    }
}

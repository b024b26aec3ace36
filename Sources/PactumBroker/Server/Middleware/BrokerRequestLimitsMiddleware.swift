import Foundation
import Hummingbird

/// Bounds what a request may carry before a route's handler sees it (``BrokerRequestLimits``), and reads its body:
/// path parameters are percent-decoded and may not hold a NUL character or be absurdly long; the query is bounded;
/// a body over the maximum size is a 413, a body that is not JSON a 415.
struct BrokerRequestLimitsMiddleware: RouterMiddleware {
    func handle(
        _ request: Request,
        context: BrokerRequestContext,
        next: (Request, BrokerRequestContext) async throws -> Response
    ) async throws -> Response {
        var request = request
        var context = context
        let path = request.uri.path
        var decoded = Parameters()
        for (name, value) in context.parameters {
            decoded.append(key: name, value: Substring(String(value).removingPercentEncoding ?? String(value)))
        }
        context.coreContext.parameters = decoded
        let values = decoded.map { String($0.value) }
        if values.contains(where: { $0.utf8.contains(0) }) {
            throw BrokerError.badRequest(
                "The path \(path) has a NUL character (%00): names and versions cannot contain one"
            )
        }
        if let problem = BrokerRequestLimits.pathProblem(values)
            ?? BrokerRequestLimits.queryProblem(request.uri.query)
        {
            throw BrokerError.badRequest(problem)
        }
        let limit = context.services.configuration.maximumBodySize
        do {
            context.body = Array(buffer: try await request.collectBody(upTo: limit))
        } catch {
            throw BrokerError(status: 413, message: "The request body is larger than the limit of \(limit) bytes")
        }
        if [.post, .put, .patch].contains(request.method), !context.body.isEmpty,
            let contentType = request.headers[.contentType], !contentType.lowercased().contains("json")
        {
            throw BrokerError(status: 415, message: "Unsupported Content-Type '\(contentType)': send application/json")
        }
        return try await next(request, context)
    }
}

import Foundation
import Hummingbird

/// Bounds what a request may carry before a route's handler sees it (``BrokerRequestLimits``), and reads its body:
/// path parameters are percent-decoded and may not hold a NUL character or be absurdly long; the query is bounded;
/// a body over the maximum size is a 413, a body that is not declared JSON a 415. The last also keeps web pages out:
/// the content types a page can send another site without asking (CORS's `text/plain`, forms, none at all) are
/// never JSON, so a browser cannot be made to write to a broker its user can reach.
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
        if [.post, .put, .patch, .delete].contains(request.method), !context.body.isEmpty,
            !BrokerRequestLimits.isJSON(request.headers[.contentType])
        {
            guard let contentType = request.headers[.contentType] else {
                throw BrokerError(status: 415, message: "A request body needs Content-Type: application/json")
            }
            throw BrokerError(status: 415, message: "Unsupported Content-Type '\(contentType)': send application/json")
        }
        return try await next(request, context)
    }
}

import Foundation
import Hummingbird
import Logging
import PactumCore

/// Turns what a request threw into its answer: a ``BrokerError`` into its status and JSON body, invalid JSON into a
/// 400, a database that is down, read-only or full into 503/507 with `Retry-After`, a path no route has into 404
/// (200 for `OPTIONS`), and anything else into a 500 whose body carries only a reference to the logged error.
struct BrokerErrorMiddleware: RouterMiddleware {
    func handle(
        _ request: Request,
        context: BrokerRequestContext,
        next: (Request, BrokerRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return Self.response(for: error, request: request, context: context)
        }
    }

    static func response(for error: any Error, request: Request, context: BrokerRequestContext) -> Response {
        let method = request.method.rawValue
        let path = request.uri.path
        switch error {
        case let error as BrokerError:
            return error.response
        case let refusal as BrokerStoreRefusal:
            return BrokerError(refusal).response
        case let error as JSONParseError:
            return BrokerError.badRequest("Invalid JSON: \(error)").response
        case let error as BrokerDatabaseError:
            context.logger.warning("\(method) \(path): \(error.message)")
            var answer = BrokerResponse(status: error.status, json: ["error": .string(error.message)])
            answer.headers.append(("Retry-After", "\(error.retryAfterSeconds)"))
            return answer.response
        case let error as HTTPError where error.status == .notFound && context.endpointPath == "NotFound":
            if request.method == .options { return BrokerRouteTable.optionsResponse(allowing: []) }
            return BrokerError.notFound("No resource at \(path)").response
        case let error as any HTTPResponseError:
            if let response = try? error.response(from: request, context: context) { return response }
            return internalError(error, method: method, path: path, logger: context.logger)
        default:
            return internalError(error, method: method, path: path, logger: context.logger)
        }
    }

    /// A 500 whose body carries only a reference; the error itself goes to the log.
    static func internalError(_ error: any Error, method: String, path: String, logger: Logger) -> Response {
        let reference = UUID().uuidString.prefix(8).lowercased()
        logger.error("\(method) \(path) failed (reference \(reference)): \(String(reflecting: error))")
        let message = "An error has occurred. The details have been logged with the reference \(reference)"
        return BrokerResponse(
            status: 500,
            json: ["error": ["message": .string(message), "reference": .string(String(reference))]]
        ).response
    }
}

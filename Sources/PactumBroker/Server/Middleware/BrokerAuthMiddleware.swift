import Hummingbird

/// Lets a request reach its route only with the credentials the route needs (when auth is on): 401 without valid
/// credentials, 403 when their role is too low. `OPTIONS`, 404 and 405 answers need none.
struct BrokerAuthMiddleware: RouterMiddleware {
    let routes: BrokerRouteTable

    func handle(
        _ request: Request,
        context: BrokerRequestContext,
        next: (Request, BrokerRequestContext) async throws -> Response
    ) async throws -> Response {
        let method = request.method.rawValue
        guard let endpoint = context.endpointPath,
            let permission = routes.permission(method: method, endpointPath: endpoint)
        else { return try await next(request, context) }
        if let denied = try await BrokerAuthorizer.check(
            request,
            route: "\(method) \(BrokerRouteTable.label(endpoint))",
            permission: permission,
            context: context
        ) {
            return denied
        }
        return try await next(request, context)
    }
}

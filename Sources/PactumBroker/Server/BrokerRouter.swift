import Hummingbird

/// The broker's router: the middleware every request passes, `/metrics`, each feature's routes, and the answers to
/// `OPTIONS` and to a method a path does not have (405).
enum BrokerRouter {
    /// Every route, feature by feature, in the Pact Broker's declaration order.
    static let routes: [BrokerRoute] =
        BrokerAPI.badgeRoutes + BrokerAPI.indexRoutes + BrokerAPI.pacticipantRoutes + BrokerAPI.environmentRoutes
        + BrokerAPI.pactRoutes + BrokerAPI.providerContractRoutes + BrokerAPI.matrixRoutes + BrokerAPI.webhookRoutes
        + BrokerUI.routes

    /// What the auth middleware, `OPTIONS` and 405 answers know of the routes.
    static let table = BrokerRouteTable(routes + [BrokerMetricsEndpoint.route])

    /// The router's responder. Requests pass, in order: the request log (request id, metrics, one log line), the
    /// error mapping, auth; then, on the API's routes, the request limits (path, query, body, content type) and the
    /// route's handler in one transaction within the request deadline.
    static func buildResponder() -> RouterResponder<BrokerRequestContext> {
        let router = Router(context: BrokerRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: BrokerRequestLogMiddleware())
        router.add(middleware: BrokerErrorMiddleware())
        router.add(middleware: BrokerAuthMiddleware(routes: table))
        router.get(RouterPath(BrokerMetricsEndpoint.route.path)) { _, context in
            await BrokerMetricsEndpoint.respond(context: context)
        }
        let api = router.group().add(middleware: BrokerRequestLimitsMiddleware())
        for route in routes {
            api.on(RouterPath(route.path), method: HTTPRequest.Method(route.method)!, use: route.respond)
        }
        for path in table.paths where path.description != BrokerMetricsEndpoint.route.path {
            let methods = table.methods(at: path)
            router.on(path, method: .options) { _, _ in BrokerRouteTable.optionsResponse(allowing: methods) }
            var missing: [HTTPRequest.Method] = [.post, .put, .patch, .delete].filter { !methods.contains($0.rawValue) }
            if !methods.contains("GET") { missing += [.get, .head] }
            for method in missing {
                router.on(path, method: method) { request, _ -> Response in
                    throw BrokerError(
                        status: 405,
                        message: "Method \(request.method.rawValue) is not allowed on \(request.uri.path)"
                    )
                }
            }
        }
        return router.buildResponder()
    }
}

/// The routes' permissions and methods by path.
struct BrokerRouteTable: Sendable {
    private var permissions: [String: BrokerPermission] = [:]
    private var methodsByPath: [String: [String]] = [:]
    /// Every path, in declaration order.
    private(set) var paths: [RouterPath] = []

    init(_ routes: [BrokerRoute]) {
        for route in routes {
            let path = RouterPath(route.path)
            let key = "\(route.method) \(path.description)"
            if permissions[key] == nil { permissions[key] = route.permission }
            if methodsByPath[path.description] == nil { paths.append(path) }
            if !(methodsByPath[path.description] ?? []).contains(route.method) {
                methodsByPath[path.description, default: []].append(route.method)
            }
        }
    }

    /// What a request needs on the route at `endpointPath` (Hummingbird's `/pacticipants/{pacticipant}`; `HEAD`
    /// needs what `GET` needs); nil when no route has that method there (`OPTIONS`, a 405, a 404).
    func permission(method: String, endpointPath: String) -> BrokerPermission? {
        permissions["\(method == "HEAD" ? "GET" : method) \(endpointPath)"]
    }

    /// The methods routed at `path`, in declaration order.
    func methods(at path: RouterPath) -> [String] { methodsByPath[path.description] ?? [] }

    /// The answer to `OPTIONS`: `Allow` and `Access-Control-Allow-Methods` list the path's methods.
    static func optionsResponse(allowing methods: [String]) -> Response {
        var headers = HTTPFields()
        headers[.allow] = (methods + ["OPTIONS"]).joined(separator: ", ")
        headers[.accessControlAllowMethods] = (methods + ["OPTIONS"]).joined(separator: ", ")
        return Response(status: .ok, headers: headers)
    }

    /// The short parameter names of the `route` label of the metrics and the logs, which dashboards select on
    /// (`/pacticipants/:p`): they stay as they were when the routes' parameters got their full names.
    static let labelNames = [
        "pacticipant": "p", "provider": "p", "consumer": "c", "version": "v", "branch": "b", "label": "l",
        "metadata": "m", "number": "n", "environment": "env", "providerTag": "ptag", "consumerTag": "ctag",
    ]

    /// The `route` label of a route: its path with `:short` parameters (`/pacticipants/:p`).
    static func label(_ endpointPath: String) -> String {
        let segments = endpointPath.split(separator: "/", omittingEmptySubsequences: true).map { segment in
            guard segment.hasPrefix("{"), segment.hasSuffix("}") else { return String(segment) }
            let name = String(segment.dropFirst().dropLast())
            return ":" + (labelNames[name] ?? name)
        }
        return "/" + segments.joined(separator: "/")
    }
}

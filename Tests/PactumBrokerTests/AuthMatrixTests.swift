import Foundation
import PactumCore
import PactumTestSupport
import Testing

@testable import PactumBroker

/// Who may use which route: every route of `BrokerRouter.routes` (routes added later are covered too), for every kind
/// of caller, on both database engines.
@Suite struct AuthMatrixTests {
    struct Caller: Sendable {
        var name: String
        var headers: [(String, String)]
        /// nil: anonymous.
        var role: BrokerRole?
    }

    static func callers(_ tokens: AuthTests.Tokens) -> [Caller] {
        [
            Caller(name: "anonymous", headers: [], role: nil),
            Caller(name: "read token", headers: AuthTests.bearer(tokens.read), role: .read),
            Caller(name: "write token", headers: AuthTests.bearer(tokens.write), role: .write),
            Caller(name: "admin token", headers: AuthTests.bearer(tokens.admin), role: .admin),
            Caller(name: "basic read/write user", headers: AuthTests.basic(AuthTests.readWriteUser), role: .admin),
            Caller(name: "basic read-only user", headers: AuthTests.basic(AuthTests.readOnlyUser), role: .read),
        ]
    }

    /// Method and sample path of every route, plus `/metrics` (dispatched before the route table).
    static func requests() -> [(method: String, path: String, permission: BrokerPermission)] {
        var requests = BrokerRouter.routes.map { route in
            // The router prefers a literal segment to a parameter, so a sample path (parameters `x`) reaches its own
            // route: expect what that route needs.
            (method: route.method, path: AuthTests.samplePath(route), permission: route.permission)
        }
        requests.append((method: "GET", path: "/metrics", permission: .read))
        return requests
    }

    @Test("every route answers every caller as its permission says", arguments: BrokerTestEngine.allCases)
    func everyRouteForEveryCaller(engine: BrokerTestEngine) async throws {
        let requests = Self.requests()
        #expect(requests.count > 80)
        try await AuthTests.withAuthBroker(engine) { broker, _, tokens in
            let client = BrokerHTTPTestClient(broker)
            for caller in Self.callers(tokens) {
                for request in requests {
                    let body: String? = ["POST", "PUT", "PATCH"].contains(request.method) ? "{}" : nil
                    let answer = try await client.send(
                        request.method,
                        request.path,
                        body: body,
                        headers: caller.headers
                    )
                    let what = "\(caller.name): \(request.method) \(request.path) (needs \(request.permission))"
                    let allowed = caller.role?.allows(request.permission) ?? (request.permission == .anyone)
                    if allowed {
                        #expect(answer.status != 401 && answer.status != 403, "\(what) answered \(answer.status)")
                    } else if caller.role == nil {
                        #expect(answer.status == 401, "\(what) answered \(answer.status)")
                        #expect(answer.errorMessage.contains("needs the \(request.permission) role"), "\(what)")
                    } else {
                        #expect(answer.status == 403, "\(what) answered \(answer.status)")
                        #expect(
                            answer.errorMessage.contains(
                                "needs the \(request.permission) role; these credentials have the "
                                    + "\(caller.role?.rawValue ?? "") role"
                            ),
                            "\(what): \(answer.errorMessage)"
                        )
                    }
                }
            }
        }
    }

    @Test("the permission of each route: reads read, writes write, deletes and webhooks admin")
    func permissionTable() throws {
        func permission(_ method: String, _ path: String) throws -> BrokerPermission {
            let route = try #require(
                BrokerRouter.routes.first { $0.method == method && $0.label == path },
                "no route \(method) \(path)"
            )
            return route.permission
        }
        #expect(try permission("GET", "/diagnostic/status/heartbeat") == .anyone)
        #expect(try permission("GET", "/") == .read)
        #expect(try permission("POST", "/pacts/provider/:p/for-verification") == .read)
        #expect(try permission("POST", "/contracts/publish") == .write)
        #expect(try permission("PUT", "/pacts/provider/:p/consumer/:c/version/:v") == .write)
        #expect(
            try permission("POST", "/pacts/provider/:p/consumer/:c/pact-version/:sha/verification-results") == .write
        )
        #expect(try permission("PUT", "/pacticipants/:p/versions/:v/tags/:tag") == .write)
        #expect(try permission("PUT", "/pacticipants/:p/branches/:b/versions/:v") == .write)
        #expect(try permission("POST", "/pacticipants/:p/versions/:v/deployed-versions/environment/:uuid") == .write)
        #expect(try permission("PATCH", "/deployed-versions/:uuid") == .write)
        #expect(try permission("POST", "/environments") == .write)
        #expect(try permission("PATCH", "/pacticipants/:p") == .write)
        #expect(try permission("DELETE", "/pacticipants/:p") == .admin)
        #expect(try permission("DELETE", "/environments/:uuid") == .admin)
        for route in BrokerRouter.routes {
            switch route.method {
            case "GET", "HEAD":
                #expect([.read, .anyone].contains(route.permission), "\(route.method) \(route.path)")
            case "DELETE":
                #expect(route.permission == .admin, "\(route.method) \(route.path)")
            default:
                #expect(route.permission != .anyone, "\(route.method) \(route.path)")
                if route.path.contains("webhook") {
                    #expect(route.permission == .admin, "\(route.method) \(route.path)")
                }
            }
        }
        // Routes declared later (webhooks, admin tools) get the same rule.
        #expect(BrokerPermission.default(method: "POST", path: "/webhooks") == .admin)
        #expect(BrokerPermission.default(method: "PUT", path: "/webhooks/:uuid") == .admin)
        #expect(BrokerPermission.default(method: "POST", path: "/webhooks/:uuid/execute") == .admin)
        #expect(BrokerPermission.default(method: "POST", path: "/pacts/provider/:p/consumer/:c/webhooks") == .admin)
        #expect(BrokerPermission.default(method: "GET", path: "/webhooks") == .read)
        #expect(BrokerPermission.default(method: "POST", path: "/admin/clean") == .admin)
        #expect(BrokerPermission.default(method: "DELETE", path: "/integrations") == .admin)
        #expect(BrokerPermission.default(method: "GET", path: "/ui/anything") == .read)
        #expect(BrokerPermission.default(method: "POST", path: "/anything-new") == .write)
        // A route may declare its own.
        let declared = BrokerRoute("POST", "/special", permission: .admin) { _, _ in .noContent }
        #expect(declared.permission == .admin)
        #expect(BrokerRoute("GET", "/special") { _, _ in .noContent }.requiring(.anyone).permission == .anyone)
    }

    @Test("roles include the ones below them")
    func roleOrder() {
        #expect(BrokerRole.read < BrokerRole.write && BrokerRole.write < BrokerRole.admin)
        #expect(BrokerRole.admin.allows(.write) && BrokerRole.admin.allows(.read) && BrokerRole.admin.allows(.anyone))
        #expect(BrokerRole.write.allows(.read) && !BrokerRole.write.allows(.admin))
        #expect(!BrokerRole.read.allows(.write) && BrokerRole.read.allows(.anyone))
    }
}

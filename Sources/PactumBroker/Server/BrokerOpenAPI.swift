import PactumCore

/// `GET /openapi.json`: the broker's routes as an OpenAPI 3.0 document, generated from the route table the router is
/// built from, so it cannot drift from the routes. It describes paths, methods, path parameters, which operations take
/// a JSON body and the role each needs; answers are HAL JSON (or HTML for the web UI's pages), errors a JSON object.
/// The README's test command runs schemathesis against it (no answer may be a 5xx).
enum BrokerOpenAPI {
    static let route = BrokerRoute("GET", "/openapi.json") { request, _ in
        .ok(document(routes: BrokerRouter.routes, serverURL: request.baseURL))
    }

    static func document(routes: [BrokerRoute], serverURL: String) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        var operationIDs: Set<String> = []
        for route in routes where route.method != "HEAD" {
            let (path, parameters) = openAPIPath(route.path)
            var operation: [String: JSONValue] = [
                "operationId": .string(uniqueID(route, taken: &operationIDs)),
                "summary": .string("\(route.method) \(route.label)"),
                "x-pactum-permission": .string("\(route.permission)"),
                "responses": [
                    "default": [
                        "description": "HAL JSON (HTML for the web UI's pages), or a JSON error naming the problem"
                    ]
                ],
            ]
            if !parameters.isEmpty {
                operation["parameters"] = .array(
                    parameters.map { name in
                        ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string"]]
                    }
                )
            }
            if ["POST", "PUT", "PATCH"].contains(route.method) {
                operation["requestBody"] = [
                    "required": false,
                    "content": ["application/json": ["schema": ["type": "object"]]],
                ]
            }
            var item = paths[path]?.objectValue ?? [:]
            item[route.method.lowercased()] = .object(operation)
            paths[path] = .object(item)
        }
        return [
            "openapi": "3.0.3",
            "info": [
                "title": "Pactum Broker",
                "version": "1",
                "description": "The Pact Broker HTTP API as Pactum's broker serves it.",
            ],
            "servers": [["url": .string(serverURL)]],
            "paths": .object(paths),
        ]
    }

    /// `/pacticipants/:pacticipant` → `/pacticipants/{pacticipant}` and its parameter names.
    static func openAPIPath(_ path: String) -> (String, [String]) {
        var names: [String] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map { segment -> String in
            guard segment.hasPrefix(":") else { return String(segment) }
            let name = String(segment.dropFirst())
            names.append(name)
            return "{\(name)}"
        }
        return ("/" + segments.joined(separator: "/"), names)
    }

    private static func uniqueID(_ route: BrokerRoute, taken: inout Set<String>) -> String {
        let words = route.path.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        let base = route.method.lowercased() + words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        var id = base
        var number = 2
        while taken.contains(id) {
            id = "\(base)\(number)"
            number += 1
        }
        taken.insert(id)
        return id
    }
}

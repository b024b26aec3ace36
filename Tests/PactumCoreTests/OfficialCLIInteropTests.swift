import Foundation
import PactumCore
import PactumTestSupport
import Testing

/// Contracts Pactum writes are read by the official Pact implementation: the reference stub server
/// (`pact stub`) loads each V2, V3 and V4 file and answers every request with the recorded response.
@Suite("Interop: the official Pact CLI reads what Pactum writes", .serialized)
struct OfficialCLIInteropTests {
    static func samplePact() throws -> Pact {
        var order = HTTPResponse(
            status: 200,
            headers: ["Content-Type": ["application/json"]],
            body: .json([
                "id": 7, "total": 12.5, "placedAt": "2024-02-29T10:00:00+01:00",
                "lines": [["sku": "BK-0042", "qty": 1]],
            ])
        )
        try order.matchingRules.add(.integer, category: "body", path: "$.id")
        try order.matchingRules.add(.decimal, category: "body", path: "$.total")
        try order.matchingRules.add(
            .timestamp(format: "yyyy-MM-dd'T'HH:mm:ssXXX"),
            category: "body",
            path: "$.placedAt"
        )
        try order.matchingRules.add(.type(min: 1), category: "body", path: "$.lines")
        try order.matchingRules.add(.regex("[A-Z]{2}-\\d{4}"), category: "body", path: "$.lines[*].sku")
        order.generators.add(.randomInt(min: 1, max: 999), category: "body", path: "$.id")
        let getOrder = HTTPRequest(
            method: "GET",
            path: "/orders/7",
            query: ["expand": ["lines", "customer"]],
            headers: ["Accept": ["application/json"]]
        )

        var createRequest = HTTPRequest(
            method: "POST",
            path: "/orders",
            headers: ["Content-Type": ["application/json"]],
            body: .json(["sku": "AB-1234", "qty": 2])
        )
        try createRequest.matchingRules.add(.type, category: "body", path: "$.qty")
        var created = HTTPResponse(
            status: 201,
            headers: ["Location": ["/orders/9"], "Content-Type": ["application/json"]],
            body: .json(["id": 9])
        )
        try created.matchingRules.add(.regex("/orders/\\d+"), category: "header", path: "Location")

        var user = HTTPRequest(method: "GET", path: "/users/42")
        try user.matchingRules.add(.regex("/users/\\d+"), category: "path", path: "")
        let userResponse = HTTPResponse(
            status: 200,
            headers: ["Content-Type": ["application/json"]],
            body: .json(["name": "Ann"])
        )

        return Pact(
            consumer: "PactumInteropConsumer",
            provider: "OfficialStub",
            interactions: [
                Interaction(
                    description: "a request for order 7",
                    providerStates: [ProviderState("order 7 exists", params: ["id": 7])],
                    kind: .http(request: getOrder, response: order)
                ),
                Interaction(description: "a new order", kind: .http(request: createRequest, response: created)),
                Interaction(
                    description: "a health check",
                    kind: .http(
                        request: HTTPRequest(method: "GET", path: "/health"),
                        response: HTTPResponse(
                            status: 200,
                            headers: ["Content-Type": ["text/plain"]],
                            body: .text("ok")
                        )
                    )
                ),
                Interaction(description: "a user by id", kind: .http(request: user, response: userResponse)),
            ]
        )
    }

    @Test("pact stub serves every interaction of a Pactum-written file", arguments: [PactSpecification.v2, .v3, .v4])
    func stubServesPactumFiles(_ version: PactSpecification) async throws {
        let pact = try Self.samplePact()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pactum-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("PactumInteropConsumer-OfficialStub.json")
        try pact.write(to: file, specification: version)

        let stub = try await PactCLI.StubServer(files: [file])
        defer { stub.stop() }
        #expect(stub.log.contains("Loaded 1 pacts (4 total interactions)"), "pact stub output:\n\(stub.log)")
        for interaction in pact.interactions {
            guard case .http(let request, let expected) = interaction.kind else { continue }
            let actual = try Self.send(request, port: stub.port)
            let mismatches = PactMatcher.match(expected: expected, actual: actual)
            #expect(
                mismatches.isEmpty,
                "\(version.label) '\(interaction.description)': \(mismatches.map(\.description).joined(separator: "; "))\n\(stub.log)"
            )
        }
    }

    static func send(_ request: HTTPRequest, port: Int) throws -> HTTPResponse {
        var target = request.path
        if let query = request.query, !query.isEmpty { target += "?" + QueryString.format(query) }
        var headers: [(String, String)] = []
        for (name, values) in request.headers ?? [:] { headers.append((name, values.joined(separator: ", "))) }
        let answer = try LoopbackHTTPClient.send(
            method: request.method,
            port: port,
            target: target,
            headers: headers,
            body: request.body.isPresent ? request.body.bytes : []
        )
        var responseHeaders: [String: [String]] = [:]
        for (name, value) in answer.headers { responseHeaders[name, default: []].append(value) }
        return HTTPResponse(
            status: answer.status,
            headers: responseHeaders,
            body: Body.fromWire(answer.body, contentType: answer.header("Content-Type"))
        )
    }
}

import Foundation
import PactumCore
import PactumMock
import PactumTestSupport
import Testing

@Suite("Mock server over real HTTP")
struct MockServerTests {
    static func orderInteraction() throws -> Interaction {
        var response = HTTPResponse(
            status: 200,
            headers: ["Content-Type": ["application/json"]],
            body: .json(["id": 7, "self": "http://localhost:1234/orders/7"])
        )
        response.generators.add(
            .mockServerURL(example: "http://localhost:1234/orders/7", regex: ".*(/orders/\\d+)$"),
            category: "body",
            path: "$.self"
        )
        var request = HTTPRequest(method: "GET", path: "/orders/7", headers: ["Accept": ["application/json"]])
        try request.matchingRules.add(.regex("/orders/\\d+"), category: "path", path: "")
        return Interaction(description: "an order", kind: .http(request: request, response: response))
    }

    @Test("answers a matching request with the interaction's response, generators applied")
    func answersMatchingRequest() async throws {
        try await withMockServer(interactions: [try Self.orderInteraction()]) { server in
            let answer = try LoopbackHTTPClient.send(
                method: "GET",
                port: server.port,
                target: "/orders/7",
                headers: [("Accept", "application/json")]
            )
            #expect(answer.status == 200)
            let body = try JSONParser.parse(bytes: answer.body)
            #expect(body["self"] == .string("\(server.baseURL)/orders/7"))
            let results = server.results
            #expect(results.allMatched)
            #expect(results.matched.count == 1)
        }
    }

    @Test("records mismatched and unexpected requests and interactions never called")
    func recordsProblems() async throws {
        try await withMockServer(interactions: [try Self.orderInteraction()]) { server in
            let mismatched = try LoopbackHTTPClient.send(method: "GET", port: server.port, target: "/orders/8")
            #expect(mismatched.status == 500)
            #expect(mismatched.header("X-Pactum-Error") == "Request-Mismatch")
            let unexpected = try LoopbackHTTPClient.send(method: "DELETE", port: server.port, target: "/nothing")
            #expect(unexpected.status == 500)
            let results = server.results
            #expect(!results.allMatched)
            #expect(results.mismatched.count == 1)
            #expect(results.unexpected.map(\.path) == ["/nothing"])
            #expect(results.missing.map(\.description) == ["an order"])
            // 'an order' was never matched, but its request arrived: reported once, as the mismatch.
            #expect(
                results.problems == [
                    """
                    GET /orders/8 did not match 'an order':
                      - request header Accept: Expected a header 'Accept' but it was missing
                    """,
                    "Unexpected request DELETE /nothing: no interaction expects it",
                ]
            )
        }
    }

    @Test("answers CORS pre-flight requests when asked to")
    func cors() async throws {
        let configuration = MockServer.Configuration(cors: true)
        try await withMockServer(interactions: [try Self.orderInteraction()], configuration: configuration) { server in
            let answer = try LoopbackHTTPClient.send(
                method: "OPTIONS",
                port: server.port,
                target: "/orders/7",
                headers: [("Origin", "http://app"), ("Access-Control-Request-Method", "GET")]
            )
            #expect(answer.status == 204)
            #expect(answer.header("Access-Control-Allow-Origin") == "*")
        }
    }
}

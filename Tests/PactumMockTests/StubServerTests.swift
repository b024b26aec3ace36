import Foundation
import NIOConcurrencyHelpers
import PactumCore
import PactumMock
import PactumTestSupport
import Testing

@Suite("Stub server over real HTTP")
struct StubServerTests {
    static func pact() throws -> Pact {
        var link = HTTPResponse(
            status: 200,
            headers: ["Content-Type": ["application/json"]],
            body: .json(["id": 7, "self": "http://localhost:1234/orders/7"])
        )
        link.generators.add(
            .mockServerURL(example: "http://localhost:1234/orders/7", regex: ".*(/orders/\\d+)$"),
            category: "body",
            path: "$.self"
        )
        var request = HTTPRequest(method: "GET", path: "/orders/7")
        try request.matchingRules.add(.regex("/orders/\\d+"), category: "path", path: "")
        return Pact(
            consumer: "Shop",
            provider: "Orders",
            interactions: [
                Interaction(
                    description: "an order",
                    providerStates: [ProviderState("an order exists")],
                    kind: .http(request: request, response: link)
                ),
                Interaction(
                    description: "no order",
                    providerStates: [ProviderState("no orders")],
                    kind: .http(request: request, response: HTTPResponse(status: 404))
                ),
            ]
        )
    }

    @Test("serves the first fitting interaction, generators pointing at the stub, and 404 otherwise")
    func serves() async throws {
        let events = NIOLockedValueBox<[StubServer.Outcome]>([])
        let configuration = StubServer.Configuration(onRequest: { event in
            events.withLockedValue { $0.append(event.outcome) }
        })
        try await withStubServer(pacts: [try Self.pact()], configuration: configuration) { server in
            #expect(server.interactionCount == 2)
            let answer = try LoopbackHTTPClient.send(method: "GET", port: server.port, target: "/orders/12", timeout: 5)
            #expect(answer.status == 200)
            #expect(answer.header("Access-Control-Allow-Origin") == "*")
            let body = try JSONParser.parse(bytes: answer.body)
            #expect(body["self"] == .string("\(server.baseURL)/orders/7"))
            // The same request again gets the same answer: a stub keeps no state.
            #expect(try LoopbackHTTPClient.send(method: "GET", port: server.port, target: "/orders/3").status == 200)
            let missing = try LoopbackHTTPClient.send(method: "GET", port: server.port, target: "/customers/1")
            #expect(missing.status == 404)
            #expect(missing.body.isEmpty)
        }
        let outcomes = events.withLockedValue { $0 }
        #expect(outcomes.count == 3)
        #expect(outcomes.last == .notFound(reason: "No interaction expects GET /customers/1"))
    }

    @Test("filters by provider state, per request through a header")
    func providerStates() async throws {
        let configuration = StubServer.Configuration(
            providerState: "exists",
            providerStateHeaderName: "X-Pact-State"
        )
        try await withStubServer(pacts: [try Self.pact()], configuration: configuration) { server in
            let exists = try LoopbackHTTPClient.send(method: "GET", port: server.port, target: "/orders/1")
            #expect(exists.status == 200)
            let none = try LoopbackHTTPClient.send(
                method: "GET",
                port: server.port,
                target: "/orders/1",
                headers: [("X-Pact-State", "no orders")]
            )
            #expect(none.status == 404)
            #expect(none.body.isEmpty)
        }
    }

    @Test("answers CORS pre-flight requests when asked to")
    func cors() async throws {
        try await withStubServer(
            pacts: [try Self.pact()],
            configuration: StubServer.Configuration(cors: true)
        ) { server in
            let answer = try LoopbackHTTPClient.send(
                method: "OPTIONS",
                port: server.port,
                target: "/orders/7",
                headers: [("Origin", "http://app"), ("Access-Control-Request-Method", "GET")]
            )
            #expect(answer.status == 200)
            #expect(answer.header("Access-Control-Allow-Methods")?.contains("PATCH") == true)
        }
    }

    @Test("shuts down when the body throws, and the port is free again")
    func shutsDownOnError() async throws {
        struct Stop: Error {}
        let port = NIOLockedValueBox(0)
        await #expect(throws: Stop.self) {
            try await withStubServer(interactions: []) { server in
                port.withLockedValue { $0 = server.port }
                throw Stop()
            }
        }
        let used = port.withLockedValue { $0 }
        #expect(throws: LoopbackHTTPClient.Failure.self) {
            try LoopbackHTTPClient.send(method: "GET", port: used, target: "/", timeout: 2)
        }
    }

    @Test("an invalid provider state filter fails to start with a clear error")
    func invalidFilter() async throws {
        await #expect(throws: StubServerError.self) {
            try await StubServer.start(interactions: [], configuration: StubServer.Configuration(providerState: "("))
        }
    }
}

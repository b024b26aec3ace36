import Foundation
import PactumCore
import Testing

@testable import PactumMock

@Suite("Mock server state, without sockets")
struct MockServerStateTests {
    static func interaction(
        _ description: String,
        method: String = "GET",
        path: String,
        pathRegex: String? = nil,
        query: [String: [String]]? = nil,
        status: Int = 200,
        body: Body = .missing
    ) -> Interaction {
        var request = HTTPRequest(method: method, path: path, query: query)
        if let pathRegex { try? request.matchingRules.add(.regex(pathRegex), category: "path", path: "") }
        return Interaction(
            description: description,
            kind: .http(request: request, response: HTTPResponse(status: status, body: body))
        )
    }

    static func state(_ interactions: [Interaction]) -> MockServerState {
        MockServerState(
            interactions: interactions,
            configuration: MockServer.Configuration(
                generatorContext: GeneratorContext(random: SeededRandomNumberGenerator(seed: 7))
            )
        )
    }

    @Test("indexes interactions by method and exact path, ignoring message interactions")
    func indexByMethodAndPath() {
        let message = Interaction(description: "an event", kind: .asynchronousMessage(Message(contents: .missing)))
        let index = InteractionIndex([
            Self.interaction("get a", path: "/a"),
            message,
            Self.interaction("post a", method: "POST", path: "/a"),
            Self.interaction("get b", path: "/b"),
        ])
        #expect(index.entries.map(\.interaction.description) == ["get a", "post a", "get b"])
        #expect(index.candidates(method: "get", path: "/a") == [0])
        #expect(index.candidates(method: "POST", path: "/a") == [1])
        #expect(index.candidates(method: "GET", path: "/c").isEmpty)
        #expect(index.candidates(method: "DELETE", path: "/a").isEmpty)
    }

    @Test("regex paths are found after the exact ones, in the order given, whether filed by segment or not")
    func regexPaths() {
        let index = InteractionIndex([
            Self.interaction("any order", path: "/orders/1", pathRegex: "/orders/\\d+"),
            Self.interaction("anything", path: "/x", pathRegex: ".*"),
            Self.interaction("order 7", path: "/orders/7"),
            Self.interaction("anchored", path: "/orders/2", pathRegex: "^/orders/[0-9]+$"),
            Self.interaction("other segment", path: "/users/1", pathRegex: "/users/\\d+"),
        ])
        #expect(index.candidates(method: "GET", path: "/orders/7") == [2, 0, 1, 3])
        #expect(index.candidates(method: "GET", path: "/orders/8") == [0, 1, 3])
        #expect(index.candidates(method: "GET", path: "/users/8") == [1, 4])
        #expect(index.candidates(method: "GET", path: "no-slash") == [1])
    }

    @Test("the literal prefix of a path regex stops at the first non-literal and respects quantifiers")
    func literalPrefix() {
        #expect(InteractionIndex.literalPrefix(ofRegex: "/orders/\\d+") == "/orders/")
        #expect(InteractionIndex.literalPrefix(ofRegex: "^\\/api\\/v1/x") == "/api/v1/x")
        #expect(InteractionIndex.literalPrefix(ofRegex: "/orders?/1") == "/order")
        #expect(InteractionIndex.literalPrefix(ofRegex: "/ab*") == "/a")
        #expect(InteractionIndex.literalPrefix(ofRegex: "/a{2}") == "/")
        #expect(InteractionIndex.literalPrefix(ofRegex: "/ab+c") == "/ab")
        #expect(InteractionIndex.literalPrefix(ofRegex: "/a/b|/c/d") == "")
        #expect(InteractionIndex.literalPrefix(ofRegex: "(?i)/a/") == "")
        #expect(InteractionIndex.literalPrefix(ofRegex: "/a.b/") == "/a")
        #expect(InteractionIndex.literalPrefix(ofRegex: "\\") == "")
    }

    @Test("a path rule that is not a single regex is tried for every path")
    func nonRegexPathRules() throws {
        var request = HTTPRequest(path: "/a/1")
        try request.matchingRules.add(.type, category: "path", path: "")
        let typed = Interaction(
            description: "typed",
            kind: .http(request: request, response: HTTPResponse(status: 200))
        )
        let index = InteractionIndex([typed, Self.interaction("segment", path: "/b/1", pathRegex: "/b/\\d+")])
        #expect(index.candidates(method: "GET", path: "/zzz") == [0])
        #expect(index.candidates(method: "GET", path: "/b/2") == [0, 1])
    }

    @Test("of several matching interactions, one not called yet is preferred")
    func firstUncalledPreference() {
        var state = Self.state([
            Self.interaction("first", path: "/a", status: 200),
            Self.interaction("second", path: "/a", status: 201),
        ])
        #expect(state.handle(HTTPRequest(path: "/a")).status == 200)
        #expect(state.handle(HTTPRequest(path: "/a")).status == 201)
        #expect(state.handle(HTTPRequest(path: "/a")).status == 200)
        #expect(state.results.missing.isEmpty)
        #expect(state.results.matched.map(\.interaction.description) == ["first", "second", "first"])
    }

    @Test("a known method and path that does not match is a mismatch; an unknown one is unexpected")
    func mismatchVersusUnexpected() {
        var state = Self.state([Self.interaction("search", path: "/search", query: ["q": ["pact"]])])
        let mismatched = state.handle(HTTPRequest(path: "/search", query: ["q": ["other"]]))
        #expect(mismatched.status == 500)
        #expect(mismatched.header("X-Pactum-Error") == ["Request-Mismatch"])
        let unexpected = state.handle(HTTPRequest(method: "PUT", path: "/search"))
        #expect(unexpected.header("X-Pactum-Error") == ["Unexpected-Request"])
        guard case .json(let body) = unexpected.body.content else {
            Issue.record("expected a JSON error body")
            return
        }
        #expect(body["message"] == .string("No interaction expects PUT /search"))
        let results = state.results
        #expect(results.mismatched.count == 1)
        #expect(results.mismatched.first?.mismatches.map(\.part) == [.query])
        #expect(results.unexpected.map(\.method) == ["PUT"])
        #expect(results.missing.map(\.description) == ["search"])
    }

    @Test("response generators run in consumer mode with the mock server's URL, seeded")
    func generators() {
        var response = HTTPResponse(status: 200, body: .json(["n": 0, "link": "http://example/items/1", "state": "x"]))
        response.generators.add(.randomInt(min: 5, max: 9), category: "body", path: "$.n")
        response.generators.add(
            .mockServerURL(example: "http://example/items/1", regex: ".*(/items/\\d+)$"),
            category: "body",
            path: "$.link"
        )
        response.generators.add(.providerState(expression: "${id}"), category: "body", path: "$.state")
        let interaction = Interaction(
            description: "item",
            providerStates: [ProviderState("an item", params: ["id": 3])],
            kind: .http(request: HTTPRequest(path: "/items/1"), response: response)
        )
        var state = Self.state([interaction])
        state.mockServerURL = "http://127.0.0.1:4321"
        let answer = state.handle(HTTPRequest(path: "/items/1"))
        guard case .json(let body) = answer.body.content, case .integer(let n)? = body["n"] else {
            Issue.record("expected a JSON body with an integer n, got \(answer.body)")
            return
        }
        #expect((5...9).contains(n))
        #expect(body["link"] == .string("http://127.0.0.1:4321/items/1"))
        // Provider state generators belong to the provider side: the example is kept.
        #expect(body["state"] == .string("x"))
    }

    @Test("10,000 interactions: each request is resolved in well under a millisecond")
    func manyInteractions() {
        var interactions: [Interaction] = []
        for number in 0..<5_000 {
            interactions.append(Self.interaction("item \(number)", path: "/items/\(number)", status: 200))
            interactions.append(
                Self.interaction(
                    "thing \(number)",
                    path: "/things\(number)/1",
                    pathRegex: "/things\(number)/\\d+",
                    status: 201
                )
            )
        }
        var state = Self.state(interactions)
        let requests = (0..<1_000).map { number in
            number.isMultiple(of: 2)
                ? HTTPRequest(path: "/items/\(number * 3)") : HTTPRequest(path: "/things\(number * 3)/42")
        }
        // Speed is measured in Benchmarks/, not asserted here; this checks every lookup finds its interaction.
        var statuses: [Int] = []
        for request in requests { statuses.append(state.handle(request).status) }
        #expect(statuses.filter { $0 == 200 }.count == 500)
        #expect(statuses.filter { $0 == 201 }.count == 500)
    }
}

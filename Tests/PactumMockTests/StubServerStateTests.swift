import Foundation
import PactumCore
import Testing

@testable import PactumMock

@Suite("Stub server selection, without sockets")
struct StubServerStateTests {
    static func interaction(
        _ description: String,
        states: [String] = [],
        method: String = "GET",
        path: String = "/items/1",
        query: [String: [String]]? = nil,
        headers: [String: [String]]? = nil,
        requestBody: Body = .missing,
        status: Int = 200,
        responseHeaders: [String: [String]]? = nil,
        body: Body = .missing
    ) -> Interaction {
        Interaction(
            description: description,
            providerStates: states.map { ProviderState($0) },
            kind: .http(
                request: HTTPRequest(method: method, path: path, query: query, headers: headers, body: requestBody),
                response: HTTPResponse(status: status, headers: responseHeaders, body: body)
            )
        )
    }

    static func state(
        _ interactions: [Interaction],
        _ configuration: StubServer.Configuration = StubServer.Configuration()
    ) throws -> StubServerState {
        try StubServerState(
            pacts: [Pact(consumer: "C", provider: "P", interactions: interactions)],
            configuration: configuration
        )
    }

    static func answer(_ state: StubServerState, _ request: HTTPRequest) -> (StubServerState.Selection, HTTPResponse) {
        var context = GeneratorContext(random: SeededRandomNumberGenerator(seed: 1))
        let selection = state.select(request)
        return (selection, state.response(to: request, selection: selection, context: &context))
    }

    @Test("headers need not match, but the interaction with fewest mismatches wins, the earlier on a tie")
    func fewestMismatchesWins() throws {
        let state = try Self.state([
            Self.interaction("json", headers: ["Accept": ["application/json"]], status: 200),
            Self.interaction("plain", status: 201),
            Self.interaction("plain again", status: 202),
        ])
        let (plain, plainAnswer) = Self.answer(state, HTTPRequest(path: "/items/1"))
        // A perfect match ends the search, so `alternatives` counts the fitting ones seen before it.
        #expect(plain == .matched(index: 1, alternatives: 1))
        #expect(plainAnswer.status == 201)
        let (json, _) = Self.answer(state, HTTPRequest(path: "/items/1", headers: ["accept": ["application/json"]]))
        #expect(json == .matched(index: 0, alternatives: 0))
        let (other, _) = Self.answer(state, HTTPRequest(path: "/items/1", headers: ["Accept": ["text/html"]]))
        #expect(other == .matched(index: 1, alternatives: 1))
    }

    @Test("the query must match")
    func queryMustMatch() throws {
        let state = try Self.state([Self.interaction("search", query: ["q": ["x"]])])
        #expect(
            Self.answer(state, HTTPRequest(path: "/items/1", query: ["q": ["x"]])).0
                == .matched(index: 0, alternatives: 0)
        )
        let (selection, response) = Self.answer(state, HTTPRequest(path: "/items/1", query: ["q": ["y"]]))
        #expect(response.status == 404)
        guard case .notFound(let reason) = selection else {
            Issue.record("expected not found, got \(selection)")
            return
        }
        #expect(reason.hasPrefix("No interaction for GET /items/1 matched; closest 'search': request query q: "))
        #expect(reason.hasSuffix("Expected query parameter 'q' to have the value 'x' but received 'y'"))
    }

    @Test("the body counts only for POST, PUT and PATCH requests that have one")
    func bodyOnlyForPayloadMethods() throws {
        let state = try Self.state([
            Self.interaction("create", method: "POST", path: "/items", requestBody: .json(["a": 1]), status: 201),
            Self.interaction("peek", method: "GET", path: "/items", requestBody: .json(["a": 1]), status: 200),
        ])
        let post = { (body: Body) in
            Self.answer(state, HTTPRequest(method: "POST", path: "/items", body: body)).1.status
        }
        #expect(post(.json(["a": 1])) == 201)
        #expect(post(.json(["a": 2])) == 404)
        #expect(post(.missing) == 201)
        let get = Self.answer(state, HTTPRequest(method: "GET", path: "/items", body: .json(["a": 2]))).1
        #expect(get.status == 200)
    }

    @Test("an unknown method or path is a 404 naming it, with Access-Control-Allow-Origin")
    func notFound() throws {
        let state = try Self.state([Self.interaction("item")])
        let (selection, response) = Self.answer(state, HTTPRequest(method: "DELETE", path: "/items/1"))
        #expect(selection == .notFound(reason: "No interaction expects DELETE /items/1"))
        #expect(response.status == 404)
        #expect(!response.body.isPresent)
        #expect(response.headers == ["Access-Control-Allow-Origin": ["*"]])
    }

    @Test("responses get Access-Control-Allow-Origin and a Content-Type unless the interaction sets them")
    func defaultHeaders() throws {
        let state = try Self.state([
            Self.interaction("text", path: "/text", body: .text("hello", contentType: "text/plain")),
            Self.interaction(
                "own",
                path: "/own",
                responseHeaders: ["access-control-allow-origin": ["http://app"], "content-type": ["text/x-own"]],
                body: .text("own")
            ),
            Self.interaction("json", path: "/json", body: .json(["a": 1])),
        ])
        let text = Self.answer(state, HTTPRequest(path: "/text")).1
        #expect(text.header("Content-Type") == ["text/plain"])
        #expect(text.header("Access-Control-Allow-Origin") == ["*"])
        let own = Self.answer(state, HTTPRequest(path: "/own")).1
        #expect(own.headers == ["access-control-allow-origin": ["http://app"], "content-type": ["text/x-own"]])
        #expect(Self.answer(state, HTTPRequest(path: "/json")).1.header("Content-Type") == ["application/json"])
    }

    @Test("a provider state regex keeps only interactions with a state it finds")
    func providerStateFilter() throws {
        let interactions = [
            Self.interaction("one", states: ["an item exists"], status: 200),
            Self.interaction("two", states: ["no items", "the user is admin"], status: 201),
            Self.interaction("stateless", status: 202),
        ]
        let admin = try Self.state(interactions, StubServer.Configuration(providerState: "admin"))
        #expect(Self.answer(admin, HTTPRequest(path: "/items/1")).1.status == 201)
        let exists = try Self.state(interactions, StubServer.Configuration(providerState: "^an item"))
        #expect(Self.answer(exists, HTTPRequest(path: "/items/1")).1.status == 200)
        let none = try Self.state(interactions, StubServer.Configuration(providerState: "nothing like it"))
        let (selection, response) = Self.answer(none, HTTPRequest(path: "/items/1"))
        #expect(response.status == 404)
        #expect(
            selection
                == .notFound(reason: "The 3 interaction(s) for GET /items/1 were left out by the provider state filter")
        )
        let withEmpty = try Self.state(
            interactions,
            StubServer.Configuration(providerState: "nothing like it", includeEmptyProviderState: true)
        )
        #expect(Self.answer(withEmpty, HTTPRequest(path: "/items/1")).1.status == 202)
        let emptyName = try Self.state(
            [Self.interaction("blank", states: [""], status: 203)],
            StubServer.Configuration(providerState: "x", includeEmptyProviderState: true)
        )
        #expect(Self.answer(emptyName, HTTPRequest(path: "/items/1")).1.status == 203)
    }

    @Test("a provider state header replaces the filter for its request; an invalid one is a 400")
    func providerStateHeader() throws {
        let state = try Self.state(
            [
                Self.interaction("one", states: ["state one"], status: 200),
                Self.interaction("two", states: ["state two"], status: 201),
            ],
            StubServer.Configuration(providerState: "one", providerStateHeaderName: "X-Provider-State")
        )
        #expect(Self.answer(state, HTTPRequest(path: "/items/1")).1.status == 200)
        let two = HTTPRequest(path: "/items/1", headers: ["x-provider-state": ["t.o$"]])
        #expect(Self.answer(state, two).1.status == 201)
        let invalid = HTTPRequest(path: "/items/1", headers: ["X-Provider-State": ["("]])
        let (selection, response) = Self.answer(state, invalid)
        #expect(response.status == 400)
        let reason = "The X-Provider-State header '(' is not a valid regular expression for provider state names"
        #expect(selection == .invalidProviderStateHeader(reason: reason))
        #expect(response.body.textValue == reason)
    }

    @Test("an invalid provider state filter is refused when the server is configured")
    func invalidProviderStateFilter() {
        #expect(
            throws: StubServerError(problems: [
                "The provider state filter '[a' is not a valid regular expression; fix the pattern (ICU syntax)"
            ])
        ) {
            try Self.state([], StubServer.Configuration(providerState: "[a"))
        }
    }

    @Test("with CORS, OPTIONS requests no interaction expects get a pre-flight answer")
    func corsPreflight() throws {
        let interactions = [Self.interaction("options", method: "OPTIONS", path: "/opt", status: 204)]
        let cors = try Self.state(interactions, StubServer.Configuration(cors: true))
        #expect(Self.answer(cors, HTTPRequest(method: "OPTIONS", path: "/opt")).1.status == 204)
        let (selection, response) = Self.answer(cors, HTTPRequest(method: "OPTIONS", path: "/other"))
        #expect(selection == .corsPreflight)
        #expect(response.status == 200)
        #expect(
            response.headers == [
                "Access-Control-Allow-Headers": ["*"],
                "Access-Control-Allow-Methods": ["GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH"],
                "Access-Control-Allow-Origin": ["*"],
            ]
        )
        let referer = try Self.state(interactions, StubServer.Configuration(cors: true, corsReferer: true))
        let fromApp = HTTPRequest(method: "OPTIONS", path: "/other", headers: ["Referer": ["http://app/"]])
        #expect(Self.answer(referer, fromApp).1.header("Access-Control-Allow-Origin") == ["http://app/"])
        let plain = try Self.state(interactions)
        #expect(Self.answer(plain, HTTPRequest(method: "OPTIONS", path: "/other")).1.status == 404)
    }

    @Test("the outcome names the interaction, its pact and how many others fitted")
    func outcome() throws {
        let state = try StubServerState(
            pacts: [
                Pact(consumer: "A", provider: "P", interactions: [Self.interaction("a", path: "/a")]),
                Pact(consumer: "B", provider: "P", interactions: [Self.interaction("b", path: "/b")]),
            ],
            configuration: StubServer.Configuration()
        )
        let outcome = state.outcome(of: state.select(HTTPRequest(path: "/b")))
        #expect(outcome == .matched(interaction: Self.interaction("b", path: "/b"), pact: 1, alternatives: 0))
    }

    @Test("10,000 interactions: selection stays well under a millisecond per request")
    func manyInteractions() throws {
        var interactions: [Interaction] = []
        for number in 0..<10_000 {
            var request = HTTPRequest(path: "/orders\(number)/1", headers: ["Accept": ["application/json"]])
            if number.isMultiple(of: 2) {
                try request.matchingRules.add(.regex("/orders\(number)/\\d+"), category: "path", path: "")
            }
            interactions.append(
                Interaction(
                    description: "order \(number)",
                    kind: .http(
                        request: request,
                        response: HTTPResponse(status: 200, body: .json(["n": .integer(number)]))
                    )
                )
            )
        }
        let state = try Self.state(interactions)
        var context = GeneratorContext(random: SeededRandomNumberGenerator(seed: 3))
        // Speed is measured in Benchmarks/, not asserted here; this checks every lookup finds its interaction.
        var matched = 0
        for number in stride(from: 0, to: 10_000, by: 10) {
            let request = HTTPRequest(path: "/orders\(number)/1")
            let selection = state.select(request)
            if state.response(to: request, selection: selection, context: &context).status == 200 { matched += 1 }
        }
        #expect(matched == 1_000)
    }

    @Test("loading pacts reports every unreadable or invalid file by name")
    func loadingErrors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stub-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("nested"),
            withIntermediateDirectories: true
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = #"{"consumer":{"name":"C"},"provider":{"name":"P"},"interactions":[]}"#
        try good.write(to: directory.appendingPathComponent("nested/good.json"), atomically: true, encoding: .utf8)
        try good.write(to: directory.appendingPathComponent("ignored.txt"), atomically: true, encoding: .utf8)
        let loaded = try StubServer.loadPacts(files: [], directories: [directory])
        #expect(loaded.map(\.consumer.name) == ["C"])
        #expect(try StubServer.loadPacts(files: [], directories: [directory], fileExtension: ".txt").count == 1)

        let bad = directory.appendingPathComponent("bad.json")
        try "{ nope".write(to: bad, atomically: true, encoding: .utf8)
        let missing = directory.appendingPathComponent("missing-dir")
        do {
            _ = try StubServer.loadPacts(files: [bad], directories: [missing])
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.count == 2)
            #expect(error.problems[0] == "\(missing.path): no such directory; give a directory of pact files with -d")
            #expect(error.problems[1].hasPrefix("\(bad.path): the contract is not valid JSON"))
            #expect(error.description.hasPrefix("2 problems:\n  - \(missing.path)"))
        }
    }
}

import Foundation
import NIOConcurrencyHelpers
import PactumCore

/// An HTTP mock of a provider for one consumer test: it answers every request that matches one of
/// its interactions with that interaction's response, and records what matched, what did not, what
/// was unexpected and what was never called.
///
/// Bound to 127.0.0.1 on a free port. Use it through ``withMockServer(interactions:configuration:_:)``
/// so it is shut down even when the test body throws.
public final class MockServer: Sendable {
    /// How a mock server listens and answers.
    public struct Configuration: Sendable {
        /// The address to bind (loopback by default).
        public var host: String
        /// The port to bind; 0 picks a free one.
        public var port: Int
        /// Answer CORS pre-flight (`OPTIONS`) requests and add `Access-Control-Allow-Origin` to responses.
        public var cors: Bool
        /// The context generators run with; the mock server's own URL is filled in.
        public var generatorContext: GeneratorContext

        public init(
            host: String = "127.0.0.1",
            port: Int = 0,
            cors: Bool = false,
            generatorContext: GeneratorContext = GeneratorContext()
        ) {
            self.host = host
            self.port = port
            self.cors = cors
            self.generatorContext = generatorContext
        }
    }

    private let server: LoopbackHTTPServer
    private let state: NIOLockedValueBox<MockServerState>

    /// The port the server listens on.
    public var port: Int { server.port }
    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://\(server.host):\(server.port)" }
    /// The base URL as a `URL`.
    public var url: URL { URL(string: baseURL)! }

    private init(server: LoopbackHTTPServer, state: NIOLockedValueBox<MockServerState>) {
        self.server = server
        self.state = state
    }

    /// Starts a mock server for the HTTP interactions (other kinds are ignored).
    public static func start(
        interactions: [Interaction],
        configuration: Configuration = Configuration()
    ) async throws -> MockServer {
        let state = NIOLockedValueBox(MockServerState(interactions: interactions, configuration: configuration))
        let server = try await LoopbackHTTPServer.start(host: configuration.host, port: configuration.port) { request in
            state.withLockedValue { $0.handle(request) }
        }
        state.withLockedValue { $0.mockServerURL = "http://\(server.host):\(server.port)" }
        return MockServer(server: server, state: state)
    }

    /// Stops the server and closes its connections.
    public func shutdown() async {
        await server.shutdown()
    }

    /// What has happened so far.
    public var results: MockServerResults {
        state.withLockedValue { $0.results }
    }
}

/// Runs `body` with a started mock server and shuts it down afterwards, also when `body` throws.
public func withMockServer<Result>(
    interactions: [Interaction],
    configuration: MockServer.Configuration = MockServer.Configuration(),
    _ body: (MockServer) async throws -> Result
) async throws -> Result {
    try await withStartedServer(
        { try await MockServer.start(interactions: interactions, configuration: configuration) },
        shutdown: { await $0.shutdown() },
        body
    )
}

/// The mock server's bookkeeping: pure, no I/O, so it is tested without sockets.
struct MockServerState: Sendable {
    let index: InteractionIndex
    let configuration: MockServer.Configuration
    var mockServerURL: String?
    var generatorContext: GeneratorContext
    private(set) var calls: [Int] = []
    private var matched: [MatchedRequest] = []
    private var mismatched: [MismatchedRequest] = []
    private var unexpected: [HTTPRequest] = []

    var results: MockServerResults {
        MockServerResults(
            matched: matched,
            mismatched: mismatched,
            unexpected: unexpected,
            missing: index.entries.indices.filter { calls[$0] == 0 }.map { index.entries[$0].interaction }
        )
    }

    init(interactions: [Interaction], configuration: MockServer.Configuration) {
        index = InteractionIndex(interactions)
        self.configuration = configuration
        generatorContext = configuration.generatorContext
        calls = Array(repeating: 0, count: index.entries.count)
    }

    mutating func handle(_ request: HTTPRequest) -> HTTPResponse {
        if configuration.cors, request.method.uppercased() == "OPTIONS",
            request.header("Access-Control-Request-Method") != nil
        {
            return withCORS(HTTPResponse(status: 204, headers: corsPreflightHeaders(request)))
        }
        let callCounts = calls
        switch index.resolve(request, preferring: { callCounts[$0] == 0 }) {
        case .matched(let position):
            calls[position] += 1
            let entry = index.entries[position]
            matched.append(MatchedRequest(interaction: entry.interaction, request: request))
            generatorContext.mockServerURL = mockServerURL
            var context = generatorContext
            if !entry.interaction.providerStates.isEmpty {
                for state in entry.interaction.providerStates {
                    context.providerState.merge(state.params) { current, _ in current }
                }
            }
            let generated = entry.response.applyingGenerators(mode: .consumer, context: &context)
            generatorContext.random = context.random
            return withCORS(generated.value)
        case .mismatched(let closest, let mismatches):
            let interaction = index.entries[closest].interaction
            mismatched.append(MismatchedRequest(request: request, closest: interaction, mismatches: mismatches))
            return withCORS(
                MockServerState.errorResponse(
                    error: "Request-Mismatch",
                    message: "The request did not match the interaction '\(interaction.description)'",
                    request: request,
                    mismatches: mismatches
                )
            )
        case .unexpected:
            unexpected.append(request)
            return withCORS(
                MockServerState.errorResponse(
                    error: "Unexpected-Request",
                    message: "No interaction expects \(request.method.uppercased()) \(request.path)",
                    request: request,
                    mismatches: []
                )
            )
        }
    }

    private func withCORS(_ response: HTTPResponse) -> HTTPResponse {
        guard configuration.cors else { return response }
        guard response.header("Access-Control-Allow-Origin") == nil else { return response }
        var copy = response
        copy.headers = copy.headers ?? [:]
        copy.headers?["Access-Control-Allow-Origin"] = ["*"]
        return copy
    }

    private func corsPreflightHeaders(_ request: HTTPRequest) -> [String: [String]] {
        [
            "Access-Control-Allow-Methods": ["GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH"],
            "Access-Control-Allow-Headers": request.header("Access-Control-Request-Headers") ?? ["*"],
            "Access-Control-Max-Age": ["3600"],
        ]
    }

    /// The 500 answer for a request the mock cannot answer, in the shape other Pact mock servers use.
    static func errorResponse(
        error: String,
        message: String,
        request: HTTPRequest,
        mismatches: [Mismatch]
    )
        -> HTTPResponse
    {
        var body: [String: JSONValue] = [
            "error": .string(error),
            "message": .string(message),
            "method": .string(request.method.uppercased()),
            "path": .string(request.path),
        ]
        if !mismatches.isEmpty {
            body["mismatches"] = .array(
                mismatches.map { mismatch in
                    var json: [String: JSONValue] = [
                        "type": .string(mismatch.part.rawValue),
                        "path": .string(mismatch.path),
                        "mismatch": .string(mismatch.message),
                    ]
                    if let expected = mismatch.expected { json["expected"] = .string(expected) }
                    if let actual = mismatch.actual { json["actual"] = .string(actual) }
                    return .object(json)
                }
            )
        }
        return HTTPResponse(
            status: 500,
            headers: ["Content-Type": ["application/json"], "X-Pactum-Error": [error]],
            body: .json(.object(body))
        )
    }
}

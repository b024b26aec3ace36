import Foundation
import NIOConcurrencyHelpers
import PactumCore

/// An HTTP stub of a provider: it answers every request with the response of the first interaction,
/// across a set of pacts, that fits it, the way the official `pact stub` (pact-stub-server) does.
///
/// Unlike ``MockServer`` it records nothing and never fails a test; requests that no interaction
/// fits get an empty `404`. Requests are matched leniently, as the official stub does:
///
/// - method, path (with the pact's path rules) and query must match;
/// - headers are not required to match, but among the interactions that fit, the one with the
///   fewest mismatches (headers included) wins, the earlier one on a tie;
/// - the body must match only for `POST`, `PUT` and `PATCH` requests that have a body.
///
/// Interactions can be narrowed by provider state (``Configuration/providerState``), also per
/// request through a header (``Configuration/providerStateHeaderName``). Every response carries
/// `Access-Control-Allow-Origin: *` unless the interaction sets it; with ``Configuration/cors`` the
/// server also answers `OPTIONS` requests no interaction expects. Response generators run in
/// consumer mode, `MockServerURL` generators pointing at this server.
///
/// Finding the interaction costs the same with ten interactions or ten thousand: they are indexed by
/// method and path (see ``MockServer`` for the same index).
public final class StubServer: Sendable {
    /// How a stub server listens, filters and answers.
    public struct Configuration: Sendable {
        /// The address to bind (loopback by default; `0.0.0.0` for every interface).
        public var host: String
        /// The port to bind; 0 picks a free one.
        public var port: Int
        /// Answer `OPTIONS` requests that no interaction expects with a permissive CORS pre-flight response.
        public var cors: Bool
        /// In CORS pre-flight responses, allow the request's `Referer` as origin instead of `*`.
        public var corsReferer: Bool
        /// A regular expression (ICU syntax, unanchored) on provider state names: only interactions
        /// with a state whose name it finds are served. Nil serves all interactions.
        public var providerState: String?
        /// A request header whose value, when the request has it, replaces ``providerState`` for that request.
        public var providerStateHeaderName: String?
        /// With a provider state filter, also serve interactions that have no provider state.
        public var includeEmptyProviderState: Bool
        /// The context generators run with (seed its `random` for repeatable values); the server's
        /// own URL is filled in and `now` is taken from ``clock`` for each request.
        public var generatorContext: GeneratorContext
        /// The time `Date`, `Time` and `DateTime` generators start from, asked once per request.
        public var clock: @Sendable () -> Date
        /// Called after each request with what the server decided, e.g. to log it. Runs on the
        /// server's event loop: keep it short.
        public var onRequest: (@Sendable (Event) -> Void)?

        public init(
            host: String = "127.0.0.1",
            port: Int = 0,
            cors: Bool = false,
            corsReferer: Bool = false,
            providerState: String? = nil,
            providerStateHeaderName: String? = nil,
            includeEmptyProviderState: Bool = false,
            generatorContext: GeneratorContext = GeneratorContext(),
            clock: @escaping @Sendable () -> Date = { Date() },
            onRequest: (@Sendable (Event) -> Void)? = nil
        ) {
            self.host = host
            self.port = port
            self.cors = cors
            self.corsReferer = corsReferer
            self.providerState = providerState
            self.providerStateHeaderName = providerStateHeaderName
            self.includeEmptyProviderState = includeEmptyProviderState
            self.generatorContext = generatorContext
            self.clock = clock
            self.onRequest = onRequest
        }
    }

    /// One request the server answered, and why it answered so.
    public struct Event: Sendable {
        public var request: HTTPRequest
        public var response: HTTPResponse
        public var outcome: Outcome
    }

    /// Why the server gave the answer it gave.
    public enum Outcome: Hashable, Sendable {
        /// The response of `interaction`, from the pact at index `pact` of those served; `alternatives`
        /// other interactions fitted too (the one with fewest mismatches was chosen).
        case matched(interaction: Interaction, pact: Int, alternatives: Int)
        /// A CORS pre-flight answer (``Configuration/cors``).
        case corsPreflight
        /// No interaction fits: a `404`, with the reason.
        case notFound(reason: String)
        /// The provider state header is not a valid regular expression: a `400`.
        case invalidProviderStateHeader(reason: String)
    }

    private let server: LoopbackHTTPServer
    /// Replaced whole by ``replacePacts(_:)``; each request reads it once.
    private let state: NIOLockedValueBox<StubServerState>

    /// The port the server listens on.
    public var port: Int { server.port }
    /// `http://<host>:<port>` (`127.0.0.1` when bound to every interface).
    public var baseURL: String { StubServer.baseURL(host: server.host, port: server.port) }
    /// The base URL as a `URL`.
    public var url: URL { URL(string: baseURL)! }
    /// How many HTTP interactions the server serves (before any provider state filter).
    public var interactionCount: Int { state.withLockedValue { $0.index.entries.count } }

    private init(server: LoopbackHTTPServer, state: NIOLockedValueBox<StubServerState>) {
        self.server = server
        self.state = state
    }

    /// Starts a stub server for the HTTP interactions of `pacts` (other kinds are ignored), earlier
    /// pacts and interactions winning ties.
    ///
    /// - Throws: ``StubServerError`` when the provider state filter is not a valid regular expression;
    ///   the NIO error when the address cannot be bound.
    public static func start(pacts: [Pact], configuration: Configuration = Configuration()) async throws -> StubServer {
        let state = NIOLockedValueBox(try StubServerState(pacts: pacts, configuration: configuration))
        let context = NIOLockedValueBox(configuration.generatorContext)
        let server = try await LoopbackHTTPServer.start(host: configuration.host, port: configuration.port) {
            request in
            let state = state.withLockedValue { $0 }
            let selection = state.select(request)
            let response = context.withLockedValue { context in
                context.now = configuration.clock()
                return state.response(to: request, selection: selection, context: &context)
            }
            if let onRequest = configuration.onRequest {
                onRequest(Event(request: request, response: response, outcome: state.outcome(of: selection)))
            }
            return response
        }
        context.withLockedValue { $0.mockServerURL = baseURL(host: server.host, port: server.port) }
        return StubServer(server: server, state: state)
    }

    /// Starts a stub server for HTTP interactions not read from a pact file.
    public static func start(
        interactions: [Interaction],
        configuration: Configuration = Configuration()
    ) async throws -> StubServer {
        let pact = Pact(consumer: "consumer", provider: "provider", interactions: interactions)
        return try await start(pacts: [pact], configuration: configuration)
    }

    /// Serves `pacts` from now on instead of those it was started with (`pactum stub --watch` after a file
    /// changed), with the same configuration. A request being answered finishes with the old pacts.
    public func replacePacts(_ pacts: [Pact]) throws(StubServerError) {
        let configuration = state.withLockedValue { $0.configuration }
        let replacement = try StubServerState(pacts: pacts, configuration: configuration)
        state.withLockedValue { $0 = replacement }
    }

    /// Stops the server and closes its connections.
    public func shutdown() async {
        await server.shutdown()
    }

    static func baseURL(host: String, port: Int) -> String {
        let shown = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        return "http://\(shown.contains(":") ? "[\(shown)]" : shown):\(port)"
    }
}

/// Runs `body` with a started stub server for `pacts` and shuts it down afterwards, also when `body` throws.
public func withStubServer<Result>(
    pacts: [Pact],
    configuration: StubServer.Configuration = StubServer.Configuration(),
    _ body: (StubServer) async throws -> Result
) async throws -> Result {
    try await withStartedServer(
        { try await StubServer.start(pacts: pacts, configuration: configuration) },
        shutdown: { await $0.shutdown() },
        body
    )
}

/// Runs `body` with a started stub server for `interactions` and shuts it down afterwards, also when `body` throws.
public func withStubServer<Result>(
    interactions: [Interaction],
    configuration: StubServer.Configuration = StubServer.Configuration(),
    _ body: (StubServer) async throws -> Result
) async throws -> Result {
    try await withStartedServer(
        { try await StubServer.start(interactions: interactions, configuration: configuration) },
        shutdown: { await $0.shutdown() },
        body
    )
}

/// A stub server could not be configured or its pacts could not be loaded.
public struct StubServerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Each problem found, one per file or setting.
    public var problems: [String]

    public init(problems: [String]) {
        self.problems = problems
    }

    public var description: String {
        if problems.count == 1 { return problems[0] }
        return "\(problems.count) problems:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

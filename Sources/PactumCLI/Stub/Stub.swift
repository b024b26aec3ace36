import ArgumentParser
import Foundation
import PactumBrokerClient
import PactumCore
import PactumMock

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `pactum stub`: serves the responses of pact files, with the flags of the official `pact stub`.
struct Stub: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stub",
        abstract: "Serve the responses of pact files: a stub of the provider.",
        discussion: """
            Answers each request with the response of the first interaction that fits it: method, path and \
            query must match, the body too for POST, PUT and PATCH requests with a body; among several, the \
            one with fewest mismatches (headers included) wins. Other requests get an empty 404. Runs until \
            interrupted (SIGINT or SIGTERM). Exits with 3 when a pact cannot be loaded. Pacts come from files \
            (-f), folders (-d), URLs (-u) and a broker (-b: the latest pact of every integration, filtered by \
            --consumer-name/--provider-name, or the pacts --consumer-version-selectors select for one \
            --provider-name); --watch reloads the files and folders when they change.
            """
    )

    @Option(name: [.short, .long], help: "Pact file to load (can be repeated).")
    var file: [String] = []

    @Option(name: [.short, .long], help: "Directory of pact files to load, searched recursively (can be repeated).")
    var dir: [String] = []

    @Option(
        name: [.customShort("e"), .customLong("extension")],
        help: "File extension to use when loading from a directory."
    )
    var fileExtension = "json"

    @Option(name: [.short, .long], help: "URL of a pact file to fetch (can be repeated).")
    var url: [String] = []

    @Option(
        name: [.customShort("b"), .customLong("broker-url")],
        help: "URL of the pact broker to fetch pacts from (env PACT_BROKER_BASE_URL)."
    )
    var brokerURL: String?

    @Option(
        name: .long,
        help: "User and password for URLs and the broker, in user:password form."
    )
    var user: String?

    @Option(name: [.short, .long], help: "Bearer token for URLs and the broker.")
    var token: String?

    @Flag(name: .long, help: "Do not check TLS certificates of URLs and the broker.")
    var insecureTLS = false

    @Option(
        name: .long,
        help: "Consumer name or regular expression to filter the broker's pacts by (can be repeated)."
    )
    var consumerName: [String] = []

    @Option(
        name: .long,
        help: "Provider name or regular expression to filter the broker's pacts by (can be repeated)."
    )
    var providerName: [String] = []

    @Option(
        name: .long,
        help: """
            A consumer version selector as JSON, e.g. '{"mainBranch": true}' (can be repeated): the broker's pacts \
            for the one provider given with --provider-name, as the verifier selects them (a Pactum extension).
            """
    )
    var consumerVersionSelectors: [String] = []

    @Option(
        name: .long,
        help: """
            The number of times to retry failed requests to URLs and the broker (5xx, 408, 429), with exponential \
            back-off from 500 ms (env PACT_BROKER_HTTP_RETRIES, default 8).
            """
    )
    var retries: Int?

    @Flag(name: [.short, .long], help: "Watch the pact files and folders and reload them when they change.")
    var watch = false

    @Option(name: [.short, .long], help: "Port to run on (defaults to a random port assigned by the OS).")
    var port: Int = 0

    @Option(name: .long, help: "Address to bind (0.0.0.0 for every interface).")
    var host = "127.0.0.1"

    @Flag(name: [.customShort("o"), .long], help: "Automatically respond to OPTIONS requests with CORS headers.")
    var cors = false

    @Flag(name: .long, help: "Set the CORS Access-Control-Allow-Origin header to the Referer.")
    var corsReferer = false

    @Option(name: [.customShort("s"), .long], help: "Provider state regular expression to filter the responses by.")
    var providerState: String?

    @Option(
        name: .long,
        help: """
            Name of the header holding a provider state regular expression for that request, used when several \
            interactions match.
            """
    )
    var providerStateHeaderName: String?

    @Flag(name: .long, help: "Include interactions without provider states when filtering with --provider-state.")
    var emptyProviderState = false

    @Option(name: [.short, .long], help: "Log level: error, warn, info, debug, trace or none.")
    var loglevel: StubLogLevel = .info

    /// `-b`, or PACT_BROKER_BASE_URL.
    var brokerBaseURL: String? {
        OptionEnvironment().value(brokerURL, else: "PACT_BROKER_BASE_URL")
    }

    func validate() throws {
        guard !file.isEmpty || !dir.isEmpty || !url.isEmpty || brokerBaseURL != nil else {
            throw ValidationError(
                "Give at least one pact file (-f FILE), directory of pact files (-d DIR), URL (-u URL) or broker (-b URL)."
            )
        }
        if let user, !user.contains(":") {
            throw ValidationError("--user '\(user)' is not in user:password form.")
        }
        if let retries, retries < 0 { throw ValidationError("--retries must be 0 or more, not \(retries).") }
        if !consumerVersionSelectors.isEmpty {
            guard brokerBaseURL != nil else {
                throw ValidationError(
                    "--consumer-version-selectors select a broker's pacts: give the broker with -b URL."
                )
            }
            guard providerName.count == 1 else {
                throw ValidationError(
                    "--consumer-version-selectors need exactly one --provider-name: the provider whose pacts to serve."
                )
            }
            _ = try selectors()
        }
        if watch, file.isEmpty, dir.isEmpty {
            throw ValidationError("--watch reloads pact files and folders: give them with -f FILE or -d DIR.")
        }
        guard (0...65535).contains(port) else {
            throw ValidationError("'\(port)' is not a valid port: give a number from 0 to 65535 (0 picks a free one).")
        }
    }

    func selectors() throws -> [ConsumerVersionSelector] {
        try ConsumerVersionSelector.parse(consumerVersionSelectors)
    }

    var sources: StubSources {
        get throws {
            let credentials = user.map { $0.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false) }
            return StubSources(
                files: file,
                directories: dir,
                fileExtension: fileExtension,
                urls: url,
                brokerURL: brokerBaseURL,
                authentication: BrokerAuthentication(
                    username: credentials.map { String($0[0]) },
                    password: credentials.flatMap { $0.count > 1 ? String($0[1]) : nil },
                    token: token
                ),
                insecureTLS: insecureTLS,
                consumerNames: consumerName,
                providerNames: providerName,
                consumerVersionSelectors: try selectors(),
                retries: OptionEnvironment().value(retries, else: "PACT_BROKER_HTTP_RETRIES")
                    ?? 8
            )
        }
    }

    func run() async throws {
        let output = StubOutput(level: loglevel)
        let sources = try self.sources
        let remote: [Pact]
        let pacts: [Pact]
        do {
            remote = try await sources.loadRemote()
            pacts = try sources.loadFiles() + remote
        } catch {
            output.error(
                "There were errors loading the pact files:\n"
                    + error.problems.map { "  - \($0)" }.joined(separator: "\n")
            )
            throw ExitCode(3)
        }
        let interactions = pacts.reduce(0) { $0 + $1.interactions.filter(\.isHTTP).count }
        if interactions == 0 {
            output.log(.warn, "The pact files hold no HTTP interactions: every request will get a 404")
        }
        let names = pacts.map { "\($0.consumer.name) -> \($0.provider.name)" }
        let configuration = StubServer.Configuration(
            host: host,
            port: port,
            cors: cors,
            corsReferer: corsReferer,
            providerState: providerState,
            providerStateHeaderName: providerStateHeaderName,
            includeEmptyProviderState: emptyProviderState,
            onRequest: { event in output.log(event, pactNames: names) }
        )
        let server: StubServer
        do {
            server = try await StubServer.start(pacts: pacts, configuration: configuration)
        } catch let error as StubServerError {
            output.error(error.description)
            throw ExitCode.failure
        } catch {
            output.error("Could not listen on \(host):\(port): \(error)")
            throw ExitCode.failure
        }
        let signals = TerminationSignals()
        output.always(
            "Stub server listening on \(server.baseURL) (\(pacts.count) pacts, \(interactions) interactions)"
        )
        let watcher = watch ? Task { await Self.watch(sources, remote: remote, server: server, output: output) } : nil
        let signal = await signals.next()
        watcher?.cancel()
        output.log(.info, "Received \(signal == SIGTERM ? "SIGTERM" : "SIGINT"), shutting down")
        await server.shutdown()
    }

    /// Polls the pact files and folders every 200 ms; when any file changed, appeared or went away, reloads them and
    /// serves the new pacts (with those of URLs and the broker, which are not reloaded). A reload that fails keeps
    /// the pacts being served and says why.
    static func watch(_ sources: StubSources, remote: [Pact], server: StubServer, output: StubOutput) async {
        var signature = sources.fileSignature()
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(200))
            let current = sources.fileSignature()
            guard current != signature else { continue }
            signature = current
            do {
                let pacts = try sources.loadFiles() + remote
                try server.replacePacts(pacts)
                let interactions = pacts.reduce(0) { $0 + $1.interactions.filter(\.isHTTP).count }
                output.log(.info, "Reloaded the pact files: \(pacts.count) pacts, \(interactions) interactions")
            } catch let failure as StubSources.Failure {
                output.error(
                    "The pact files changed but could not be reloaded; still serving the previous ones:\n"
                        + failure.problems.map { "  - \($0)" }.joined(separator: "\n")
                )
            } catch {
                output.error(
                    "The pact files changed but could not be reloaded; still serving the previous ones: \(error)"
                )
            }
        }
    }
}

/// SIGINT and SIGTERM, caught from creation on (they no longer end the process by themselves).
struct TerminationSignals {
    private let stream: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    init() {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        self.stream = stream
        self.sources = sources
    }

    /// Waits for the next signal and returns it.
    func next() async -> Int32 {
        var iterator = stream.makeAsyncIterator()
        let received = await iterator.next() ?? SIGINT
        for source in sources { source.cancel() }
        return received
    }
}

/// The `-l/--loglevel` values of the official `pact stub`.
enum StubLogLevel: String, CaseIterable, ExpressibleByArgument, Comparable {
    case none, error, warn, info, debug, trace

    private var rank: Int { StubLogLevel.allCases.firstIndex(of: self) ?? 0 }

    static func < (lhs: StubLogLevel, rhs: StubLogLevel) -> Bool { lhs.rank < rhs.rank }
}

/// Writes the stub's output: the listening line and logs on standard output, errors on standard error.
/// Unbuffered, so a parent process sees each line as it is written.
struct StubOutput: Sendable {
    var level: StubLogLevel

    func always(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func error(_ message: String) {
        guard level >= .error else { return }
        FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
    }

    func log(_ messageLevel: StubLogLevel, _ message: String) {
        guard messageLevel != .none, level >= messageLevel else { return }
        always("[\(messageLevel.rawValue.uppercased())] \(message)")
    }

    func log(_ event: StubServer.Event, pactNames: [String]) {
        let request = event.request
        var target = request.path
        if let query = request.query, !query.isEmpty { target += "?" + QueryString.format(query) }
        let line = "\(request.method.uppercased()) \(target) -> \(event.response.status)"
        switch event.outcome {
        case .matched(let interaction, let pact, let alternatives):
            let source = pact < pactNames.count ? " (\(pactNames[pact]))" : ""
            log(.info, "\(line): '\(interaction.description)'\(source)")
            if alternatives > 0 {
                log(.debug, "\(alternatives) other interaction(s) also fitted; chose the one with fewest mismatches")
            }
        case .corsPreflight:
            log(.info, "\(line): CORS pre-flight")
        case .notFound(let reason):
            log(.warn, "\(line): \(reason)")
        case .invalidProviderStateHeader(let reason):
            log(.warn, "\(line): \(reason)")
        }
        if level >= .debug {
            for (name, values) in (request.headers ?? [:]).sorted(by: { $0.key < $1.key }) {
                log(.debug, "  \(name): \(values.joined(separator: ", "))")
            }
            if let body = request.body.textValue, !body.isEmpty { log(.debug, "  body: \(body)") }
        }
    }
}

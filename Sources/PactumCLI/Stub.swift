import ArgumentParser
import Foundation
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
            interrupted (SIGINT or SIGTERM). Exits with 3 when a pact file cannot be loaded.
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

    func validate() throws {
        guard !file.isEmpty || !dir.isEmpty else {
            throw ValidationError("Give at least one pact file (-f FILE) or directory of pact files (-d DIR).")
        }
        guard (0...65535).contains(port) else {
            throw ValidationError("'\(port)' is not a valid port: give a number from 0 to 65535 (0 picks a free one).")
        }
    }

    func run() async throws {
        let output = StubOutput(level: loglevel)
        let pacts: [Pact]
        do {
            pacts = try StubServer.loadPacts(
                files: file.map { URL(fileURLWithPath: $0) },
                directories: dir.map { URL(fileURLWithPath: $0) },
                fileExtension: fileExtension
            )
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
        let signal = await signals.next()
        output.log(.info, "Received \(signal == SIGTERM ? "SIGTERM" : "SIGINT"), shutting down")
        await server.shutdown()
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

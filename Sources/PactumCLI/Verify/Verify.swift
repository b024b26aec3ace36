import ArgumentParser
import Foundation
import PactumBrokerClient
import PactumCore
import PactumVerifier

/// `pactum verify`: replays contracts against a running provider, with the flags of the official `pact verifier`.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a running provider against pact files, URLs or the pacts a broker selects.",
        discussion: """
            Takes the flags and environment variables of the official `pact verifier`. Exit codes: 0 when every \
            interaction passed (pending failures do not count), 1 when verification failed, 3 when the \
            verification could not run (a contract that cannot be read, a provider or broker that cannot be \
            reached), 64 for invalid options.
            """,
        // `-h` is the provider host name, as in the official verifier.
        helpNames: [.long]
    )

    // MARK: Loading pacts

    @Option(name: [.short, .long], help: "Pact file to verify (can be repeated).")
    var file: [String] = []

    @Option(name: [.short, .long], help: "Directory of pact files to verify (can be repeated).")
    var dir: [String] = []

    @Option(name: [.short, .long], help: "URL of a pact file to verify (can be repeated).")
    var url: [String] = []

    @Option(
        name: [.customShort("b"), .customLong("broker-url")],
        help: "URL of the Pact broker to fetch pacts from (env PACT_BROKER_BASE_URL)."
    )
    var brokerURL: String?

    @Option(
        name: .customLong("webhook-callback-url"),
        help: "URL of one pact to verify from a webhook (needs --broker-url)."
    )
    var webhookCallbackURL: String?

    @Flag(name: .customLong("ignore-no-pacts-error"), help: "Do not fail when no pacts are found.")
    var ignoreNoPactsError = false

    // MARK: Authentication

    @Option(name: .long, help: "Username for pact URLs and the broker (env PACT_BROKER_USERNAME).")
    var user: String?

    @Option(name: .long, help: "Password for pact URLs and the broker (env PACT_BROKER_PASSWORD).")
    var password: String?

    @Option(name: [.short, .long], help: "Bearer token for pact URLs and the broker (env PACT_BROKER_TOKEN).")
    var token: String?

    // MARK: Provider

    @Option(name: [.short, .long], help: "Provider host name (default localhost; env PACT_PROVIDER_HOSTNAME).")
    var hostname: String?

    @Option(name: [.short, .long], help: "Provider port (default 80/443; env PACT_PROVIDER_PORT).")
    var port: Int?

    @Option(name: .long, help: "Provider transport: http or https (env PACT_PROVIDER_TRANSPORT).")
    var transport: String?

    @Option(name: [.customShort("n"), .customLong("provider-name")], help: "Provider name (env PACT_PROVIDER_NAME).")
    var providerName: String?

    @Option(name: .customLong("base-path"), help: "Base path added to every request (env PACT_PROVIDER_BASE_PATH).")
    var basePath: String?

    @Option(
        name: .customLong("request-timeout"),
        help: "Timeout of requests to the provider and state-change URL, in milliseconds (default 5000)."
    )
    var requestTimeout: Int?

    @Option(
        name: [.customShort("H"), .customLong("header")],
        help: "Custom header KEY=VALUE for every request (can be repeated)."
    )
    var header: [String] = []

    @Flag(name: .customLong("disable-ssl-verification"), help: "Do not check TLS certificates.")
    var disableSSLVerification = false

    // MARK: Provider states

    @Option(
        name: [.customShort("s"), .customLong("state-change-url")],
        help: "URL to POST state changes to (env PACT_PROVIDER_STATE_CHANGE_URL)."
    )
    var stateChangeURL: String?

    @Flag(
        name: .customLong("state-change-as-query"),
        help: "Send state changes as query parameters instead of a JSON body."
    )
    var stateChangeAsQuery = false

    @Flag(
        name: .customLong("state-change-teardown"),
        help: "Also call the state-change URL with action teardown after each interaction."
    )
    var stateChangeTeardown = false

    // MARK: Filtering

    @Option(
        name: .customLong("filter-description"),
        help: "Only interactions whose description matches this regex (env PACT_DESCRIPTION)."
    )
    var filterDescription: String?

    @Option(
        name: .customLong("filter-state"),
        help: "Only interactions with a provider state matching this regex (env PACT_PROVIDER_STATE)."
    )
    var filterState: String?

    @Flag(
        name: .customLong("filter-no-state"),
        help: "Only interactions without a provider state (env PACT_PROVIDER_NO_STATE)."
    )
    var filterNoState = false

    @Option(
        name: [.customShort("c"), .customLong("filter-consumer")],
        help: "Only pacts of this consumer (can be repeated)."
    )
    var filterConsumer: [String] = []

    // MARK: Publishing

    @Flag(name: .long, help: "Publish the results to the broker (needs --provider-version).")
    var publish = false

    @Option(name: .customLong("provider-version"), help: "The provider version being verified.")
    var providerVersion: String?

    @Option(name: .customLong("build-url"), help: "URL of the CI build, published with the results.")
    var buildURL: String?

    @Option(name: .customLong("provider-tags"), help: "Provider tags for the published results (comma-separated).")
    var providerTags: String?

    @Option(
        name: .customLong("provider-branch"),
        help: "Provider branch for the published results and pending/WIP status."
    )
    var providerBranch: String?

    // MARK: Broker selection

    @Option(
        name: .customLong("consumer-version-tags"),
        help: "Consumer tags to verify the latest pacts of (comma-separated)."
    )
    var consumerVersionTags: String?

    @Option(
        name: .customLong("consumer-version-selectors"),
        help: "A consumer version selector as JSON (can be repeated)."
    )
    var consumerVersionSelectors: [String] = []

    @Flag(
        name: .customLong("enable-pending"),
        help: "Ask the broker which pacts are pending; their failures do not fail the run."
    )
    var enablePending = false

    @Option(
        name: .customLong("include-wip-pacts-since"),
        help: "Also verify work-in-progress pacts created since this date."
    )
    var includeWipPactsSince: String?

    @Option(
        name: .long,
        help: "Retries of failed broker requests (5xx, 408, 429), default 8 (env PACT_BROKER_HTTP_RETRIES)."
    )
    var retries: Int?

    // MARK: Reports

    @Option(name: [.short, .long], help: "Write a JSON report to this file (env PACT_VERIFIER_JSON_REPORT).")
    var json: String?

    @Option(
        name: [.customShort("x"), .long],
        help: "Write a JUnit XML report to this file (env PACT_VERIFIER_JUNIT_REPORT)."
    )
    var junit: String?

    @Flag(name: [.customLong("no-colour"), .customLong("no-color")], help: "No ANSI colours in the output.")
    var noColour = false

    @Flag(name: .customLong("exit-on-first-error"), help: "Stop at the first failure.")
    var exitOnFirstError = false

    @Option(name: [.short, .long], help: "Log level (accepted for compatibility; Pactum prints its report only).")
    var loglevel: String?

    func run() async throws {
        let options = try VerifyOptions(self, environment: ProcessInfo.processInfo.environment)
        let console = ConsoleReport(colour: options.colour)
        let verifier = ProviderVerifier(configuration: options.configuration)
        let report: VerificationReport
        do {
            let printedPacts = PrintedPacts()
            report = try await verifier.verify(options.sources) { pact, interaction in
                if printedPacts.firstTime(pact.source) { print(console.heading(for: pact)) }
                print(console.lines(for: interaction))
            }
        } catch let error as VerifierError {
            if error.code == .noPacts, options.ignoreNoPactsError {
                print("No pacts found to verify (ignored: --ignore-no-pacts-error)")
                return
            }
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(3)
        }
        print(console.summary(for: report))
        try options.writeReports(report)
        if !report.success { throw ExitCode(1) }
    }
}

/// Remembers which pacts' headings were printed (the progress callback is called from the verifier's task).
final class PrintedPacts: @unchecked Sendable {
    private var seen: Set<String> = []
    private let lock = NSLock()

    func firstTime(_ source: String) -> Bool {
        lock.withLock { seen.insert(source).inserted }
    }
}

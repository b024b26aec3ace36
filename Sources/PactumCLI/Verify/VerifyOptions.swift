import ArgumentParser
import Foundation
import PactumBrokerClient
import PactumCore
import PactumVerifier

/// The `verify` flags merged with their environment variables and checked, turned into a verifier configuration.
struct VerifyOptions {
    var configuration: ProviderVerifier.Configuration
    var sources: [PactSource]
    var colour: Bool
    var ignoreNoPactsError: Bool
    var jsonReport: String?
    var junitReport: String?

    init(_ command: Verify, environment: [String: String]) throws {
        let environment = OptionEnvironment(environment)
        func env(_ name: String) -> String? { environment.value(name) }
        func flag(_ value: Bool, _ name: String) -> Bool { environment.flag(value, else: name) }

        let authentication = BrokerAuthentication(
            username: command.user ?? env("PACT_BROKER_USERNAME"),
            password: command.password ?? env("PACT_BROKER_PASSWORD"),
            token: command.token ?? env("PACT_BROKER_TOKEN")
        )
        let providerName = command.providerName ?? env("PACT_PROVIDER_NAME") ?? "provider"
        let brokerURL = command.brokerURL ?? env("PACT_BROKER_BASE_URL")
        let webhookURL = command.webhookCallbackURL ?? env("PACT_WEBHOOK_CALLBACK_URL")

        var sources: [PactSource] = command.file.map(PactSource.file) + command.dir.map(PactSource.directory)
        sources += command.url.map { PactSource.url($0, authentication: authentication) }
        let selectors = try ConsumerVersionSelector.parse(command.consumerVersionSelectors)
        let consumerTags = Self.list(command.consumerVersionTags)
        let providerTags = Self.list(command.providerTags)
        if let webhookURL {
            guard brokerURL != nil else {
                throw ValidationError("--webhook-callback-url needs --broker-url (or PACT_BROKER_BASE_URL).")
            }
            sources.append(.url(webhookURL, authentication: authentication))
        } else if let brokerURL {
            sources.append(
                .broker(
                    BrokerSource(
                        baseURL: brokerURL,
                        authentication: authentication,
                        consumerVersionSelectors: selectors,
                        consumerVersionTags: consumerTags,
                        enablePending: command.enablePending,
                        includeWipPactsSince: command.includeWipPactsSince,
                        providerBranch: command.providerBranch,
                        providerTags: providerTags
                    )
                )
            )
        }
        guard !sources.isEmpty else {
            throw ValidationError(
                "Nothing to verify: give pact files (-f), folders (-d), URLs (-u) or a broker (-b with -n PROVIDER)."
            )
        }
        if brokerURL != nil, command.providerName == nil, env("PACT_PROVIDER_NAME") == nil {
            throw ValidationError("Fetching pacts from a broker needs the provider name: -n PROVIDER.")
        }

        let scheme = (command.transport ?? env("PACT_PROVIDER_TRANSPORT") ?? "http").lowercased()
        guard ["http", "https"].contains(scheme) else {
            throw ValidationError("--transport '\(scheme)' is not supported; use http or https.")
        }
        var port = command.port
        if port == nil, let text = env("PACT_PROVIDER_PORT") {
            guard let value = Int(text) else { throw ValidationError("PACT_PROVIDER_PORT '\(text)' is not a number.") }
            port = value
        }
        if let port, !(1...65535).contains(port) {
            throw ValidationError("--port \(port) is not a valid port: give a number from 1 to 65535.")
        }
        let target = ProviderTarget(
            scheme: scheme,
            host: command.hostname ?? env("PACT_PROVIDER_HOSTNAME") ?? "localhost",
            port: port,
            basePath: command.basePath ?? env("PACT_PROVIDER_BASE_PATH") ?? ""
        )
        var timeout = command.requestTimeout
        if timeout == nil, let text = env("PACT_PROVIDER_REQUEST_TIMEOUT") { timeout = Int(text) }
        if let timeout, timeout <= 0 {
            throw ValidationError("--request-timeout must be a positive number of milliseconds, not \(timeout).")
        }
        let headers = try command.header.map { text -> (name: String, value: String) in
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw ValidationError("-H '\(text)' must be KEY=VALUE, e.g. -H 'Authorization=Bearer abc'.")
            }
            return (
                String(text[..<equals]).trimmingCharacters(in: .whitespaces), String(text[text.index(after: equals)...])
            )
        }

        var states = ProviderStateSetup.none
        if let url = command.stateChangeURL ?? env("PACT_PROVIDER_STATE_CHANGE_URL") {
            states = .url(
                url,
                asQuery: flag(command.stateChangeAsQuery, "PACT_PROVIDER_STATE_CHANGE_AS_QUERY"),
                teardown: flag(command.stateChangeTeardown, "PACT_PROVIDER_STATE_CHANGE_TEARDOWN")
            )
        }

        var publication: ResultPublication?
        if command.publish {
            guard brokerURL != nil || !command.url.isEmpty || webhookURL != nil else {
                throw ValidationError("--publish needs pacts from a broker: --broker-url (or --url of a broker pact).")
            }
            guard let version = command.providerVersion, !version.isEmpty else {
                throw ValidationError("--publish needs the provider version: --provider-version VERSION.")
            }
            publication = ResultPublication(
                providerVersion: version,
                providerBranch: command.providerBranch,
                providerTags: providerTags,
                buildURL: command.buildURL
            )
        }

        configuration = ProviderVerifier.Configuration(
            providerName: providerName,
            target: target,
            customHeaders: headers,
            requestTimeout: .milliseconds(timeout ?? 5000),
            verifyTLSCertificates: !command.disableSSLVerification,
            providerStates: states,
            filter: InteractionFilter(
                description: command.filterDescription ?? env("PACT_DESCRIPTION"),
                providerState: command.filterState ?? env("PACT_PROVIDER_STATE"),
                noState: flag(command.filterNoState, "PACT_PROVIDER_NO_STATE"),
                consumers: command.filterConsumer
            ),
            exitOnFirstError: command.exitOnFirstError,
            publication: publication
        )
        if let retries = command.retries ?? env("PACT_BROKER_HTTP_RETRIES").flatMap(Int.init) {
            configuration.brokerRetries = retries
        }
        do {
            try configuration.filter.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        self.sources = sources
        colour = !command.noColour && env("NO_COLOR") == nil && isatty(STDOUT_FILENO) == 1
        ignoreNoPactsError = command.ignoreNoPactsError
        jsonReport = command.json ?? env("PACT_VERIFIER_JSON_REPORT")
        junitReport = command.junit ?? env("PACT_VERIFIER_JUNIT_REPORT")
    }

    func writeReports(_ report: VerificationReport) throws {
        if let jsonReport { try write(JSONWriter.pretty(report.json) + "\n", to: jsonReport, what: "JSON report") }
        if let junitReport { try write(report.junitXML, to: junitReport, what: "JUnit report") }
    }

    private func write(_ text: String, to path: String, what: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            FileHandle.standardError.write(
                Data("error: cannot write the \(what) to \(path): \(error.localizedDescription)\n".utf8)
            )
            throw ExitCode(3)
        }
    }

    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

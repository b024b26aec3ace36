import ArgumentParser
import Foundation
import PactumBroker

/// `pactum broker serve` webhook options: the allow-lists (the Pact Broker's `webhook_*_whitelist` settings) and the
/// retry policy.
struct BrokerWebhookOptions: ParsableArguments {
    @Option(
        name: .customLong("webhook-host-allow-list"),
        help: ArgumentHelp(
            "Hosts webhooks may call: names, *.domain, IP addresses, CIDR ranges or /regex/ (repeat or comma-separate).",
            discussion:
                "Empty (the default): any public host. Loopback, private and link-local addresses need an entry."
        )
    )
    var hostAllowList: [String] = []

    @Option(
        name: .customLong("webhook-scheme-allow-list"),
        help: "URL schemes webhooks may use (default https; repeat or comma-separate, e.g. https,http)."
    )
    var schemeAllowList: [String] = []

    @Option(
        name: .customLong("webhook-method-allow-list"),
        help: "HTTP methods webhooks may use (default POST; repeat or comma-separate, e.g. POST,PUT)."
    )
    var methodAllowList: [String] = []

    @Option(name: .customLong("webhook-retry-attempts"), help: "Attempts per webhook delivery before it fails.")
    var attempts: Int = 7

    @Option(name: .customLong("webhook-timeout"), help: "Seconds one webhook request may take.")
    var timeout: Int = 10

    func validate() throws {
        guard attempts >= 1 else { throw ValidationError("--webhook-retry-attempts must be 1 or more") }
        guard timeout >= 1 else { throw ValidationError("--webhook-timeout must be 1 second or more") }
    }

    func configuration() -> WebhookConfiguration {
        func split(_ values: [String]) -> [String] {
            values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        var configuration = WebhookConfiguration(maximumAttempts: attempts)
        configuration.timeout = .seconds(timeout)
        if !split(schemeAllowList).isEmpty { configuration.schemeAllowList = split(schemeAllowList) }
        if !split(methodAllowList).isEmpty { configuration.methodAllowList = split(methodAllowList) }
        configuration.hostAllowList = split(hostAllowList)
        return configuration
    }
}

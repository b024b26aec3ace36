import Foundation
import PactumCore
import Testing

@testable import PactumBroker

/// Brokers with webhook settings for tests, and the requests the webhook tests repeat.
enum WebhookTestSupport {
    /// Loopback receivers allowed over http, fast retries.
    static func configuration(
        attempts: Int = 3,
        pollInterval: Duration = .milliseconds(40),
        deliveryEnabled: Bool = true
    ) -> WebhookConfiguration {
        WebhookConfiguration(
            schemeAllowList: ["http", "https"],
            methodAllowList: ["POST", "PUT"],
            hostAllowList: ["127.0.0.1"],
            timeout: .seconds(5),
            maximumAttempts: attempts,
            initialRetryDelay: .milliseconds(50),
            maximumRetryDelay: .milliseconds(200),
            pollInterval: pollInterval,
            deliveryEnabled: deliveryEnabled
        )
    }

    /// One broker on a fresh database of `engine` with these webhook settings.
    static func withBroker<R: Sendable>(
        _ engine: BrokerTestEngine,
        webhooks: WebhookConfiguration = configuration(),
        _ body: (BrokerHTTPTestClient) async throws -> R
    ) async throws -> R {
        let schema = BrokerTestEngine.freshSchemaName()
        var configuration = try engine.configuration(schema: schema)
        configuration.webhooks = webhooks
        let result: Result<R, any Error>
        do {
            result = .success(
                try await PactumBroker.withBroker(configuration, logger: BrokerTestEngine.logger) { broker in
                    try await body(BrokerHTTPTestClient(broker))
                }
            )
        } catch {
            result = .failure(error)
        }
        if engine == .postgres { await BrokerTestEngine.dropSchema(schema) }
        return try result.get()
    }

    /// A webhook body.
    static func webhook(
        url: String,
        events: [String],
        consumer: JSONValue? = nil,
        provider: JSONValue? = nil,
        headers: [String: String] = ["Content-Type": "application/json"],
        body: JSONValue? = nil,
        enabled: Bool? = nil,
        username: String? = nil,
        password: String? = nil
    ) -> String {
        JSONWriter.compact(
            object([
                ("description", .string("test webhook \(events.joined(separator: ","))")),
                ("events", .array(events.map { ["name": .string($0)] })),
                ("consumer", consumer),
                ("provider", provider),
                ("enabled", enabled.map(JSONValue.bool)),
                (
                    "request",
                    object([
                        ("method", "POST"),
                        ("url", .string(url)),
                        ("headers", .object(headers.mapValues(JSONValue.string))),
                        ("body", body),
                        ("username", username.map(JSONValue.string)),
                        ("password", password.map(JSONValue.string)),
                    ])
                ),
            ])
        )
    }

    /// POST /webhooks requiring 201; returns the new webhook.
    @discardableResult
    static func create(_ client: BrokerHTTPTestClient, _ body: String) async throws -> JSONValue {
        let answer = try await client.send("POST", "/webhooks", body: body)
        guard answer.status == 201 else {
            throw TestFailure(description: "POST /webhooks answered \(answer.status): \(answer.text)")
        }
        return try answer.json()
    }

    /// The path of an absolute broker URL.
    static func path(_ url: String) -> String {
        guard let components = URLComponents(string: url) else { return url }
        return components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    /// Publishes a verification result for the latest pact between the two, requiring 201.
    @discardableResult
    static func verify(
        _ client: BrokerHTTPTestClient,
        consumer: String,
        provider: String,
        providerVersion: String,
        success: Bool
    ) async throws -> JSONValue {
        let pact = try await client.getJSON("/pacts/provider/\(provider)/consumer/\(consumer)/latest")
        guard let href = pact["_links"]?["pb:publish-verification-results"]?["href"]?.stringValue else {
            throw TestFailure(description: "the pact has no pb:publish-verification-results link: \(pact)")
        }
        let body: JSONValue = [
            "success": .bool(success), "providerApplicationVersion": .string(providerVersion),
            "buildUrl": "https://ci.example.com/build/7",
        ]
        let answer = try await client.send("POST", path(href), body: JSONWriter.compact(body))
        guard answer.status == 201 else {
            throw TestFailure(description: "publishing the verification answered \(answer.status): \(answer.text)")
        }
        return try answer.json()
    }

    /// Waits (bounded) until every delivery the publication of `version` triggered is finished (success or failure).
    static func waitUntilFinished(
        _ client: BrokerHTTPTestClient,
        consumer: String,
        provider: String,
        version: String,
        count: Int,
        within timeout: Duration = .seconds(30)
    ) async throws -> [JSONValue] {
        let target = "/pacts/provider/\(provider)/consumer/\(consumer)/version/\(version)/triggered-webhooks"
        let deadline = ContinuousClock.now + timeout
        var last: [JSONValue] = []
        while ContinuousClock.now < deadline {
            last = try await client.getJSON(target)["_embedded"]?["triggeredWebhooks"]?.arrayValue ?? []
            let finished = last.filter { ["success", "failure"].contains($0["status"]?.stringValue ?? "") }
            if last.count >= count, finished.count == last.count { return last }
            try await Task.sleep(for: .milliseconds(30))
        }
        throw TestFailure(description: "deliveries of \(consumer) \(version) not finished within \(timeout): \(last)")
    }

    static func pact(_ consumer: String, _ provider: String, _ description: String) -> JSONValue {
        BrokerHTTPTestClient.pact(consumer, provider, interactions: [(description, nil, 200)])
    }
}

extension WebhookTestReceiver.Received {
    /// The body as JSON (empty object when it is not JSON).
    var json: JSONValue { (try? JSONParser.parse(body)) ?? .object([:]) }
}

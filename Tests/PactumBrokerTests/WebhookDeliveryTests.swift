import Foundation
import PactumCore
import Testing

@testable import PactumBroker

/// Events queue deliveries that a real receiver gets, templated; failures are retried; secrets never show.
@Suite struct WebhookDeliveryTests {
    /// Every event fires the webhooks whose filters match, with the request rendered from the event's data.
    @Test(arguments: BrokerTestEngine.allCases)
    func eventsFireTemplatedRequests(engine: BrokerTestEngine) async throws {
        let receiver = try await WebhookTestReceiver.start()
        try await WebhookTestSupport.withBroker(engine) { client in
            try await client.publish(WebhookTestSupport.pact("Web", "Orders", "a"), version: "1", branch: "main")
            #expect((try await client.send("PUT", "/pacticipants/Web/labels/team-a")).status == 201)
            // A provider version on the provider's main branch, which new contracts require a verification from.
            #expect((try await client.send("PUT", "/pacticipants/Orders/branches/main/versions/p1")).status == 201)
            let base = receiver.url
            try await WebhookTestSupport.create(
                client,
                WebhookTestSupport.webhook(
                    url: base
                        + "/published?c=${pactbroker.consumerName}&v=${pactbroker.consumerVersionNumber}&b=${pactbroker.consumerVersionBranch}",
                    events: ["contract_published"],
                    consumer: ["label": "team-a"],
                    headers: ["Content-Type": "application/json", "X-Event": "${pactbroker.eventName}"],
                    body: [
                        "pact": "${pactbroker.pactUrl}", "labels": "${pactbroker.consumerLabels}", "count": 1,
                        "provider": "${pactbroker.providerName}",
                    ]
                )
            )
            try await WebhookTestSupport.create(
                client,
                WebhookTestSupport.webhook(
                    url: base + "/changed",
                    events: ["contract_content_changed"],
                    provider: ["name": "Orders"],
                    body: "changed ${pactbroker.consumerName} ${pactbroker.consumerVersionNumber}"
                )
            )
            try await WebhookTestSupport.create(
                client,
                WebhookTestSupport.webhook(
                    url: base + "/requiring",
                    events: ["contract_requiring_verification_published"],
                    body: [
                        "pv": "${pactbroker.providerVersionNumber}", "why": "${pactbroker.providerVersionDescriptions}",
                    ]
                )
            )
            try await WebhookTestSupport.create(
                client,
                WebhookTestSupport.webhook(
                    url: base + "/verified?status=${pactbroker.githubVerificationStatus}",
                    events: [
                        "provider_verification_published", "provider_verification_succeeded",
                        "provider_verification_failed",
                    ],
                    body: [
                        "event": "${pactbroker.eventName}", "pv": "${pactbroker.providerVersionNumber}",
                        "branch": "${pactbroker.providerVersionBranch}",
                        "result": "${pactbroker.verificationResultUrl}",
                        "build": "${pactbroker.buildUrl}", "cv": "${pactbroker.consumerVersionNumber}",
                    ]
                )
            )
            // Never fire: disabled, and a label the consumer does not have.
            try await WebhookTestSupport.create(
                client,
                WebhookTestSupport.webhook(url: base + "/disabled", events: ["contract_published"], enabled: false)
            )
            try await WebhookTestSupport.create(
                client,
                WebhookTestSupport.webhook(
                    url: base + "/team-b",
                    events: ["contract_published"],
                    consumer: ["label": "team-b"]
                )
            )

            // New content on a branch: published, content changed, requiring verification by p1.
            try await client.publish(WebhookTestSupport.pact("Web", "Orders", "b"), version: "2", branch: "feat x")
            var received = try await receiver.waitFor(count: 3)
            let published = try #require(received.first { $0.uri.hasPrefix("/published") })
            #expect(published.uri == "/published?c=Web&v=2&b=feat+x")
            #expect(published.header("X-Event") == "contract_published")
            #expect(published.header("Content-Type") == "application/json")
            #expect(published.json["labels"] == "team-a")
            #expect(published.json["count"] == 1)
            #expect(published.json["provider"] == "Orders")
            let pactURL = try #require(published.json["pact"]?.stringValue)
            #expect(pactURL.contains("/pacts/provider/Orders/consumer/Web/pact-version/"))
            #expect(pactURL.contains("/metadata/"))
            // The pact URL is one a verifier can fetch.
            #expect((try await client.send("GET", WebhookTestSupport.path(pactURL))).status == 200)
            let changed = try #require(received.first { $0.uri == "/changed" })
            #expect(changed.body == "changed Web 2")
            let requiring = try #require(received.first { $0.uri == "/requiring" })
            #expect(requiring.json == ["pv": "p1", "why": "latest from main branch"])
            // The pact links to what its publication triggered, and to its webhooks.
            let pact = try await client.getJSON("/pacts/provider/Orders/consumer/Web/version/2")
            let triggeredURL = try #require(pact["_links"]?["pb:triggered-webhooks"]?["href"]?.stringValue)
            let byPact = try await client.getJSON(WebhookTestSupport.path(triggeredURL))
            #expect(
                Set(
                    (byPact["_embedded"]?["triggeredWebhooks"]?.arrayValue ?? []).compactMap {
                        $0["eventName"]?.stringValue
                    }
                )
                    == ["contract_published", "contract_content_changed", "contract_requiring_verification_published"]
            )
            let pactWebhooks = try #require(pact["_links"]?["pb:pact-webhooks"]?["href"]?.stringValue)
            #expect(pactWebhooks.hasSuffix("/pacts/provider/Orders/consumer/Web/webhooks"))

            // The same content again: only contract_published.
            try await client.publish(WebhookTestSupport.pact("Web", "Orders", "b"), version: "2", branch: "feat x")
            received = try await receiver.waitFor(count: 4)
            #expect(received.filter { $0.uri.hasPrefix("/published") }.count == 2)

            // Verifications: published + succeeded, then published + failed.
            let verification = try await WebhookTestSupport.verify(
                client,
                consumer: "Web",
                provider: "Orders",
                providerVersion: "p1",
                success: true
            )
            received = try await receiver.waitFor(count: 6)
            let succeeded = received.filter { $0.uri == "/verified?status=success" }
            #expect(
                Set(succeeded.compactMap { $0.json["event"]?.stringValue }) == [
                    "provider_verification_published", "provider_verification_succeeded",
                ]
            )
            let first = try #require(succeeded.first)
            #expect(first.json["pv"] == "p1")
            #expect(first.json["branch"] == "main")
            #expect(first.json["cv"] == "2")
            #expect(first.json["build"] == "https://ci.example.com/build/7")
            #expect(first.json["result"]?.stringValue == verification["_links"]?["self"]?["href"]?.stringValue)
            try await WebhookTestSupport.verify(
                client,
                consumer: "Web",
                provider: "Orders",
                providerVersion: "p2",
                success: false
            )
            received = try await receiver.waitFor(count: 8)
            #expect(
                Set(
                    received.filter { $0.uri == "/verified?status=failure" }.compactMap {
                        $0.json["event"]?.stringValue
                    }
                ) == [
                    "provider_verification_published", "provider_verification_failed",
                ]
            )
            // Nothing else arrives, given time to: no request to the disabled webhook or the other label's.
            received = try await receiver.settled(count: 8)
            #expect(received.count == 8, "\(received.map(\.uri))")
            #expect(!received.contains { $0.uri == "/disabled" || $0.uri == "/team-b" })

            // The verification's triggered webhooks, with the Pact Broker's links.
            let resultPath = WebhookTestSupport.path(
                try #require(verification["_links"]?["pb:triggered-webhooks"]?["href"]?.stringValue)
            )
            let deadline = ContinuousClock.now + .seconds(30)
            var triggered: [JSONValue] = []
            while ContinuousClock.now < deadline {
                triggered = try await client.getJSON(resultPath)["_embedded"]?["triggeredWebhooks"]?.arrayValue ?? []
                if triggered.count == 2, triggered.allSatisfy({ $0["status"] == "success" }) { break }
                try await Task.sleep(for: .milliseconds(30))
            }
            #expect(triggered.count == 2)
            #expect(triggered.first?["attemptsMade"] == 1)
            #expect(triggered.first?["attemptsRemaining"] == 0)
            #expect(triggered.first?["triggerType"] == "resource_creation")
            #expect(triggered.first?["name"] == "POST 127.0.0.1")
            #expect(
                triggered.first?["_links"]?["pb:logs"]?["href"]?.stringValue?.contains("/triggered-webhooks/") == true
            )
            #expect(triggered.first?["_links"]?["pb:webhook"]?["href"]?.stringValue?.contains("/webhooks/") == true)
        }
        await receiver.stop()
    }

    /// Failures are retried with backoff until one succeeds; a target that keeps failing ends as failure after the
    /// configured attempts. Every attempt is in the logs, and the outcomes are counted in /metrics.
    @Test(arguments: BrokerTestEngine.allCases)
    func retriesThenSuccess(engine: BrokerTestEngine) async throws {
        let flaky = try await WebhookTestReceiver.start(statuses: [500, 503])
        let broken = try await WebhookTestReceiver.start(statuses: [500, 500, 500, 500])
        try await WebhookTestSupport.withBroker(engine) { client in
            try await client.publish(WebhookTestSupport.pact("Web", "Orders", "a"), version: "1")
            try await WebhookTestSupport.create(
                client,
                WebhookTestSupport.webhook(url: flaky.url + "/flaky", events: ["contract_published"])
            )
            try await WebhookTestSupport.create(
                client,
                WebhookTestSupport.webhook(url: broken.url + "/broken", events: ["contract_published"])
            )
            try await client.publish(WebhookTestSupport.pact("Web", "Orders", "b"), version: "2")
            let triggered = try await WebhookTestSupport.waitUntilFinished(
                client,
                consumer: "Web",
                provider: "Orders",
                version: "2",
                count: 2
            )
            #expect(flaky.received.count == 3)
            #expect(broken.received.count == 3)
            let byStatus = Dictionary(grouping: triggered) { $0["status"]?.stringValue ?? "" }
            #expect(byStatus["success"]?.first?["attemptsMade"] == 3)
            #expect(byStatus["failure"]?.first?["attemptsMade"] == 3)
            #expect(byStatus["failure"]?.first?["attemptsRemaining"] == 0)

            let logsURL = try #require(byStatus["success"]?.first?["_links"]?["pb:logs"]?["href"]?.stringValue)
            let text = try await client.send("GET", WebhookTestSupport.path(logsURL))
            #expect(text.status == 200)
            #expect(text.contentType.hasPrefix("text/plain"))
            #expect(text.text.components(separatedBy: "INFO: HTTP/1.1 POST \(flaky.url)/flaky").count == 4)
            #expect(text.text.contains("HTTP/1.1 500"))
            #expect(text.text.contains("Webhook executed successfully"))
            let json = try await client.send(
                "GET",
                WebhookTestSupport.path(logsURL),
                headers: [("Accept", "application/hal+json")]
            )
            let executions = try json.json()["executions"]?.arrayValue ?? []
            #expect(executions.map { $0["success"] } == [false, false, true])
            #expect(try json.json()["eventName"] == "contract_published")

            let status = try await client.getJSON("/pacts/provider/Orders/consumer/Web/webhooks/status")
            #expect(status["summary"]?["successful"] == 1)
            #expect(status["summary"]?["failed"] == 1)
            #expect(status["_links"]?["pb:error-logs"]?.arrayValue?.count == 1)

            let metrics = try await client.send("GET", "/metrics")
            #expect(
                metrics.text.contains(#"pactum_broker_webhook_deliveries_total{outcome="retry",trigger="event"} 4"#)
            )
            #expect(
                metrics.text.contains(#"pactum_broker_webhook_deliveries_total{outcome="success",trigger="event"} 1"#)
            )
            #expect(
                metrics.text.contains(#"pactum_broker_webhook_deliveries_total{outcome="failure",trigger="event"} 1"#)
            )
            #expect(metrics.text.contains("pactum_broker_webhook_queue_depth 0"))
        }
        await flaky.stop()
        await broken.stop()
    }

    /// Credentials reach the target but never a response, a log or the test execution's answer.
    @Test(arguments: BrokerTestEngine.allCases)
    func secretsAreRedacted(engine: BrokerTestEngine) async throws {
        let receiver = try await WebhookTestReceiver.start()
        try await WebhookTestSupport.withBroker(engine) { client in
            try await client.publish(WebhookTestSupport.pact("Web", "Orders", "a"), version: "1")
            let basic = try await WebhookTestSupport.create(
                client,
                WebhookTestSupport.webhook(
                    url: receiver.url + "/basic",
                    events: ["contract_published"],
                    headers: ["Content-Type": "application/json", "X-Api-Key": "key-7f3a9c"],
                    body: ["v": "${pactbroker.consumerVersionNumber}"],
                    username: "ci-user",
                    password: "pa55-w0rd"
                )
            )
            let bearer = try await WebhookTestSupport.create(
                client,
                WebhookTestSupport.webhook(
                    url: receiver.url + "/bearer",
                    events: ["contract_published"],
                    headers: ["Authorization": "Bearer tok-91ab7e"]
                )
            )
            try await client.publish(WebhookTestSupport.pact("Web", "Orders", "b"), version: "2")
            let received = try await receiver.waitFor(count: 2)
            let basicRequest = try #require(received.first { $0.uri == "/basic" })
            let expected = "Basic " + Data("ci-user:pa55-w0rd".utf8).base64EncodedString()
            #expect(basicRequest.header("Authorization") == expected)
            #expect(basicRequest.header("X-Api-Key") == "key-7f3a9c")
            #expect(received.first { $0.uri == "/bearer" }?.header("Authorization") == "Bearer tok-91ab7e")

            let secrets = [
                "pa55-w0rd", "key-7f3a9c", "tok-91ab7e", Data("ci-user:pa55-w0rd".utf8).base64EncodedString(),
            ]
            let triggered = try await WebhookTestSupport.waitUntilFinished(
                client,
                consumer: "Web",
                provider: "Orders",
                version: "2",
                count: 2
            )
            for item in triggered {
                let logs = try await client.send(
                    "GET",
                    WebhookTestSupport.path(item["_links"]?["pb:logs"]?["href"]?.stringValue ?? "")
                )
                #expect(logs.status == 200)
                #expect(logs.text.contains("**********"))
                for secret in secrets { #expect(!logs.text.contains(secret), "\(secret) in \(logs.text)") }
            }
            for webhook in [basic, bearer] {
                let uuid = webhook["uuid"]?.stringValue ?? ""
                let read = try await client.send("GET", "/webhooks/\(uuid)")
                for secret in secrets { #expect(!read.text.contains(secret)) }
                // Test execution: sent now with the newest pact, answered with the (masked) request and the log.
                let executed = try await client.send("POST", "/webhooks/\(uuid)/execute", body: "{}")
                #expect(executed.status == 200)
                let result = try executed.json()
                #expect(result["success"] == true)
                #expect(
                    result["_links"]?["try-again"]?["href"]?.stringValue?.hasSuffix("/webhooks/\(uuid)/execute") == true
                )
                #expect(result["response"]?["status"] == 200)
                for secret in secrets { #expect(!executed.text.contains(secret), "\(secret) in \(executed.text)") }
            }
            let all = try await receiver.waitFor(count: 4)
            #expect(all.last { $0.uri == "/basic" }?.json == ["v": "2"])
            // The two test executions are counted apart from deliveries of events.
            let metrics = try await client.send("GET", "/metrics")
            #expect(
                metrics.text.contains(#"pactum_broker_webhook_deliveries_total{outcome="success",trigger="test"} 2"#)
            )
            #expect(
                metrics.text.contains(#"pactum_broker_webhook_deliveries_total{outcome="success",trigger="event"} 2"#)
            )
        }
        await receiver.stop()
    }

    /// A delivery queued while no broker sends it (this one stopped before sending) is sent by the next broker on
    /// the same SQLite file or PostgreSQL schema.
    @Test(arguments: BrokerTestEngine.allCases)
    func queuedDeliverySurvivesRestart(engine: BrokerTestEngine) async throws {
        let receiver = try await WebhookTestReceiver.start()
        let schema = BrokerTestEngine.freshSchemaName()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pactum-webhooks-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = try engine.configuration(schema: schema)
        if engine == .sqlite {
            configuration.database = .sqlite(path: folder.appendingPathComponent("broker.sqlite").path)
        }
        var stopped = configuration
        stopped.webhooks = WebhookTestSupport.configuration(deliveryEnabled: false)
        var running = configuration
        running.webhooks = WebhookTestSupport.configuration()
        do {
            try await withBroker(stopped, logger: BrokerTestEngine.logger) { broker in
                let client = BrokerHTTPTestClient(broker)
                try await client.publish(WebhookTestSupport.pact("Web", "Orders", "a"), version: "1")
                try await WebhookTestSupport.create(
                    client,
                    WebhookTestSupport.webhook(
                        url: receiver.url + "/later",
                        events: ["contract_published"],
                        body: ["v": "${pactbroker.consumerVersionNumber}"]
                    )
                )
                try await client.publish(WebhookTestSupport.pact("Web", "Orders", "b"), version: "2")
                let metrics = try await client.send("GET", "/metrics")
                #expect(metrics.text.contains("pactum_broker_webhook_queue_depth 1"))
            }
            #expect(receiver.received.isEmpty)
            try await withBroker(running, logger: BrokerTestEngine.logger) { broker in
                let received = try await receiver.waitFor(count: 1)
                #expect(received.first?.json == ["v": "2"])
                let triggered = try await WebhookTestSupport.waitUntilFinished(
                    BrokerHTTPTestClient(broker),
                    consumer: "Web",
                    provider: "Orders",
                    version: "2",
                    count: 1
                )
                #expect(triggered.first?["status"] == "success")
            }
        } catch {
            if engine == .postgres { await BrokerTestEngine.dropSchema(schema) }
            await receiver.stop()
            throw error
        }
        if engine == .postgres { await BrokerTestEngine.dropSchema(schema) }
        #expect(receiver.received.count == 1)
        await receiver.stop()
    }

    /// Two brokers sending from one PostgreSQL schema: every delivery arrives exactly once.
    @Test func exactlyOnceWithTwoBrokers() async throws {
        let receiver = try await WebhookTestReceiver.start()
        let schema = BrokerTestEngine.freshSchemaName()
        var configuration = try BrokerTestEngine.postgres.configuration(schema: schema)
        configuration.webhooks = WebhookTestSupport.configuration(pollInterval: .milliseconds(10))
        let count = 16
        do {
            try await withBroker(configuration, logger: BrokerTestEngine.logger) { first in
                try await withBroker(configuration, logger: BrokerTestEngine.logger) { second in
                    let clients = [BrokerHTTPTestClient(first), BrokerHTTPTestClient(second)]
                    try await clients[0].publish(WebhookTestSupport.pact("Web", "Orders", "0"), version: "0")
                    try await WebhookTestSupport.create(
                        clients[1],
                        WebhookTestSupport.webhook(
                            url: receiver.url + "/once",
                            events: ["contract_published"],
                            body: ["v": "${pactbroker.consumerVersionNumber}"]
                        )
                    )
                    for number in 1...count {
                        try await clients[number % 2].publish(
                            WebhookTestSupport.pact("Web", "Orders", "\(number)"),
                            version: "\(number)"
                        )
                    }
                    try await receiver.waitFor(count: count)
                    for number in 1...count {
                        let triggered = try await WebhookTestSupport.waitUntilFinished(
                            clients[number % 2],
                            consumer: "Web",
                            provider: "Orders",
                            version: "\(number)",
                            count: 1
                        )
                        #expect(triggered.count == 1)
                        #expect(triggered.first?["attemptsMade"] == 1)
                    }
                }
            }
        } catch {
            await BrokerTestEngine.dropSchema(schema)
            await receiver.stop()
            throw error
        }
        await BrokerTestEngine.dropSchema(schema)
        let versions = receiver.received.compactMap { $0.json["v"]?.stringValue }
        #expect(versions.count == count)
        #expect(Set(versions) == Set((1...count).map(String.init)))
        await receiver.stop()
    }

    /// `pact broker create-webhook` (the official CLI) creates a webhook our broker then fires.
    @Test func officialCLICreatesWebhook() async throws {
        let receiver = try await WebhookTestReceiver.start()
        try await WebhookTestSupport.withBroker(.sqlite) { client in
            try await client.publish(WebhookTestSupport.pact("Web", "Orders", "a"), version: "1")
            let url = "http://127.0.0.1:\(client.port)"
            let output = try await OfficialBrokerCLI.succeed([
                "broker", "create-webhook", receiver.url + "/cli?v=${pactbroker.consumerVersionNumber}",
                "--request", "POST", "--header", "Content-Type: application/json",
                "--data", #"{"pact":"${pactbroker.pactUrl}"}"#, "--user", "bob:s3cr3t-pw",
                "--consumer", "Web", "--provider", "Orders", "--description", "From the CLI",
                "--contract-published", "-b", url,
            ])
            #expect(output.lowercased().contains("webhook"))
            let list = try await client.getJSON("/webhooks")
            let item = try #require(list["_links"]?["pb:webhooks"]?.arrayValue?.first)
            #expect(item["name"] == "From the CLI")
            let webhook = try await client.getJSON(WebhookTestSupport.path(item["href"]?.stringValue ?? ""))
            #expect(webhook["events"] == [["name": "contract_published"]])
            #expect(webhook["request"]?["password"] == "**********")
            #expect(webhook["request"]?["username"] == "bob")
            try await client.publish(WebhookTestSupport.pact("Web", "Orders", "b"), version: "2")
            let received = try await receiver.waitFor(count: 1)
            #expect(received.first?.uri == "/cli?v=2")
            #expect(
                received.first?.header("Authorization") == "Basic " + Data("bob:s3cr3t-pw".utf8).base64EncodedString()
            )
            #expect(received.first?.json["pact"]?.stringValue?.contains("/pact-version/") == true)

            // test-webhook follows pb:execute; create-or-update-webhook PUTs a chosen uuid; delete-webhook removes it.
            let uuid = try #require(webhook["uuid"]?.stringValue)
            let tested = try await OfficialBrokerCLI.succeed(["broker", "test-webhook", "--uuid", uuid, "-b", url])
            #expect(!tested.contains("s3cr3t-pw"))
            try await receiver.waitFor(count: 2)
            let chosen = "7d2c1e0a-5b4f-4e39-9a8b-0c1d2e3f4a5b"
            try await OfficialBrokerCLI.succeed([
                "broker", "create-or-update-webhook", receiver.url + "/updated", "--uuid", chosen,
                "--request", "POST", "--provider", "Orders", "--provider-verification-published", "-b", url,
            ])
            let updated = try await client.getJSON("/webhooks/\(chosen)")
            #expect(updated["events"] == [["name": "provider_verification_published"]])
            #expect(updated["provider"] == ["name": "Orders"])
            try await OfficialBrokerCLI.succeed(["broker", "delete-webhook", "--uuid", chosen, "-b", url])
            #expect((try await client.send("GET", "/webhooks/\(chosen)")).status == 404)
        }
        await receiver.stop()
    }
}

import Foundation
import PactumCore
import Testing

@testable import PactumBroker

/// The webhook resources: create, read, update, delete, scoped collections, validation, allow-lists, redaction.
@Suite struct WebhookAPITests {
    @Test(arguments: BrokerTestEngine.allCases)
    func createReadUpdateDelete(engine: BrokerTestEngine) async throws {
        try await WebhookTestSupport.withBroker(engine) { client in
            try await client.publish(WebhookTestSupport.pact("Web", "Orders", "a"), version: "1")
            let created = try await client.send(
                "POST",
                "/webhooks",
                body: WebhookTestSupport.webhook(
                    url: "http://127.0.0.1:9/hook?c=${pactbroker.consumerName}",
                    events: ["contract_published"],
                    consumer: ["name": "Web"],
                    provider: ["name": "Orders"],
                    headers: ["Content-Type": "application/json", "Authorization": "Bearer s3cret-token"],
                    body: ["pact": "${pactbroker.pactUrl}"],
                    username: "user",
                    password: "pa55word"
                )
            )
            #expect(created.status == 201)
            let webhook = try created.json()
            let uuid = try #require(webhook["uuid"]?.stringValue)
            #expect(webhook["request"]?["password"]?.stringValue == "**********")
            #expect(webhook["request"]?["headers"]?["Authorization"]?.stringValue == "**********")
            #expect(webhook["request"]?["headers"]?["Content-Type"]?.stringValue == "application/json")
            #expect(webhook["request"]?["username"]?.stringValue == "user")
            #expect(webhook["events"] == [["name": "contract_published"]])
            #expect(webhook["enabled"] == true)
            #expect(webhook["consumer"] == ["name": "Web"])
            let links = try #require(webhook["_links"])
            #expect(links["self"]?["href"]?.stringValue?.hasSuffix("/webhooks/\(uuid)") == true)
            #expect(links["pb:execute"]?["href"]?.stringValue?.hasSuffix("/webhooks/\(uuid)/execute") == true)
            #expect(
                links["pb:pact-webhooks"]?["href"]?.stringValue?.hasSuffix("/webhooks/provider/Orders/consumer/Web")
                    == true
            )
            #expect(links["pb:consumer"]?["name"]?.stringValue == "Web")
            #expect(!created.text.contains("s3cret-token") && !created.text.contains("pa55word"))

            // Collections: all, per integration, per provider, per consumer, per pact.
            for target in [
                "/webhooks", "/webhooks/provider/Orders/consumer/Web", "/webhooks/provider/Orders",
                "/webhooks/consumer/Web", "/pacts/provider/Orders/consumer/Web/webhooks",
            ] {
                let list = try await client.getJSON(target)
                let items = list["_links"]?["pb:webhooks"]?.arrayValue ?? []
                #expect(items.count == 1, "\(target)")
                #expect(items.first?["title"]?.stringValue == "A webhook for the pact between Web and Orders")
                #expect(list["_links"]?["pb:create"]?["href"]?.stringValue?.hasSuffix(target) == true)
            }
            #expect((try await client.send("GET", "/webhooks/provider/Nobody")).status == 404)

            // PUT back what was read (masked secrets included): the secrets are kept, the description changes.
            var edited = try await client.getJSON("/webhooks/\(uuid)").objectValue ?? [:]
            edited["description"] = "renamed"
            edited["enabled"] = false
            let updated = try await client.send("PUT", "/webhooks/\(uuid)", body: JSONWriter.compact(.object(edited)))
            #expect(updated.status == 200)
            #expect(try updated.json()["description"]?.stringValue == "renamed")
            #expect(try updated.json()["enabled"] == false)

            // PUT with a new client-chosen uuid creates; a short one is refused.
            let chosen = "0123456789abcdef-chosen"
            let put = try await client.send(
                "PUT",
                "/webhooks/\(chosen)",
                body: WebhookTestSupport.webhook(url: "http://127.0.0.1:9/x", events: ["contract_content_changed"])
            )
            #expect(put.status == 201)
            #expect(try put.json()["uuid"]?.stringValue == chosen)
            let short = try await client.send(
                "PUT",
                "/webhooks/short",
                body: WebhookTestSupport.webhook(url: "http://127.0.0.1:9/x", events: ["contract_published"])
            )
            #expect(short.status == 400)
            #expect(short.errorMessage.contains("uuid: 'short' is not a valid webhook uuid"))

            #expect((try await client.send("DELETE", "/webhooks/\(uuid)")).status == 204)
            let gone = try await client.send("GET", "/webhooks/\(uuid)")
            #expect(gone.status == 404)
            #expect(gone.errorMessage == "No webhook with uuid '\(uuid)' found")
            #expect((try await client.getJSON("/webhooks"))["_links"]?["pb:webhooks"]?.arrayValue?.count == 1)
        }
    }

    @Test(arguments: BrokerTestEngine.allCases)
    func validation(engine: BrokerTestEngine) async throws {
        try await WebhookTestSupport.withBroker(engine) { client in
            let missing = try await client.send(
                "POST",
                "/webhooks",
                body: #"{"events":[{"name":"contract_published"}]}"#
            )
            #expect(missing.status == 400)
            #expect(missing.errorMessage.contains("request: is missing: give an object with method and url"))

            let badEvent = try await client.send(
                "POST",
                "/webhooks",
                body: WebhookTestSupport.webhook(url: "http://127.0.0.1:9/x", events: ["contract_eaten"])
            )
            #expect(badEvent.status == 400)
            #expect(badEvent.errorMessage.contains("events[0].name: 'contract_eaten' is not an event: use one of"))

            let unknown = try await client.send(
                "POST",
                "/webhooks",
                body: WebhookTestSupport.webhook(
                    url: "http://127.0.0.1:9/x",
                    events: ["contract_published"],
                    consumer: ["name": "Ghost"]
                )
            )
            #expect(unknown.status == 400)
            #expect(unknown.errorMessage.contains("consumer.name: no pacticipant with name 'Ghost' found"))

            let both = try await client.send(
                "POST",
                "/webhooks",
                body: WebhookTestSupport.webhook(
                    url: "http://127.0.0.1:9/x",
                    events: ["contract_published"],
                    provider: ["name": "A", "label": "b"]
                )
            )
            #expect(both.status == 400)
            #expect(both.errorMessage.contains("provider: cannot have both a name and a label"))

            // No events: the Pact Broker's default, contract_content_changed.
            let defaulted = try await client.send(
                "POST",
                "/webhooks",
                body: #"{"request":{"method":"POST","url":"http://127.0.0.1:9/x"}}"#
            )
            #expect(defaulted.status == 201)
            #expect(try defaulted.json()["events"] == [["name": "contract_content_changed"]])
        }
    }

    /// The default allow-lists (https, POST, public hosts) refuse with a 400 naming the field and the flag to use.
    @Test(arguments: BrokerTestEngine.allCases)
    func allowListRefusals(engine: BrokerTestEngine) async throws {
        try await WebhookTestSupport.withBroker(engine, webhooks: WebhookConfiguration()) { client in
            func refusal(_ url: String, method: String = "POST") async throws -> BrokerHTTPTestClient.Answer {
                let body: JSONValue = [
                    "events": [["name": "contract_published"]],
                    "request": ["method": .string(method), "url": .string(url)],
                ]
                return try await client.send("POST", "/webhooks", body: JSONWriter.compact(body))
            }
            let http = try await refusal("http://hooks.example.com/x")
            #expect(http.status == 400)
            #expect(
                http.errorMessage
                    == "request.url: scheme must be https, not http (allow it with --webhook-scheme-allow-list http, the Pact Broker's webhook_scheme_whitelist)"
            )
            let put = try await refusal("https://hooks.example.com/x", method: "PUT")
            #expect(put.status == 400)
            #expect(
                put.errorMessage.contains("request.method: must be POST (allow PUT with --webhook-method-allow-list")
            )
            for (url, kind) in [
                ("https://127.0.0.1/x", "loopback"), ("https://localhost:8443/x", "loopback"),
                ("https://[::1]/x", "loopback"), ("https://10.1.2.3/x", "private"),
                ("https://192.168.0.10/x", "private"), ("https://169.254.169.254/latest/meta-data", "link-local"),
                ("https://[fe80::1]/x", "link-local"), ("https://[::ffff:127.0.0.1]/x", "loopback"),
            ] {
                let answer = try await refusal(url)
                #expect(answer.status == 400, "\(url)")
                #expect(answer.errorMessage.contains("is a \(kind) address"), "\(url): \(answer.errorMessage)")
                #expect(answer.errorMessage.contains("--webhook-host-allow-list"), "\(url)")
            }
            let templatedHost = try await refusal("https://${pactbroker.consumerName}.example.com/x")
            #expect(templatedHost.status == 400)
            #expect(templatedHost.errorMessage.contains("cannot contain a template parameter"))
            let invalid = try await refusal("not a url")
            #expect(invalid.status == 400)
            #expect(invalid.errorMessage.contains("is not a valid URL"))
            #expect(
                (try await refusal("https://hooks.example.com/x?v=${pactbroker.consumerVersionNumber}")).status == 201
            )
        }
        var listed = WebhookConfiguration()
        listed.hostAllowList = ["*.example.com", "10.0.0.0/8"]
        try await WebhookTestSupport.withBroker(engine, webhooks: listed) { client in
            func create(_ url: String) async throws -> BrokerHTTPTestClient.Answer {
                try await client.send(
                    "POST",
                    "/webhooks",
                    body: #"{"request":{"method":"POST","url":"\#(url)"}}"#
                )
            }
            let other = try await create("https://hooks.other.org/x")
            #expect(other.status == 400)
            #expect(
                other.errorMessage.contains(
                    #"host hooks.other.org is not in the allow-list "*.example.com", "10.0.0.0/8" (add it with --webhook-host-allow-list hooks.other.org"#
                )
            )
            #expect((try await create("https://ci.example.com/x")).status == 201)
            #expect((try await create("https://10.2.3.4/x")).status == 201)
            #expect((try await create("https://a.b.example.com/x")).status == 400)
        }
    }

    @Test func allowListEntries() {
        #expect(WebhookTargetPolicy.matches(host: "ci.example.com", entry: "*.example.com"))
        #expect(!WebhookTargetPolicy.matches(host: "example.com", entry: "*.example.com"))
        #expect(WebhookTargetPolicy.matches(host: "10.9.8.7", entry: "10.0.0.0/8"))
        #expect(!WebhookTargetPolicy.matches(host: "11.0.0.1", entry: "10.0.0.0/8"))
        #expect(WebhookTargetPolicy.matches(host: "fd00::5", entry: "fd00::/8"))
        #expect(WebhookTargetPolicy.matches(host: "build-42.ci.internal", entry: #"/^build-\d+\.ci\.internal$/"#))
        #expect(WebhookTargetPolicy.matches(host: "127.0.0.1", entry: "127.0.0.1"))
        #expect(WebhookTargetPolicy.restrictedKind("8.8.8.8") == nil)
        #expect(WebhookTargetPolicy.restrictedKind("100.64.1.1") == "shared (carrier-grade NAT)")
        #expect(WebhookTargetPolicy.restrictedKind("fc00::1") == "private (unique local)")
        #expect(WebhookTargetPolicy.restrictedKind("hooks.example.com") == nil)
    }

    /// Before sending, a host name is resolved once: one that leads to a loopback address is refused unless listed
    /// by name or its address range is; one that does not resolve is refused (the check fails closed); the address
    /// checked is the one the delivery connects to.
    @Test func namesResolvingToRestrictedAddresses() async {
        let policy = WebhookTargetPolicy(configuration: WebhookConfiguration())
        let problem = await policy.resolutionProblem("localhost")
        #expect(problem?.contains("a loopback address, which webhooks may not call") == true, "\(problem ?? "nil")")
        #expect(problem?.contains("--webhook-host-allow-list localhost") == true)
        var listed = WebhookConfiguration()
        listed.hostAllowList = ["localhost"]
        let pinned = await WebhookTargetPolicy(configuration: listed).resolve(host: "localhost")
        #expect(pinned == .address("127.0.0.1") || pinned == .address("::1"), "\(pinned)")
        #expect(await policy.resolve(host: "93.184.215.14") == .address("93.184.215.14"))
        #expect(await policy.resolve(host: "0x5db8d70e") == .address("93.184.215.14"))
        #expect(
            await policy.resolve(host: "no-such-host.invalid")
                == .refused("host no-such-host.invalid does not resolve to an address, so the webhook was not sent")
        )
        // A pattern says which names may be called, not that they may lead into the broker's network.
        var pattern = WebhookConfiguration()
        pattern.hostAllowList = ["/local.*/"]
        #expect(await WebhookTargetPolicy(configuration: pattern).resolutionProblem("localhost") != nil)
        pattern.hostAllowList = ["/local.*/", "127.0.0.0/8", "::1"]
        #expect(await WebhookTargetPolicy(configuration: pattern).resolutionProblem("localhost") == nil)
    }

    @Test("pattern entries match the whole host")
    func patternEntriesAreAnchored() {
        #expect(WebhookTargetPolicy.matches(host: "ci.example.com", entry: #"/ci\.example\.com/"#))
        #expect(!WebhookTargetPolicy.matches(host: "ci.example.com.attacker.test", entry: #"/ci\.example\.com/"#))
        #expect(!WebhookTargetPolicy.matches(host: "evil-ci.example.com", entry: #"/ci\.example\.com/"#))
        #expect(WebhookTargetPolicy.matches(host: "127.0.0.1", entry: "0x7f000001"))
        #expect(WebhookTargetPolicy.matches(host: "2130706433", entry: "127.0.0.0/8"))
    }

    @Test func templates() {
        let parameters = ["consumerName": "Web App", "consumerVersionTags": "main, prod", "pactUrl": "http://b/p"]
        #expect(
            WebhookTemplate.renderURL(
                "https://ci/x?c=${pactbroker.consumerName}&t=${pactbroker.consumerVersionTags}",
                parameters
            )
                == "https://ci/x?c=Web+App&t=main%2C+prod"
        )
        let body: JSONValue = ["text": "pact ${pactbroker.pactUrl}", "n": 1, "list": ["${pactbroker.consumerName}"]]
        let rendered = try? JSONParser.parse(WebhookTemplate.renderBody(body, parameters))
        #expect(rendered == ["text": "pact http://b/p", "n": 1, "list": ["Web App"]])
        #expect(WebhookTemplate.renderBody("c=${pactbroker.consumerName}", parameters) == "c=Web App")
        #expect(WebhookTemplate.render("${pactbroker.unknown}", parameters) == "${pactbroker.unknown}")
        let configuration = WebhookConfiguration(initialRetryDelay: .seconds(10), maximumRetryDelay: .seconds(60))
        #expect(configuration.retryDelay(afterAttempt: 1) == .seconds(10))
        #expect(configuration.retryDelay(afterAttempt: 2) == .seconds(20))
        #expect(configuration.retryDelay(afterAttempt: 3) == .seconds(40))
        #expect(configuration.retryDelay(afterAttempt: 4) == .seconds(60))
    }
}

/// Issue #19, finding 3: what a reader (read role, or anyone with public read) sees of a webhook holds no secret,
/// while the receiver gets every one; an edit that moves the webhook to another host must give its secrets again.
@Suite struct WebhookSecretsTests {
    @Test(arguments: BrokerTestEngine.allCases)
    func readersSeeNoSecretsAndMovedWebhooksTakeThemAgain(engine: BrokerTestEngine) async throws {
        let receiver = try await WebhookTestReceiver.start()
        let secrets = ["pa55-in-url", "t0ken-in-query", "k3y-in-header", "b4sic-password"]
        try await WebhookTestSupport.withBroker(engine) { client in
            let url =
                "http://ci:pa55-in-url@127.0.0.1:\(receiver.port)/hook?token=t0ken-in-query&c=${pactbroker.consumerName}"
            let created = try await WebhookTestSupport.create(
                client,
                WebhookTestSupport.webhook(
                    url: url,
                    events: ["contract_published"],
                    headers: ["Content-Type": "application/json", "X-Ci-Key": "k3y-in-header"],
                    username: "user",
                    password: "b4sic-password"
                )
            )
            let uuid = try #require(created["uuid"]?.stringValue)
            let read = try await client.send("GET", "/webhooks/\(uuid)")
            for secret in secrets { #expect(!read.text.contains(secret), "GET /webhooks/\(uuid) shows \(secret)") }
            let shown = try read.json()
            #expect(
                shown["request"]?["url"]?.stringValue
                    == "http://ci:**********@127.0.0.1:\(receiver.port)/hook?token=**********&c=${pactbroker.consumerName}"
            )
            #expect(shown["request"]?["headers"]?["X-Ci-Key"]?.stringValue == "**********")
            #expect(shown["request"]?["headers"]?["Content-Type"]?.stringValue == "application/json")

            // A test execution: the receiver gets the secrets, the answer and its logs show none.
            let executed = try await client.send("POST", "/webhooks/\(uuid)/execute", body: "{}")
            #expect(executed.status == 200, "\(executed.text)")
            for secret in secrets { #expect(!executed.text.contains(secret), "the execution shows \(secret)") }
            let received = try #require(try await receiver.waitFor(count: 1).first)
            #expect(received.uri.hasPrefix("/hook?token=t0ken-in-query&c="))
            #expect(received.header("X-Ci-Key") == "k3y-in-header")

            // PUT back what was read: the stored secrets are kept (the next delivery still carries them).
            var edited = try #require(shown.objectValue)
            edited["description"] = "renamed"
            edited.removeValue(forKey: "_links")
            let put = try await client.send("PUT", "/webhooks/\(uuid)", body: JSONWriter.compact(.object(edited)))
            #expect(put.status == 200, "\(put.text)")
            _ = try await client.send("POST", "/webhooks/\(uuid)/execute", body: "{}")
            let again = try await receiver.waitFor(count: 2)
            #expect(again.last?.uri.hasPrefix("/hook?token=t0ken-in-query&") == true)
            #expect(again.last?.header("X-Ci-Key") == "k3y-in-header")

            // Moving it to another host with the masked values: refused, naming each secret to give again.
            var moved = edited
            moved["request"] = .object(
                (edited["request"]?.objectValue ?? [:]).merging(
                    ["url": .string("http://127.0.0.2:\(receiver.port)/hook")]
                ) { _, new in new }
            )
            let refused = try await client.send("PUT", "/webhooks/\(uuid)", body: JSONWriter.compact(.object(moved)))
            #expect(refused.status == 400)
            #expect(
                refused.errorMessage.contains("request.password: is masked, and the URL now points to another host")
            )
            #expect(refused.errorMessage.contains("request.headers.X-Ci-Key: is masked"))
        }
        await receiver.stop()
    }
}

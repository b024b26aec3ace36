import Foundation
import Logging
import NIOCore
import NIOPosix
import PactumCore
import PactumTestSupport
import Synchronization
import Testing

@testable import PactumBroker

/// The attacker's suite (issue #19): every probe of the security review, as a regression test, by the asset it
/// attacks. SECURITY.md is the threat model these tests hold the broker to. Probes that need a broker run on both
/// engines.
///
/// Held by other suites and named here so the threat model is complete: the auth matrix (`BrokerAuthTests`), path
/// normalisation and the request limits (`BadRequestAPITests`, `BrokerBadInputCatalogueTests`), escaping in every UI
/// page and badge (`BrokerUITests`, `BadgeTests`), bound SQL parameters (every store query; the names below go through
/// them), 409 on changed content (`PactPublicationTests`), no redirects followed by webhooks (`WebhookDeliveryTests`).
@Suite("Security: the review's probes, by asset")
struct BrokerSecurityTests {
    // MARK: Webhooks: the broker must not become a way into its own network (SSRF)

    @Test(
        "every spelling of a loopback or private address is refused when a webhook is saved",
        arguments: BrokerTestEngine.allCases
    )
    func webhookTargetsInEverySpelling(engine: BrokerTestEngine) async throws {
        try await WebhookTestSupport.withBroker(engine, webhooks: WebhookConfiguration()) { client in
            func save(_ url: String) async throws -> BrokerHTTPTestClient.Answer {
                let body: JSONValue = [
                    "events": [["name": "contract_published"]], "request": ["method": "POST", "url": .string(url)],
                ]
                return try await client.send("POST", "/webhooks", body: JSONWriter.compact(body))
            }
            for (url, kind) in [
                ("https://127.1/x", "loopback"), ("https://2130706433/x", "loopback"),
                ("https://0x7f000001/x", "loopback"), ("https://0177.0.0.1/x", "loopback"),
                ("https://0/x", "unspecified"), ("https://[::127.0.0.1]/x", "loopback (embedded in IPv6)"),
                ("https://[64:ff9b::a00:1]/x", "private (embedded in IPv6)"),
                ("https://[2002:a9fe:a9fe::]/x", "link-local (embedded in IPv6)"),
                ("https://[fec0::1]/x", "site-local (deprecated)"),
            ] {
                let answer = try await save(url)
                #expect(answer.status == 400, "\(url)")
                #expect(answer.errorMessage.contains("is a \(kind) address"), "\(url): \(answer.errorMessage)")
            }
            // Zone ids: inet_pton does not read them, so they were taken for names and reached loopback.
            for url in [
                "https://[::1%251]:8443/x", "https://[::ffff:127.0.0.1%251]:8443/x", "https://[fe80::1%25eth0]/x",
            ] {
                let answer = try await save(url)
                #expect(answer.status == 400, "\(url)")
                #expect(answer.errorMessage.contains("has an IPv6 zone identifier"), "\(url): \(answer.errorMessage)")
            }
            #expect(try await client.getJSON("/webhooks")["_links"]?["pb:webhooks"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("a name that resolves to a restricted address is refused when saved, a name that does not resolve yet is not")
    func namesAreResolvedAtSave() async {
        var policy = WebhookTargetPolicy(configuration: WebhookConfiguration())
        policy.resolver = { name in name == "intranet.example.com" ? ["203.0.113.9", "10.1.2.3"] : [] }
        #expect(
            await policy.saveProblem(host: "intranet.example.com")
                == "host intranet.example.com resolves to 10.1.2.3, a private address, which webhooks may not call unless it is allowed explicitly (add it with --webhook-host-allow-list intranet.example.com)"
        )
        #expect(await policy.saveProblem(host: "not-yet.example.com") == nil)
        #expect(await policy.resolutionProblem("not-yet.example.com") != nil, "but a delivery to it is refused")
        policy.resolver = { _ in
            try? await Task.sleep(for: .seconds(5))
            return ["10.1.2.3"]
        }
        #expect(await policy.saveProblem(host: "slow.example.com", within: .milliseconds(50)) == nil)
    }

    @Test(
        "a webhook to a name that does not resolve is not sent (the check fails closed)",
        arguments: BrokerTestEngine.allCases
    )
    func unresolvableTargetsAreNotSent(engine: BrokerTestEngine) async throws {
        try await WebhookTestSupport.withBroker(engine, webhooks: WebhookConfiguration()) { client in
            try await client.publish(WebhookTestSupport.pact("Web", "Orders", "a"), version: "1")
            let webhook = try await WebhookTestSupport.create(
                client,
                #"{"events":[{"name":"contract_published"}],"request":{"method":"POST","url":"https://no-such-host.invalid/hook"}}"#
            )
            let uuid = try #require(webhook["uuid"]?.stringValue)
            let executed = try await client.send("POST", "/webhooks/\(uuid)/execute", body: "{}")
            #expect(
                executed.text.contains(
                    "host no-such-host.invalid does not resolve to an address, so the webhook was not sent"
                ),
                "\(executed.text)"
            )
        }
    }

    @Test(
        "a caller's Host header never reaches a webhook; answers' links follow the configured base URLs",
        arguments: BrokerTestEngine.allCases
    )
    func hostHeaderDoesNotSteerWebhooks(engine: BrokerTestEngine) async throws {
        let receiver = try await WebhookTestReceiver.start()
        try await WebhookTestSupport.withBroker(engine) { client in
            _ = try await WebhookTestSupport.create(
                client,
                WebhookTestSupport.webhook(
                    url: "\(receiver.url)/hook",
                    events: ["contract_published"],
                    body: ["pact": "${pactbroker.pactUrl}"]
                )
            )
            let pact = WebhookTestSupport.pact("Web", "Orders", "a")
            let content = Data(JSONWriter.compact(pact).utf8).base64EncodedString()
            let body: JSONValue = [
                "pacticipantName": "Web", "pacticipantVersionNumber": "1",
                "contracts": [
                    [
                        "consumerName": "Web", "providerName": "Orders", "specification": "pact",
                        "contentType": "application/json", "content": .string(content),
                    ]
                ],
            ]
            let published = try await client.send(
                "POST",
                "/contracts/publish",
                body: JSONWriter.compact(body),
                headers: [("Host", "attacker.example:8443")]
            )
            #expect(published.status == 200, "\(published.text)")
            let received = try #require(try await receiver.waitFor(count: 1).first)
            #expect(
                received.body.contains("http://127.0.0.1:\(client.port)/pacts/provider/Orders/consumer/Web"),
                "\(received.body)"
            )
            #expect(!received.body.contains("attacker.example"), "\(received.body)")
        }
        await receiver.stop()

        var configuration = try engine.configuration(schema: BrokerTestEngine.freshSchemaName())
        configuration.baseURL = "https://pact.example.com https://pact.internal:9292/"
        try await PactumBroker.withBroker(configuration, logger: BrokerTestEngine.logger) { broker in
            let client = BrokerHTTPTestClient(broker)
            let named = try await client.send("GET", "/", headers: [("Host", "pact.internal:9292")])
            #expect(named.text.contains("\"https://pact.internal:9292/pacticipants\""), "\(named.text.prefix(300))")
            let other = try await client.send("GET", "/", headers: [("Host", "attacker.example")])
            #expect(other.text.contains("\"https://pact.example.com/pacticipants\""), "\(other.text.prefix(300))")
            #expect(!other.text.contains("attacker.example"))
        }
    }

    // MARK: Credentials: secrets stay in the broker

    @Test(
        "debug logs carry no bind values: a webhook password never reaches the log",
        arguments: BrokerTestEngine.allCases
    )
    func debugLogsHoldNoSecrets(engine: BrokerTestEngine) async throws {
        let lines = CapturedLog()
        var logger = Logger(label: "pactum.broker.security") { _ in lines }
        logger.logLevel = .trace
        var configuration = try engine.configuration(schema: BrokerTestEngine.freshSchemaName())
        configuration.webhooks = WebhookTestSupport.configuration()
        try await PactumBroker.withBroker(configuration, logger: logger) { broker in
            let client = BrokerHTTPTestClient(broker)
            _ = try await WebhookTestSupport.create(
                client,
                WebhookTestSupport.webhook(
                    url: "http://127.0.0.1:9/hook",
                    events: ["contract_published"],
                    headers: ["X-Token": "t0ken-in-log?"],
                    username: "u",
                    password: "pa55word-in-log?"
                )
            )
            try await client.publish(WebhookTestSupport.pact("Web", "Orders", "a"), version: "1")
        }
        #expect(!lines.all.isEmpty, "the broker logged at trace level")
        for line in lines.all {
            #expect(!line.contains("pa55word-in-log?") && !line.contains("t0ken-in-log?"), "\(line)")
        }
    }

    @Test("a SQLite database the broker creates is readable by its owner only")
    func sqliteFileIsPrivate() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pactum-mode-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("broker.sqlite").path
        let database = try await BrokerDatabase.open(.sqlite(path: path), logger: BrokerTestEngine.logger)
        try await database.shutdown()
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    // MARK: Data: only the broker's clients write to it

    @Test("a web page cannot write: bodies must be declared JSON", arguments: BrokerTestEngine.allCases)
    func crossSiteWritesAreRefused(engine: BrokerTestEngine) async throws {
        try await WebhookTestSupport.withBroker(engine) { client in
            // The content types a page may send another site without asking (CORS "simple" requests), and none.
            for contentType in [
                "text/plain; x=json", "text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=json",
            ] {
                let answer = try await client.send(
                    "POST",
                    "/pacticipants",
                    body: #"{"name":"Forged"}"#,
                    headers: [("Content-Type", contentType)]
                )
                #expect(answer.status == 415, "\(contentType): \(answer.text)")
            }
            let bare = try await LoopbackHTTPClient.sendAsync(
                method: "POST",
                port: client.port,
                target: "/pacticipants",
                headers: [],
                body: Array(#"{"name":"Forged"}"#.utf8)
            )
            #expect(bare.status == 415, "\(bare)")
            #expect((try await client.send("GET", "/pacticipants/Forged")).status == 404)
            let hal = try await client.send(
                "POST",
                "/pacticipants",
                body: #"{"name":"Real"}"#,
                headers: [("Content-Type", "application/hal+json; charset=utf-8")]
            )
            #expect(hal.status == 201, "\(hal.text)")
        }
    }

    @Test(
        "names, versions, branches and tags cannot carry line breaks into logs and headers",
        arguments: BrokerTestEngine.allCases
    )
    func controlCharactersInNamesAreRefused(engine: BrokerTestEngine) async throws {
        try await WebhookTestSupport.withBroker(engine) { client in
            let pacticipant = try await client.send("POST", "/pacticipants", body: #"{"name":"Forged\r\nINFO: ok"}"#)
            #expect(pacticipant.status == 400, "\(pacticipant.text)")
            #expect(pacticipant.errorMessage.contains("contains a control character (U+000D)"), "\(pacticipant.text)")
            let tag = try await client.send("PUT", "/pacticipants/Web/versions/1/tags/prod%0A", body: "{}")
            #expect(tag.status == 400, "\(tag.text)")
            let content = Data(JSONWriter.compact(WebhookTestSupport.pact("Web", "Orders", "a")).utf8)
                .base64EncodedString()
            let body: JSONValue = [
                "pacticipantName": "Web", "pacticipantVersionNumber": "2", "branch": "main\r\nINFO: forged",
                "contracts": [
                    [
                        "consumerName": "Web", "providerName": "Orders", "specification": "pact",
                        "contentType": "application/json", "content": .string(content),
                    ]
                ],
            ]
            let published = try await client.send("POST", "/contracts/publish", body: JSONWriter.compact(body))
            #expect(published.status == 400, "\(published.text)")
            #expect(
                published.errorMessage.contains("The branch name 'main\\u{d}\\u{a}INFO: forged'"),
                "\(published.text)"
            )
            #expect(
                (try await client.send("GET", "/pacticipants/Web/versions/2")).status == 404,
                "nothing half-written"
            )
        }
    }

    // MARK: Availability: one caller cannot take the broker

    @Test("pacts for verification takes at most 100 selectors", arguments: BrokerTestEngine.allCases)
    func selectorsAreBounded(engine: BrokerTestEngine) async throws {
        try await WebhookTestSupport.withBroker(engine) { client in
            try await client.publish(WebhookTestSupport.pact("Web", "Orders", "a"), version: "1", branch: "main")
            func request(_ count: Int) async throws -> BrokerHTTPTestClient.Answer {
                let selectors = JSONValue.array(Array(repeating: ["mainBranch": true], count: count))
                return try await client.send(
                    "POST",
                    "/pacts/provider/Orders/for-verification",
                    body: JSONWriter.compact(["consumerVersionSelectors": selectors])
                )
            }
            #expect((try await request(100)).status == 200)
            let refused = try await request(101)
            #expect(refused.status == 400)
            #expect(refused.errorMessage.contains("consumerVersionSelectors: has 101 selectors; the limit is 100"))
        }
    }

    @Test("a connection that sends nothing is closed")
    func idleConnectionsAreClosed() async throws {
        var configuration = BrokerServer.Configuration(port: 0, database: .sqliteInMemory)
        configuration.idleConnectionTimeout = .milliseconds(500)
        try await PactumBroker.withBroker(configuration, logger: BrokerTestEngine.logger) { broker in
            let closed = try await IdleConnectionProbe.secondsUntilClosed(port: broker.port, within: .seconds(10))
            #expect(closed != nil, "the broker kept a silent connection open for 10 s")
            #expect((closed ?? .seconds(99)) < .seconds(5))
        }
    }
}

/// Every log line with its metadata, from a `LogHandler` the test installs on its own logger (no global bootstrap).
final class CapturedLog: LogHandler, @unchecked Sendable {
    private let lines = Mutex<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    var all: [String] { lines.withLock { $0 } }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        lines.withLock { $0.append("\(event.level) \(event.message) \(merged)") }
    }
}

/// Opens a TCP connection, sends nothing, and times how long the server keeps it open.
enum IdleConnectionProbe {
    static func secondsUntilClosed(port: Int, within limit: Duration) async throws -> Duration? {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port).get()
        let start = ContinuousClock.now
        let closed = channel.closeFuture
        return try await withThrowingTaskGroup(of: Duration?.self) { group in
            group.addTask {
                try? await closed.get()
                return ContinuousClock.now - start
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            channel.close(promise: nil)
            return first
        }
    }
}

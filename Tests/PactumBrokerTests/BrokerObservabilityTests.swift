import Foundation
import Logging
import PactumCore
import PactumTestSupport
import Synchronization
import Testing

@testable import PactumBroker

/// `/metrics`, the diagnostic endpoints, request ids and the request log.
@Suite struct BrokerObservabilityTests {
    @Test(arguments: BrokerTestEngine.allCases)
    func metricsCountRequestsByRouteAndStatus(engine: BrokerTestEngine) async throws {
        try await engine.withTestBroker { broker in
            let client = BrokerHTTPTestClient(broker)
            try await client.publish(
                BrokerHTTPTestClient.pact("Web", "API", interactions: [("list", nil, 200)]),
                version: "1"
            )
            let pact = try await client.getJSON("/pacts/provider/API/consumer/Web/version/1")
            let href = try #require(pact["_links"]?["pb:publish-verification-results"]?["href"]?.stringValue)
            let path = try #require(URLComponents(string: href)?.path)
            let body = #"{"success": true, "providerApplicationVersion": "p1"}"#
            #expect(try await client.send("POST", path, body: body).status == 201)
            #expect(try await client.send("GET", "/pacticipants/Nobody").status == 404)
            #expect(try await client.send("GET", "/no/such/thing").status == 404)

            let metrics = try await client.send("GET", "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.contentType == "text/plain; version=0.0.4; charset=utf-8")
            let lines = Set(metrics.text.split(separator: "\n").map(String.init))
            let expected = [
                #"pactum_broker_http_requests_total{method="POST",route="/contracts/publish",status="200"} 1"#,
                #"pactum_broker_http_requests_total{method="GET",route="/pacticipants/:p",status="404"} 1"#,
                #"pactum_broker_http_requests_total{method="GET",route="unmatched",status="404"} 1"#,
                "pactum_broker_publications_total 1",
                "pactum_broker_verification_results_total 1",
                #"pactum_broker_http_request_duration_seconds_count{method="POST",route="/contracts/publish"} 1"#,
                #"pactum_broker_http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/contracts/publish"} 1"#,
                "# TYPE pactum_broker_http_request_duration_seconds histogram",
                "pactum_broker_pacticipants 2",
                "pactum_broker_versions 2",
                "pactum_broker_pact_publications 1",
                "pactum_broker_verifications 1",
                "pactum_broker_database_up 1",
            ]
            for line in expected { #expect(lines.contains(line), "missing \(line) in\n\(metrics.text)") }
            // Every sample line is `name{labels} value` with a numeric value (what Prometheus parses).
            for line in lines where !line.hasPrefix("#") {
                let value = line.split(separator: " ").last.map(String.init) ?? ""
                #expect(Double(value) != nil, "\(line)")
            }
        }
    }

    @Test(arguments: BrokerTestEngine.allCases)
    func dependenciesAndHeartbeat(engine: BrokerTestEngine) async throws {
        try await engine.withTestBroker { broker in
            let client = BrokerHTTPTestClient(broker)
            let dependencies = try await client.getJSON("/diagnostic/status/dependencies")
            #expect(dependencies["database"] == ["ok": true])
            let heartbeat = try await client.getJSON("/diagnostic/status/heartbeat")
            #expect(heartbeat["ok"] == true)
        }
    }

    @Test func requestIDsAreEchoedOrMadeAndLogged() async throws {
        let recorder = LogRecorder()
        let logger = recorder.logger
        try await withBroker(BrokerServer.Configuration(port: 0), logger: logger) { broker in
            let given = try await LoopbackHTTPClient.sendAsync(
                method: "GET",
                port: broker.port,
                target: "/pacticipants",
                headers: [("X-Request-Id", "build-42.step-7")]
            )
            #expect(given.header("X-Request-Id") == "build-42.step-7")
            let made = try await LoopbackHTTPClient.sendAsync(method: "GET", port: broker.port, target: "/")
            let id = try #require(made.header("X-Request-Id"))
            #expect(UUID(uuidString: id) != nil, "\(id)")
            // A header that is not a sane id (spaces, too long) is replaced rather than logged.
            let odd = try await LoopbackHTTPClient.sendAsync(
                method: "GET",
                port: broker.port,
                target: "/",
                headers: [("X-Request-Id", "a b")]
            )
            #expect(odd.header("X-Request-Id").flatMap(UUID.init(uuidString:)) != nil)
            let long = String(repeating: "x", count: 500)
            let tooLong = try await LoopbackHTTPClient.sendAsync(
                method: "GET",
                port: broker.port,
                target: "/",
                headers: [("X-Request-Id", long)]
            )
            #expect(tooLong.header("X-Request-Id") != long)
        }
        let lines = recorder.lines
        let line = try #require(lines.first { $0.metadata["request-id"] == "build-42.step-7" })
        #expect(line.message == "GET /pacticipants 200")
        #expect(line.metadata["route"] == "/pacticipants")
        #expect(Int(line.metadata["duration-ms"] ?? "") != nil)
    }
}

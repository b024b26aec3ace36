import Foundation
import PactumCore
import PactumTestSupport
import Testing

/// `pactum broker serve --log-format json`: one JSON object per line, each request with its request id.
@Suite("pactum broker serve logging")
struct BrokerServeLoggingTests {
    @Test("JSON logs carry the request id, route, status and duration of each request")
    func jsonLogs() async throws {
        let broker = try StubProcess(
            executable: try StubCommandTests.pactum(),
            arguments: [
                "broker", "serve", "--port", "0", "--database-url", "sqlite::memory:", "--log-format", "json",
            ]
        )
        defer { broker.stop() }
        let url = try await BrokerCleanCommandTests.waitForPort(broker)
        let port = Int(url.split(separator: ":").last ?? "") ?? 0
        let answer = try LoopbackHTTPClient.send(
            method: "GET",
            port: port,
            target: "/pacticipants/Nobody",
            headers: [("X-Request-Id", "ci-run-7")]
        )
        #expect(answer.status == 404)
        #expect(answer.header("X-Request-Id") == "ci-run-7")
        let deadline = Date().addingTimeInterval(10)
        var line: JSONValue?
        while line == nil, Date() < deadline {
            line = broker.stderr.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
                .first { $0["request-id"] == "ci-run-7" }
            if line == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let logged = try #require(line, "no JSON log line with the request id in:\n\(broker.stderr)")
        #expect(logged["message"] == "GET /pacticipants/Nobody 404")
        #expect(logged["level"] == "info")
        #expect(logged["label"] == "pactum.broker")
        #expect(logged["route"] == "/pacticipants/:p")
        #expect(Int(logged["duration-ms"]?.stringValue ?? "") != nil)
        #expect(logged["timestamp"]?.stringValue?.hasPrefix("20") == true)
        // Every line on standard error is a JSON object.
        for text in broker.stderr.split(separator: "\n") {
            #expect((try? JSONParser.parse(String(text)))?.objectValue != nil, "not JSON: \(text)")
        }
    }
}

import Foundation
import PactumCore
import PactumTestSupport
import Testing

/// `pactum broker serve` as a process: what a parent (a CI script, a supervisor) reads from it.
@Suite("pactum broker serve, run as a process")
struct BrokerServeCommandTests {
    @Test func listeningLineReachesAFileAtOnceWithTheURL() async throws {
        // Standard output is a file here, not a terminal: a buffered line would not show until exit.
        let broker = try StubProcess(
            executable: try StubCommandTests.pactum(),
            arguments: [
                "broker", "serve", "--port", "0", "--database-url", "sqlite::memory:",
                "--base-url", "http://broker.example:9292",
            ]
        )
        defer { broker.stop() }
        let port = try await broker.port(after: "Pactum broker listening on http://127.0.0.1:")
        #expect(broker.stdout.contains("clients reach it at http://broker.example:9292"))
        let response = try LoopbackHTTPClient.send(method: "GET", port: port, target: "/diagnostic/status/heartbeat")
        #expect(response.status == 200)
        let body = try JSONParser.parse(bytes: response.body)
        #expect(body["ok"] == true)
        #expect(
            body["_links"]?["self"]?["href"]?.stringValue == "http://broker.example:9292/diagnostic/status/heartbeat"
        )
    }
}

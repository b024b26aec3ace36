import Foundation
import PactumCore
import PactumTestSupport
import Testing

/// `pactum broker clean` as a process, on the SQLite file a running `pactum broker serve` uses.
@Suite("pactum broker clean, run as a process")
struct BrokerCleanCommandTests {
    @Test("a dry run lists what would go, the real run removes it while the broker serves, bad selectors exit 64")
    func cleanWhileServing() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("broker-clean-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = "sqlite://" + folder.appendingPathComponent("broker.sqlite").path
        let broker = try StubProcess(
            executable: try StubCommandTests.pactum(),
            arguments: ["broker", "serve", "--port", "0", "--database-url", database]
        )
        defer { broker.stop() }
        let url = try await Self.waitForPort(broker)
        try Data(BrokerClientCommandTests.pact.utf8).write(to: folder.appendingPathComponent("App-Bookshelf.json"))
        for version in ["1.0.0", "1.1.0", "1.2.0"] {
            let published = try await BrokerClientCommandTests.pactum(
                ["publish", folder.appendingPathComponent("App-Bookshelf.json").path, "-a", version, "-b", url]
            )
            #expect(published.status == 0, "\(published.stderr)")
        }

        let keep = #"{"latest": true}"#
        let dryRun = try await BrokerClientCommandTests.pactum(
            ["broker", "clean", "--database-url", database, "--keep", keep, "--dry-run", "--output", "json"]
        )
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        let report = try dryRun.json()
        #expect(report["dryRun"] == true)
        #expect(report["versions"] == 3)
        #expect(report["removedVersions"]?.arrayValue?.compactMap { $0["number"]?.stringValue } == ["1.0.0", "1.1.0"])
        #expect(report["keepSelectors"] == [["latest": true]])

        let clean = try await BrokerClientCommandTests.pactum([
            "broker", "clean", "--database-url", database, "--keep", keep,
        ])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.contains("3 versions, 1 kept."), "\(clean.stdout)")
        #expect(clean.stdout.contains("Removed 2 versions:\n  App 1.0.0 (created "), "\(clean.stdout)")
        // The broker that served throughout sees the result at once.
        let versions = try LoopbackHTTPClient.send(
            method: "GET",
            port: Int(url.split(separator: ":").last ?? "") ?? 0,
            target: "/pacticipants/App/versions"
        )
        #expect(versions.status == 200)
        let body = String(decoding: versions.body, as: UTF8.self)
        #expect(body.contains("\"1.2.0\"") && !body.contains("\"1.0.0\""), "\(body)")

        let bad = try await BrokerClientCommandTests.pactum(
            ["broker", "clean", "--database-url", database, "--keep", #"{"latest": true, "max_age": 3}"#]
        )
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("'latest' and 'max_age' cannot be used together"), "\(bad.stderr)")
    }

    static func waitForPort(_ broker: StubProcess) async throws -> String {
        let marker = "Pactum broker listening on http://127.0.0.1:"
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, broker.process.isRunning {
            if let range = broker.stdout.range(of: marker),
                let port = Int(broker.stdout[range.upperBound...].prefix(while: \.isNumber))
            {
                return "http://127.0.0.1:\(port)"
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw StubProcess.Failure(description: "pactum broker serve did not start:\n\(broker.stdout)\(broker.stderr)")
    }
}

import Foundation
import PactumTestSupport
import Testing

/// The README's release recipe, run as written: its shell block is read from README.md and run by bash against a
/// scratch broker (`pactum broker serve` on a new in-memory database) and the example provider, with `pactum` on the
/// PATH. Only the two ports change, to the ones the broker and the provider were given.
@Suite("README: the release recipe runs as written")
struct ReadmeReleaseFlowTests {
    /// The shell block that follows the sentence introducing the release recipe.
    static func releaseBlock() throws -> String {
        let readme = try String(
            contentsOf: SharedData.repositoryRoot.appendingPathComponent("README.md"),
            encoding: .utf8
        )
        guard let intro = readme.range(of: "A release with Pactum alone"),
            let open = readme.range(of: "```sh\n", range: intro.upperBound..<readme.endIndex),
            let close = readme.range(of: "\n```", range: open.upperBound..<readme.endIndex)
        else {
            throw StubProcess.Failure(description: "README.md has no ```sh block after 'A release with Pactum alone'")
        }
        return String(readme[open.upperBound..<close.lowerBound])
    }

    @Test("publish, verify, can-i-deploy and record-deployment on a new broker, in the README's order")
    func releaseRecipe() async throws {
        let block = try Self.releaseBlock()
        #expect(block.contains("http://127.0.0.1:9292") && block.contains("-p 8080"), "the block names its ports")
        let (broker, url) = try await BrokerClientCommandTests.startBroker()
        defer { broker.stop() }
        let provider = try await ExampleProviderProcess()
        defer { provider.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readme-release-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: folder) }
        let contracts = folder.appendingPathComponent("contracts")
        try FileManager.default.createDirectory(at: contracts, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: ExampleContract.url,
            to: contracts.appendingPathComponent(ExampleContract.url.lastPathComponent)
        )
        let script = block.replacingOccurrences(of: "http://127.0.0.1:9292", with: url)
            .replacingOccurrences(of: "127.0.0.1:8080", with: "127.0.0.1:\(provider.port)")
            .replacingOccurrences(of: "-p 8080", with: "-p \(provider.port)")

        let pactumDirectory = try StubCommandTests.pactum().deletingLastPathComponent().path
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PACT_BROKER_") }
        environment["PATH"] = pactumDirectory + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["NO_COLOR"] = "1"
        let output = folder.appendingPathComponent("output.log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-euo", "pipefail", "-c", script]
        process.currentDirectoryURL = folder
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("the README's release block did not finish within 120 s")
        }
        process.waitUntilExit()
        let log = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "the README's release block failed:\n\(script)\n--- output ---\n\(log)")
        #expect(log.contains("5 interactions in 1 pact: 5 passed, 0 failed"), "\(log)")
        #expect(log.components(separatedBy: "Computer says yes").count - 1 == 2, "both can-i-deploy say yes:\n\(log)")
    }
}

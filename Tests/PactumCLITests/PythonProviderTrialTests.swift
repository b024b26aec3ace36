import Foundation
import PactumTestSupport
import Testing

/// The README's provider-side trial, run as the README says: the Python (standard library) bookshelf provider of
/// `Fixtures/PythonProvider`, verified from the command line with states and messages. The commands are read from
/// the README, so the README cannot drift from what passes; only the port 8090 becomes a free one.
@Suite("README: verifying a Python provider from the command line")
struct PythonProviderTrialTests {
    static let root = SharedData.repositoryRoot

    /// The shell lines of the README's trial block, continuation lines joined.
    static func readmeCommands() throws -> [String] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let heading = try #require(readme.range(of: "### Trial: a Python provider from the command line"))
        let rest = readme[heading.upperBound...]
        let start = try #require(rest.range(of: "```sh\n"))
        let end = try #require(rest[start.upperBound...].range(of: "```"))
        let block = rest[start.upperBound..<end.lowerBound].replacingOccurrences(of: "\\\n", with: " ")
        return block.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test func theREADMEsCommandVerifiesThePythonProviderWithStatesAndMessages() async throws {
        let commands = try Self.readmeCommands()
        let python = try #require(commands.first { $0.hasPrefix("python3 ") })
        let verify = try #require(commands.first { $0.hasPrefix("swift run pactum verify ") })
        #expect(python.hasSuffix(" --port 8090 &"))

        // The provider as the README starts it, on a free port instead of 8090.
        let providerArguments = python.dropFirst("python3 ".count).dropLast(" &".count)
            .split(separator: " ").map { $0 == "8090" ? "0" : String($0) }
        let provider = try StubProcess(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            arguments: ["python3", "-u"] + providerArguments,
            workingDirectory: Self.root
        )
        let port = try await provider.port(after: "listening on http://127.0.0.1:")
        defer { provider.stop(signal: SIGTERM) }

        // `swift run pactum verify …` is the built `pactum verify …`, from the repository root.
        let arguments = verify.dropFirst("swift run pactum ".count).split(separator: " ")
            .map { $0.replacingOccurrences(of: "8090", with: String(port)) }
        let run = try StubProcess(
            executable: try StubCommandTests.pactum(),
            arguments: arguments + ["--no-colour"],
            workingDirectory: Self.root
        )
        guard let status = await run.waitForExit(within: 60) else {
            run.stop(signal: SIGKILL)
            throw StubProcess.Failure(description: "pactum verify did not finish within 60 s: \(run.stdout)")
        }
        #expect(status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("7 interactions in 2 pacts: 7 passed, 0 failed"), "\(run.stdout)")
        #expect(run.stdout.contains("Verifying a pact between ShelfWatcher and ExampleProvider"))
        #expect(run.stdout.contains("a book was added"))
        #expect(run.stdout.contains("includes metadata \"topic\" with value \"books\" (OK)"), "\(run.stdout)")
        #expect(run.stdout.contains("Given books by Ursula K. Le Guin exist"))
    }

    @Test func aProviderThatBreaksTheMessageFailsNamingTheField() async throws {
        let provider = try StubProcess(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            arguments: ["python3", "-u", "Fixtures/PythonProvider/bookshelf_provider.py", "--port", "0"],
            workingDirectory: Self.root
        )
        let port = try await provider.port(after: "listening on http://127.0.0.1:")
        defer { provider.stop(signal: SIGTERM) }
        // A copy of the message contract that expects a field the provider does not send.
        let contract = Self.root.appendingPathComponent(
            "Fixtures/PythonProvider/contracts/ShelfWatcher-ExampleProvider.json"
        )
        let broken = try String(contentsOf: contract, encoding: .utf8)
            .replacingOccurrences(of: #""event": "BookRemoved","#, with: #""event": "BookRemoved", "shelf": "A","#)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("shelf-\(UUID().uuidString).json")
        try broken.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try StubProcess(
            executable: try StubCommandTests.pactum(),
            arguments: ["verify", "-f", file.path, "-h", "127.0.0.1", "-p", String(port), "--no-colour"]
        )
        guard let status = await run.waitForExit(within: 60) else {
            run.stop(signal: SIGKILL)
            throw StubProcess.Failure(description: "pactum verify did not finish within 60 s: \(run.stdout)")
        }
        #expect(status == 1, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("Actual object is missing the key shelf"), "\(run.stdout)")
    }
}

import Foundation
import PactumCore
import PactumTestSupport
import Testing

/// `pactum verify` run as a process against the example provider, as a provider's CI would run it.
@Suite("pactum verify, run as a process")
struct VerifyCommandTests {
    static let contract = SharedData.repositoryRoot.appendingPathComponent(
        "contracts/ExampleConsumer-ExampleProvider.json"
    )

    /// Runs `pactum verify` with `arguments` to completion (bounded) and returns its exit status and output.
    static func verify(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let process = try StubProcess(executable: try StubCommandTests.pactum(), arguments: ["verify"] + arguments)
        guard let status = await process.waitForExit(within: 60) else {
            process.stop(signal: SIGKILL)
            throw StubProcess.Failure(description: "pactum verify did not finish within 60 s: \(process.stdout)")
        }
        return (status, process.stdout, process.stderr)
    }

    @Test func verifiesTheExampleProviderWithTheOfficialFlags() async throws {
        let provider = try await ExampleProviderProcess()
        defer { provider.stop() }
        let reports = FileManager.default.temporaryDirectory.appendingPathComponent("verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: reports) }
        let run = try await Self.verify([
            "-f", Self.contract.path, "-h", "127.0.0.1", "-p", "\(provider.port)", "-n", "ExampleProvider",
            "-s", provider.stateChangeURL.absoluteString, "--state-change-teardown",
            "-j", reports.appendingPathComponent("report.json").path,
            "-x", reports.appendingPathComponent("report.xml").path, "--no-colour",
        ])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("Verifying a pact between ExampleConsumer and ExampleProvider"))
        #expect(run.stdout.contains("a request for book 42"))
        #expect(run.stdout.contains("has status code 200 (OK)"))
        #expect(run.stdout.contains("5 interactions in 1 pact: 5 passed, 0 failed"))
        #expect(!run.stdout.contains("\u{1B}["))
        let json = try JSONParser.parse(Data(contentsOf: reports.appendingPathComponent("report.json")))
        #expect(json["result"] == .bool(true))
        #expect(json["summary"]?["passed"] == .integer(5))
        let xml = try String(contentsOf: reports.appendingPathComponent("report.xml"), encoding: .utf8)
        #expect(xml.contains(#"<testsuite name="ExampleConsumer - ExampleProvider" tests="5" failures="0""#))
    }

    @Test func aBrokenProviderExitsWithOneAndNamesTheField() async throws {
        let provider = try await ExampleProviderProcess(arguments: ["--price-as-text"])
        defer { provider.stop() }
        let reports = FileManager.default.temporaryDirectory.appendingPathComponent("verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: reports) }
        let run = try await Self.verify([
            "-f", Self.contract.path, "--hostname", "127.0.0.1", "--port", "\(provider.port)",
            "--state-change-url", provider.stateChangeURL.absoluteString, "--no-colour",
            "--junit", reports.appendingPathComponent("report.xml").path,
        ])
        #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("has a matching body (FAILED)"))
        #expect(run.stdout.contains("Body had differences"))
        #expect(run.stdout.contains("$.price:"))
        #expect(run.stdout.contains("5 interactions in 1 pact: 3 passed, 2 failed"))
        let xml = try String(contentsOf: reports.appendingPathComponent("report.xml"), encoding: .utf8)
        #expect(xml.contains(#"<failure message="Body had differences">"#))
    }

    @Test("-d keeps the folder's contracts with the -n provider; -f of another provider's contract warns")
    func contractsOfOtherProviders() async throws {
        let provider = try await ExampleProviderProcess()
        defer { provider.stop() }
        let folder = Self.contract.deletingLastPathComponent()
        let todo = folder.appendingPathComponent("TodoApp-TodoAPI.json")
        #expect(FileManager.default.fileExists(atPath: todo.path), "contracts/ holds another provider's contract")
        let common = [
            "-h", "127.0.0.1", "-p", "\(provider.port)", "-n", "ExampleProvider",
            "-s", provider.stateChangeURL.absoluteString, "--no-colour",
        ]
        let fromFolder = try await Self.verify(["-d", folder.path] + common)
        #expect(fromFolder.status == 0, "\(fromFolder.stdout)\n\(fromFolder.stderr)")
        #expect(fromFolder.stdout.contains("5 interactions in 1 pact: 5 passed, 0 failed"), "\(fromFolder.stdout)")
        #expect(!fromFolder.stdout.contains("TodoApp"))

        let named = try await Self.verify(["-f", todo.path] + common)
        #expect(named.status == 1, "the todo API's requests fail against the bookshelf: \(named.stdout)")
        #expect(
            named.stdout.contains(
                "WARNING: \(todo.path) is a contract between TodoApp and provider 'TodoAPI', not 'ExampleProvider' "
                    + "(the provider name given): it was verified anyway; check the provider name or leave the file out"
            ),
            "\(named.stdout)"
        )

        let none = try await Self.verify(["-d", folder.path, "-p", "\(provider.port)", "-n", "Catalogue"])
        #expect(none.status == 3)
        #expect(
            none.stderr.contains(
                "The folder \(folder.path) has no pacts for provider 'Catalogue', only for 'ExampleProvider', 'TodoAPI'"
            ),
            "\(none.stderr)"
        )
    }

    @Test func problemsThatStopTheRunExitWithThree() async throws {
        let port = try LoopbackPort.unused()
        let down = try await Self.verify(["-f", Self.contract.path, "-h", "127.0.0.1", "-p", "\(port)"])
        #expect(down.status == 3)
        #expect(down.stderr.contains("cannot be reached"), "\(down.stderr)")
        let missing = try await Self.verify(["-f", "/nonexistent/pact.json", "-p", "\(port)"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("/nonexistent/pact.json"), "\(missing.stderr)")
        let usage = try await Self.verify(["-p", "\(port)"])
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("Nothing to verify"), "\(usage.stderr)")
        let header = try await Self.verify(["-f", Self.contract.path, "-H", "NoEquals"])
        #expect(header.status == 64)
        #expect(header.stderr.contains("must be KEY=VALUE"), "\(header.stderr)")
    }
}

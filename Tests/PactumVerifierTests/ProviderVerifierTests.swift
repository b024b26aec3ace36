import Foundation
import PactumCore
import PactumTestSupport
import PactumVerifier
import Testing

/// The verifier against the example provider, a real HTTP service in its own process.
@Suite struct ProviderVerifierTests {
    static let contract = SharedData.repositoryRoot.appendingPathComponent(
        "contracts/ExampleConsumer-ExampleProvider.json"
    )

    static func verifier(for provider: ExampleProviderProcess, teardown: Bool = false) -> ProviderVerifier {
        ProviderVerifier(
            configuration: .init(
                providerName: "ExampleProvider",
                target: ProviderTarget(host: "127.0.0.1", port: provider.port),
                providerStates: .url(provider.stateChangeURL.absoluteString, teardown: teardown)
            )
        )
    }

    @Test func exampleProviderHonoursTheExampleConsumersContract() async throws {
        let provider = try await ExampleProviderProcess()
        defer { provider.stop() }
        let report = try await Self.verifier(for: provider, teardown: true).verify([.file(Self.contract.path)])
        #expect(report.success, "\(ConsoleReport(colour: false).render(report))")
        #expect(report.pacts.count == 1)
        #expect(report.pacts.first?.consumer == "ExampleConsumer")
        let interactions = report.interactions
        #expect(interactions.count == 5)
        #expect(interactions.allSatisfy { $0.passed && !$0.checks.isEmpty })
        let book42 = try #require(interactions.first { $0.description == "a request for book 42" })
        #expect(book42.checks.map(\.text).contains("has status code 200"))
        #expect(book42.checks.map(\.text).contains("has a matching body"))
        #expect(book42.requestLine == "GET http://127.0.0.1:\(provider.port)/books/42")
        // The state-change endpoint was called for set-up and teardown of every interaction.
        #expect(provider.log.components(separatedBy: "POST /_pact/provider-states").count - 1 == 10)
    }

    @Test func aBrokenProviderFailsWithTheFieldAndTheReason() async throws {
        let provider = try await ExampleProviderProcess(arguments: ["--price-as-text"])
        defer { provider.stop() }
        let report = try await Self.verifier(for: provider).verify([.file(Self.contract.path)])
        #expect(!report.success)
        let failed = report.interactions.filter { !$0.passed }
        #expect(Set(failed.map(\.description)) == ["a request for book 42", "a request for the books of an author"])
        let book42 = try #require(failed.first { $0.description == "a request for book 42" })
        let failure = try #require(book42.failures.first)
        #expect(failure.kind == .bodyMismatch)
        let mismatch = try #require(failure.mismatches.first)
        #expect(mismatch.path == "$.price")
        #expect(mismatch.message.contains("number"), "\(mismatch.message)")
        let summary = ConsoleReport(colour: false).summary(for: report)
        #expect(summary.contains("$.price"))
        #expect(summary.contains("Body had differences"))
        #expect(summary.contains("5 interactions in 1 pact: 3 passed, 2 failed"))
    }

    @Test func exitOnFirstErrorStopsAtTheFirstFailure() async throws {
        let provider = try await ExampleProviderProcess(arguments: ["--price-as-text"])
        defer { provider.stop() }
        var verifier = Self.verifier(for: provider)
        verifier.configuration.exitOnFirstError = true
        let report = try await verifier.verify([.file(Self.contract.path)])
        #expect(report.stoppedEarly)
        #expect(report.interactions.last?.passed == false)
        #expect(report.interactions.filter { !$0.passed }.count == 1)
    }

    @Test func filtersSelectInteractionsByDescriptionAndState() async throws {
        let provider = try await ExampleProviderProcess()
        defer { provider.stop() }
        var verifier = Self.verifier(for: provider)
        verifier.configuration.filter = InteractionFilter(description: "^a request for book 42$")
        var report = try await verifier.verify([.file(Self.contract.path)])
        #expect(report.interactions.map(\.description) == ["a request for book 42"])
        verifier.configuration.filter = InteractionFilter(providerState: "no books")
        report = try await verifier.verify([.file(Self.contract.path)])
        #expect(
            report.interactions.map(\.description).sorted() == [
                "a request for a book that does not exist", "a request to add a book",
            ]
        )
        verifier.configuration.filter = InteractionFilter(consumers: ["SomeoneElse"])
        report = try await verifier.verify([.file(Self.contract.path)])
        #expect(report.interactions.isEmpty)
        verifier.configuration.filter = InteractionFilter(description: "(unclosed")
        let error = await #expect(throws: VerifierError.self) { try await verifier.verify([.file(Self.contract.path)]) }
        #expect(error?.description.contains("'(unclosed' is not a valid regular expression") == true)
    }

    @Test func aProviderThatIsNotRunningIsAnErrorNotAFailure() async throws {
        let port = try LoopbackPort.unused()
        let verifier = ProviderVerifier(
            configuration: .init(providerName: "ExampleProvider", target: ProviderTarget(host: "127.0.0.1", port: port))
        )
        let error = await #expect(throws: VerifierError.self) { try await verifier.verify([.file(Self.contract.path)]) }
        #expect(error?.code == .providerUnreachable)
        #expect(error?.description.contains("http://127.0.0.1:\(port)/ cannot be reached") == true)
    }

    @Test func unreadableContractsAreNamed() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verifier-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let broken = directory.appendingPathComponent("broken.json")
        try Data(#"{"consumer": {"name": "A"}, "provider": {"name": "B"}, "interactions": [ "#.utf8).write(to: broken)
        let verifier = ProviderVerifier(configuration: .init(providerName: "B"))
        let error = await #expect(throws: VerifierError.self) { try await verifier.verify([.file(broken.path)]) }
        #expect(error?.code == .unreadableContract)
        #expect(error?.description.contains("broken.json") == true)
        let empty = directory.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let noPacts = await #expect(throws: VerifierError.self) { try await verifier.verify([.directory(empty.path)]) }
        #expect(noPacts?.code == .noPacts)
        #expect(noPacts?.description.contains("has no *.json pact files") == true)
    }
}

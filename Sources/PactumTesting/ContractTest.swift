import Foundation
import PactumCore
import PactumMock
import Testing

/// Who the contract is between, where it is written and in which version.
public struct ContractConfiguration: Sendable {
    public var consumer: String
    public var provider: String
    /// The folder for contract files. Unless one is given, ``ContractFile/defaultDirectory`` when the contract is
    /// written: the folder of an enclosing ``ContractFile/scopedDirectory`` scope, else `PACTUM_CONTRACTS_DIR`, else
    /// `./contracts`.
    public var directory: URL {
        get { explicitDirectory ?? ContractFile.defaultDirectory }
        set { explicitDirectory = newValue }
    }
    private var explicitDirectory: URL?
    /// The Pact specification version to write (default V4).
    public var specification: PactSpecification
    /// Whether the mock server answers CORS pre-flight requests (for browser-style clients).
    public var cors: Bool

    public init(
        consumer: String,
        provider: String,
        directory: URL? = nil,
        specification: PactSpecification = .v4,
        cors: Bool = false
    ) {
        self.consumer = consumer
        self.provider = provider
        self.explicitDirectory = directory
        self.specification = specification
        self.cors = cors
    }

    /// The configuration set by the enclosing `.pact(consumer:provider:)` trait, if any.
    @TaskLocal public static var current: ContractConfiguration?

    /// The explicit configuration, else the trait's; an error that says what to add when there is neither.
    static func resolve(_ explicit: ContractConfiguration?) throws -> ContractConfiguration {
        guard let configuration = explicit ?? current else {
            throw ContractTestError(
                description:
                    "No consumer and provider: add the .pact(consumer:provider:) trait to the test or suite, or pass a ContractConfiguration"
            )
        }
        return configuration
    }
}

/// A contract-test failure that is not a mismatch: no configuration, a contract that cannot be written.
public struct ContractTestError: Error, CustomStringConvertible {
    public var description: String
}

/// Runs the consumer's code against a mock of the provider and records the interactions as a contract.
///
/// The mock server answers the interactions; `body` gets it (use `mockServer.url` as the client's base URL).
/// Afterwards every mismatched, unexpected or missing request fails the test at the caller, with an
/// expected/actual report — also when `body` throws (a client that throws on the mock's 500 is the usual case):
/// the report is recorded and the error rethrown. When everything matched, the interactions are merged into
/// `contracts/Consumer-Provider.json`. A test that fails (or whose body throws) writes nothing.
///
/// Before the mock starts, every example is checked against its own matchers: an example its matcher refuses
/// fails the test at the line that built it, because a provider returning that example would fail verification.
@discardableResult
public func withPact<Result>(
    _ configuration: ContractConfiguration? = nil,
    interactions: [PactInteraction],
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (MockServer) async throws -> Result
) async throws -> Result {
    let configuration = try ContractConfiguration.resolve(configuration)
    let invalid = ContractCheck.reportBuildProblems(interactions, fallback: sourceLocation)
    let contract = interactions.map(\.interaction)
    let server = try await MockServer.start(
        interactions: contract,
        configuration: MockServer.Configuration(cors: configuration.cors)
    )
    let result: Result
    do {
        result = try await body(server)
    } catch {
        await server.shutdown()
        // The mock's view usually explains the error (the client threw on a 500 answered to a request that did not
        // match): report it beside the error, not instead of it.
        ContractCheck.reportMismatches(server.results, configuration: configuration, sourceLocation: sourceLocation)
        throw error
    }
    await server.shutdown()
    guard ContractCheck.reportMismatches(server.results, configuration: configuration, sourceLocation: sourceLocation),
        !invalid
    else { return result }
    let written = try ContractFile.mergeReturningText(
        contract,
        consumer: configuration.consumer,
        provider: configuration.provider,
        specification: configuration.specification,
        directory: configuration.directory
    )
    Attachment.record(written.text, named: written.url.lastPathComponent, sourceLocation: sourceLocation)
    return result
}

/// The checks a contract test runs before and after the consumer's code.
enum ContractCheck {
    /// Records an issue for every value that could not be built and every example its own matcher refuses, at the
    /// line that built it; true when there were any (the contract is then not written).
    static func reportBuildProblems(_ built: [some BuiltInteraction], fallback: SourceLocation) -> Bool {
        var found = false
        for item in built {
            let interaction = item.interaction
            let problems =
                item.buildProblems.map {
                    BuildProblem(
                        side: $0.side,
                        text: "'\(interaction.description)' could not be built: \($0.text)",
                        sourceLocation: $0.sourceLocation
                    )
                } + ExampleCheck.problems(in: interaction, locations: item.locations, fallback: fallback)
            for problem in problems {
                found = true
                Issue.record(Comment(rawValue: problem.text), sourceLocation: problem.sourceLocation)
            }
        }
        return found
    }

    /// Records the mock server's report when a request did not fit the contract; true when everything matched.
    @discardableResult
    static func reportMismatches(
        _ results: MockServerResults,
        configuration: ContractConfiguration,
        sourceLocation: SourceLocation
    ) -> Bool {
        guard !results.allMatched else { return true }
        let report = ContractReport.text(for: results, configuration: configuration)
        Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
        Attachment.record(report, named: "pact-mismatches.txt", sourceLocation: sourceLocation)
        return false
    }
}

/// The failure report of a contract test: what the mock server saw that did not fit the contract.
enum ContractReport {
    static func text(for results: MockServerResults, configuration: ContractConfiguration) -> String {
        var lines = [
            "The \(configuration.consumer) → \(configuration.provider) contract was not met (\(results.problems.count) problem\(results.problems.count == 1 ? "" : "s")); nothing was written:"
        ]
        for problem in results.problems {
            lines.append("• " + problem.replacingOccurrences(of: "\n", with: "\n  "))
        }
        return lines.joined(separator: "\n")
    }
}

/// A trait that names the consumer and provider of the contract tests in a test or suite:
///
/// ```swift
/// @Suite(.pact(consumer: "ExampleConsumer", provider: "ExampleProvider"))
/// struct BookshelfContractTests { … }
/// ```
public struct PactTrait: TestTrait, SuiteTrait, TestScoping {
    public var configuration: ContractConfiguration

    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        try await ContractConfiguration.$current.withValue(configuration) {
            try await function()
        }
    }
}

extension Trait where Self == PactTrait {
    /// Contract tests in this test or suite are between `consumer` and `provider`.
    public static func pact(
        consumer: String,
        provider: String,
        specification: PactSpecification = .v4,
        directory: URL? = nil
    ) -> PactTrait {
        PactTrait(
            configuration: ContractConfiguration(
                consumer: consumer,
                provider: provider,
                directory: directory,
                specification: specification
            )
        )
    }
}

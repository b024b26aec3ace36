import Foundation
import PactumTesting
import Testing

/// The code samples of the README and the DocC catalogs, compiled and run as tests. `DocumentationSampleTests`
/// checks that every Swift block of the documentation is one of these samples, line for line, so a sample that
/// stops compiling fails the build and one that drifts from the docs fails the tests.
///
/// Lines marked `// doc: hidden` are left out of that comparison: they put the samples into this suite, whose trait
/// writes their contracts into a scratch folder instead of the repository's `contracts/`.
@Suite(.scratchContracts)
struct DocumentationSamples {}

/// Scopes ``ContractFile/scopedDirectory`` to a new temporary folder for a suite's tests.
struct ScratchContractsTrait: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pactum-doc-samples-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        try await ContractFile.$scopedDirectory.withValue(directory) { try await function() }
    }
}

extension Trait where Self == ScratchContractsTrait {
    static var scratchContracts: Self { ScratchContractsTrait() }
}

import Foundation
import PactumCore
import PactumTestSupport
import PactumTesting
import Testing

/// `contracts/TodoApp-TodoAPI.json`, the contract the provider article verifies (PactumVerifierTests'
/// `TodoAPIContractTests`), is exactly what the consumer's Getting Started sample writes: the two halves of the docs
/// tell one story. After changing the sample: `PACTUM_RECORD_EXAMPLE_CONTRACT=1 swift test --filter
/// TodoContractFileTests`, and commit the file.
@Suite("Documentation: the provider article's contract is the Getting Started sample's")
struct TodoContractFileTests {
    @Test("contracts/TodoApp-TodoAPI.json is what the Getting Started sample writes")
    func contractIsTheSamples() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pactum-todo-contract-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        try await ContractFile.$scopedDirectory.withValue(directory) {
            try await ContractConfiguration.$current.withValue(
                ContractConfiguration(consumer: "TodoApp", provider: "TodoAPI")
            ) {
                let sample = DocumentationSamples.TodoContractTests()
                try await sample.fetchesTodo()
                try await sample.missingTodo()
            }
        }
        let written = try Data(
            contentsOf: ContractFile.url(consumer: "TodoApp", provider: "TodoAPI", directory: directory)
        )
        let committed = SharedData.repositoryRoot.appendingPathComponent("contracts/TodoApp-TodoAPI.json")
        if ProcessInfo.processInfo.environment["PACTUM_RECORD_EXAMPLE_CONTRACT"] == "1" {
            try written.write(to: committed, options: .atomic)
        }
        #expect(try Pact(data: written).interactions.count == 2)
        #expect(
            written == (try Data(contentsOf: committed)),
            "contracts/TodoApp-TodoAPI.json differs from what the Getting Started sample writes; record it with PACTUM_RECORD_EXAMPLE_CONTRACT=1 swift test --filter TodoContractFileTests"
        )
    }
}

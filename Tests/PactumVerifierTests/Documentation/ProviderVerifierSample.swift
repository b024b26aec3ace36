// The README's provider-side sample, compiled with the tests. It needs the provider running on 127.0.0.1:8080, so
// `honours` is not a test here: the `// doc:` line shows the attribute the README has, and
// `providerSampleArguments` compiles the same expression. `DocumentationSampleTests` keeps the README equal to this
// file.
import PactumCore  // doc: hidden
import PactumVerifier
import Testing

private func seedBook(id: Int) async throws {}  // doc: hidden
let providerSampleArguments = try? ProviderVerifier.interactions(  // doc: hidden
    inFiles: ["contracts"],  // doc: hidden
    provider: "ExampleProvider"  // doc: hidden
)  // doc: hidden

let verifier = ProviderVerifier(
    configuration: .init(
        providerName: "ExampleProvider",
        target: ProviderTarget(host: "127.0.0.1", port: 8080),
        providerStates: .handlers([
            "a book with id 42 exists": { change in
                try await seedBook(id: 42)
                return [:]
            }
        ]),
        messages: .producers(["a book was added": { _ in .json(["id": 42]) }])
    )
)

// One provider and store for every case: run them one at a time.
// doc: @Test(.serialized, arguments: try ProviderVerifier.interactions(inFiles: ["contracts"], provider: "ExampleProvider"))
func honours(_ interaction: VerifiableInteraction) async throws {
    let result = try await verifier.verify(interaction)
    #expect(result.passed, Comment(rawValue: result.report))
}

import Foundation
import PactumCore
import PactumMock
import PactumTestSupport
import PactumTesting

/// The state one scenario builds up, step by step. A fresh world is made for every scenario.
final class ScenarioWorld {
    /// The specification version of the feature (`V1` … `V4` folder), which decides the pact file format.
    let specification: PactSpecification
    let fixtures: Fixtures
    /// A directory of this scenario's own, removed when the scenario ends.
    let outputDirectory: URL

    // MARK: HTTP consumer (mock server)

    /// The interactions of the Background table, in row order.
    var definedInteractions: [Interaction] = []
    var mockServer: MockServer?
    /// The consumer test (`withPact`) whose mock server `mockServer` is, while it runs.
    var consumerTestRun: HTTPConsumerTestRun?
    var mockServerInteractions: [Interaction] = []
    var response: LoopbackHTTPClient.Response?
    var mockServerResults: MockServerResults?
    /// The pact file written when the pact test was done (nil when none was written).
    var pactFile: URL?
    var pact: Pact?

    // MARK: Consumer test definitions (V3/V4 pact generation)

    /// Interactions being defined by the test, in definition order.
    var interactions: [Interaction] = []
    /// The JSON of the generated pact file.
    var pactJSON: JSONValue?

    // MARK: Matching

    var expectedRequest = HTTPRequest(method: "GET", path: "/")
    var receivedRequests: [HTTPRequest] = []
    var requestMismatches: [[Mismatch]] = []
    var expectedResponse = HTTPResponse()
    var receivedResponses: [HTTPResponse] = []
    var responseMismatches: [[Mismatch]] = []

    // MARK: Generators

    var generatorMode = GeneratorMode.provider
    var generatorRequest: HTTPRequest?
    var generatorResponse: HTTPResponse?
    var originalBody: Body = .missing
    var generatedRequest: HTTPRequest?
    var generatedResponse: HTTPResponse?
    var generatedBody: Body = .missing

    // MARK: Messages

    /// The message interactions as the consumer test received them (generators applied).
    var receivedMessages: [Interaction] = []
    var consumerTestError: String?
    var consumerTestRan = false

    // MARK: Provider verification

    let provider = ProviderWorld()

    init(specification: PactSpecification, fixtures: Fixtures) {
        self.specification = specification
        self.fixtures = fixtures
        outputDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pactum-compatibility-\(UUID().uuidString)")
    }

    /// The version pact files are written in: Pactum writes V2 and later, so V1 features get V2 files.
    var writtenSpecification: PactSpecification { max(specification, .v2) }

    /// A generator context with a fixed seed, so a failure can be reproduced.
    func generatorContext() -> GeneratorContext {
        GeneratorContext(random: SeededRandomNumberGenerator(seed: 20_240_717))
    }

    /// The last interaction being defined, which must be of the given kind.
    func lastInteraction(where isKind: (Interaction.Kind) -> Bool, named kind: String) throws(StepFailure) -> Int {
        guard let index = interactions.lastIndex(where: { isKind($0.kind) }) else {
            throw StepFailure("no \(kind) interaction is being defined")
        }
        return index
    }

    /// Shuts down what the scenario started and removes its files.
    func tearDown() async {
        if let consumerTestRun {
            _ = await consumerTestRun.finishTest()
            self.consumerTestRun = nil
            mockServer = nil
        }
        if let mockServer {
            await mockServer.shutdown()
            self.mockServer = nil
        }
        await provider.tearDown()
        try? FileManager.default.removeItem(at: outputDirectory)
    }

    /// Reads the pact a consumer test (`withPact`, `withPactMessages`) wrote into the scenario directory, if it wrote
    /// one: `pactFile` is where it goes, `pact` what is there.
    func observePact(consumer: String, provider: String) throws {
        let file = ContractFile.url(consumer: consumer, provider: provider, directory: outputDirectory)
        pactFile = file
        pact = FileManager.default.fileExists(atPath: file.path) ? try Pact(contentsOf: file) : nil
    }

    /// Writes the test's pact (consumer/provider names of the suite) into the scenario directory and reads it back.
    func writePact(_ interactions: [Interaction], consumer: String, provider: String) throws -> Pact {
        let pact = Pact(
            consumer: consumer,
            provider: provider,
            interactions: interactions,
            specification: writtenSpecification
        )
        let file = outputDirectory.appendingPathComponent("\(consumer)-\(provider).json")
        try pact.write(to: file, specification: writtenSpecification)
        pactFile = file
        let written = try Pact(contentsOf: file)
        self.pact = written
        return written
    }
}

import Foundation
import PactumCore
import PactumTestSupport
import PactumTesting
import Testing

@Suite("withPact: mock server, failure reports, contract files")
struct ContractTestTests {
    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("pactum-contracts-\(UUID().uuidString)")
    }

    static let book = PactInteraction("a request for book 42")
        .given("a book with id 42 exists", ["id": 42])
        .withRequest("GET", "/books/42", headers: ["Accept": "application/json"])
        .willRespondWith(status: 200, body: ["id": .integer(42), "title": .like("Dune")])

    @Test("a passing test writes the contract; a second test merges into it")
    func writesAndMerges() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = ContractConfiguration(consumer: "Web", provider: "Books", directory: directory)
        let status = try await withPact(configuration, interactions: [Self.book]) { server in
            try LoopbackHTTPClient.send(
                method: "GET",
                port: server.port,
                target: "/books/42",
                headers: [("Accept", "application/json")]
            ).status
        }
        #expect(status == 200)
        let missing = PactInteraction("a request for a missing book")
            .withRequest("GET", "/books/1")
            .willRespondWith(status: 404)
        try await withPact(configuration, interactions: [missing]) { server in
            _ = try LoopbackHTTPClient.send(method: "GET", port: server.port, target: "/books/1")
        }
        let pact = try Pact(contentsOf: ContractFile.url(consumer: "Web", provider: "Books", directory: directory))
        #expect(pact.specification == .v4)
        #expect(
            pact.interactions.map(\.description).sorted() == ["a request for a missing book", "a request for book 42"]
        )
    }

    @Test("a failing test fails at the caller with a readable report and writes nothing")
    func failureReport() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = ContractConfiguration(consumer: "Web", provider: "Books", directory: directory)
        let expected = """
            The Web → Books contract was not met (2 problems); nothing was written:
            • GET /books/42 did not match 'a request for book 42':
                - request header Accept: Expected header 'Accept' to have the value 'application/json' but received 'text/html'
                    expected: application/json
                    actual:   text/html
            • Unexpected request GET /authors: no interaction expects it
            """
        try await withKnownIssue {
            try await withPact(configuration, interactions: [Self.book]) { server in
                _ = try LoopbackHTTPClient.send(
                    method: "GET",
                    port: server.port,
                    target: "/books/42",
                    headers: [("Accept", "text/html")]
                )
                _ = try LoopbackHTTPClient.send(method: "GET", port: server.port, target: "/authors")
            }
        } matching: { issue in
            issue.comments.map(\.rawValue) == [expected]
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }

    @Test("an interaction the code never called fails the test")
    func missingInteraction() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = ContractConfiguration(consumer: "Web", provider: "Books", directory: directory)
        try await withKnownIssue {
            try await withPact(configuration, interactions: [Self.book]) { _ in }
        } matching: { issue in
            issue.comments.first?.rawValue.hasSuffix(
                "• Interaction 'a request for book 42' was never called: expected GET /books/42"
            ) == true
        }
    }

    @Test("parallel tests merge into one file without losing interactions")
    func parallelMerges() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<24 {
                group.addTask {
                    let interaction = PactInteraction("request \(index)").withRequest("GET", "/items/\(index)")
                        .willRespondWith(status: 200)
                    try ContractFile.merge(
                        [interaction.interaction],
                        consumer: "Web",
                        provider: "Items",
                        directory: directory
                    )
                }
            }
            try await group.waitForAll()
        }
        let pact = try Pact(contentsOf: ContractFile.url(consumer: "Web", provider: "Items", directory: directory))
        #expect(pact.interactions.count == 24)
    }

    @Test("a merge replaces the interaction with the same description and states, and keeps the others")
    func mergeReplaces() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = PactInteraction("a").given("s").withRequest("GET", "/a").willRespondWith(status: 200)
        let other = PactInteraction("b").withRequest("GET", "/b").willRespondWith(status: 200)
        let changed = PactInteraction("a").given("s").withRequest("GET", "/a").willRespondWith(status: 201)
        let otherState = PactInteraction("a").given("t").withRequest("GET", "/a").willRespondWith(status: 202)
        for batch in [[first, other], [changed], [otherState]] {
            try ContractFile.merge(batch.map(\.interaction), consumer: "C", provider: "P", directory: directory)
        }
        let pact = try Pact(contentsOf: ContractFile.url(consumer: "C", provider: "P", directory: directory))
        let statuses = pact.interactions.compactMap { interaction -> String? in
            guard case .http(_, let response) = interaction.kind else { return nil }
            return "\(interaction.description)/\(interaction.providerStates.map(\.name).joined()):\(response.status)"
        }
        #expect(statuses.sorted() == ["a/s:201", "a/t:202", "b/:200"])
    }

    @Test("an unreadable existing contract file is an error naming the file, and is left alone")
    func corruptExistingFile() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = ContractFile.url(consumer: "C", provider: "P", directory: directory)
        try Data("{ not json".utf8).write(to: file)
        do {
            try ContractFile.merge([Self.book.interaction], consumer: "C", provider: "P", directory: directory)
            Issue.record("merging into a corrupt file must fail")
        } catch {
            #expect(error.description.hasPrefix("\(file.path): the contract is not valid JSON"))
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "{ not json")
    }

    @Test("without the trait or a configuration, withPact says what to add")
    func missingConfiguration() async throws {
        do {
            try await withPact(interactions: [Self.book]) { _ in }
            Issue.record("withPact must fail without a consumer and provider")
        } catch let error as ContractTestError {
            #expect(
                error.description
                    == "No consumer and provider: add the .pact(consumer:provider:) trait to the test or suite, or pass a ContractConfiguration"
            )
        }
    }

    @Test("the trait supplies the consumer and provider", .pact(consumer: "TraitConsumer", provider: "TraitProvider"))
    func traitConfiguration() async throws {
        #expect(ContractConfiguration.current?.consumer == "TraitConsumer")
        #expect(ContractConfiguration.current?.provider == "TraitProvider")
    }

    @Test("a message handler that throws fails the test; one that succeeds records the message")
    func messages() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = ContractConfiguration(consumer: "Web", provider: "Events", directory: directory)
        let added = PactMessage("a book was added")
            .withContent(["id": .integer(42), "title": .like("Dune")])
            .withMetadata(["topic": "books"])
        struct Book: Decodable { let id: Int }
        try await withPactMessages([added], configuration: configuration) { message in
            let book = try message.decode(Book.self)
            #expect(book.id == 42)
            #expect(message.metadata["topic"] == "books")
        }
        #expect(
            try Pact(contentsOf: ContractFile.url(consumer: "Web", provider: "Events", directory: directory))
                .interactions.count == 1
        )

        struct Refused: Error {}
        try await withKnownIssue {
            try await withPactMessages([PactMessage("bad").withContent(["x": 1])], configuration: configuration) { _ in
                throw Refused()
            }
        } matching: { issue in
            issue.comments.first?.rawValue.hasPrefix("The consumer could not handle the message 'bad'") == true
        }
    }
}

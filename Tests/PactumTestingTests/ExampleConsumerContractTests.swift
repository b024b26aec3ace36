import ExampleConsumer
import Foundation
import PactumTestSupport
import PactumTesting
import Testing

/// The example consumer's contract tests: the real `BookshelfClient` against a mock of the bookshelf
/// provider. Run as tests they write into a scratch folder (other tests read the committed
/// `contracts/ExampleConsumer-ExampleProvider.json` at the same time); `ExampleContractVerificationTests` checks that
/// what they write is byte for byte the committed file.
@Suite(.pact(consumer: "ExampleConsumer", provider: "ExampleProvider"), .scratchContracts)
struct ExampleConsumerContractTests {
    static let book: PactValue = [
        "id": .integer(42),
        "title": .like("The Left Hand of Darkness"),
        "author": .like("Ursula K. Le Guin"),
        "isbn": .regex("97[89]-[0-9-]{13}", example: "978-0-441-47812-5"),
        "published": .date(format: "yyyy-MM-dd", example: "1969-03-01"),
        "tags": .eachLike("science fiction"),
        "price": .decimal(9.99),
    ]

    @Test("fetches a book by id")
    func fetchesBook() async throws {
        let interaction = PactInteraction("a request for book 42")
            .given("a book with id 42 exists", ["id": 42])
            .withRequest("GET", "/books/42", headers: ["Accept": "application/json"])
            .willRespondWith(status: 200, body: Self.book)
        try await withPact(interactions: [interaction]) { mock in
            let book = try await BookshelfClient(baseURL: mock.url).book(id: 42)
            #expect(book.id == 42)
            #expect(book.author == "Ursula K. Le Guin")
        }
    }

    @Test("reports a missing book as BookNotFound")
    func missingBook() async throws {
        let interaction = PactInteraction("a request for a book that does not exist")
            .given("no books exist")
            .withRequest("GET", "/books/7", headers: ["Accept": "application/json"])
            .willRespondWith(status: 404, body: ["error": .like("No book with id 7")])
        try await withPact(interactions: [interaction]) { mock in
            await #expect(throws: BookNotFound.self) {
                _ = try await BookshelfClient(baseURL: mock.url).book(id: 7)
            }
        }
    }

    @Test("lists the books of an author")
    func booksByAuthor() async throws {
        let interaction = PactInteraction("a request for the books of an author")
            .given("books by Ursula K. Le Guin exist", ["author": "Ursula K. Le Guin"])
            .withRequest(
                "GET",
                "/books",
                query: ["author": "Ursula K. Le Guin"],
                headers: ["Accept": "application/json"]
            )
            .willRespondWith(status: 200, body: .eachLike(Self.book, min: 1))
        try await withPact(interactions: [interaction]) { mock in
            let books = try await BookshelfClient(baseURL: mock.url).books(byAuthor: "Ursula K. Le Guin")
            #expect(!books.isEmpty)
        }
    }

    @Test("adds a book")
    func addsBook() async throws {
        let interaction = PactInteraction("a request to add a book")
            .given("no books exist")
            .withRequest(
                "POST",
                "/books",
                headers: ["Accept": "application/json"],
                body: [
                    "title": .like("The Dispossessed"),
                    "author": .like("Ursula K. Le Guin"),
                    "isbn": .like("978-0-06-051275-4"),
                    "published": .date(format: "yyyy-MM-dd", example: "1974-05-01"),
                    "tags": .eachLike("utopia"),
                    "price": .decimal(12.5),
                ]
            )
            .willRespondWith(
                status: 201,
                headers: ["Location": .regex("/books/\\d+", example: "/books/1")],
                body: [
                    "id": .integer(1),
                    "title": .like("The Dispossessed"),
                    "author": .like("Ursula K. Le Guin"),
                    "isbn": .like("978-0-06-051275-4"),
                    "published": .date(format: "yyyy-MM-dd", example: "1974-05-01"),
                    "tags": .eachLike("utopia"),
                    "price": .decimal(12.5),
                ]
            )
        try await withPact(interactions: [interaction]) { mock in
            let added = try await BookshelfClient(baseURL: mock.url).addBook(
                NewBook(
                    title: "The Dispossessed",
                    author: "Ursula K. Le Guin",
                    isbn: "978-0-06-051275-4",
                    published: "1974-05-01",
                    tags: ["utopia"],
                    price: 12.5
                )
            )
            #expect(added.title == "The Dispossessed")
        }
    }

    @Test("deletes a book")
    func deletesBook() async throws {
        let interaction = PactInteraction("a request to delete book 42")
            .given("a book with id 42 exists", ["id": 42])
            .withRequest("DELETE", "/books/42", headers: ["Accept": "application/json"])
            .willRespondWith(status: 204)
        try await withPact(interactions: [interaction]) { mock in
            try await BookshelfClient(baseURL: mock.url).deleteBook(id: 42)
        }
    }
}

/// The example consumer's contract verifies with the official Pact verifier against the real example
/// provider. The test writes the contract afresh (running the consumer tests above into a temporary
/// folder), so it does not depend on test order.
@Suite("Example contract verified by the official pact verifier")
struct ExampleContractVerificationTests {
    @Test("the example consumer's contract verifies against ExampleProvider with pact verifier")
    func officialVerifierAcceptsTheContract() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pactum-example-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = ContractConfiguration(
            consumer: "ExampleConsumer",
            provider: "ExampleProvider",
            directory: directory
        )
        try await ContractConfiguration.$current.withValue(configuration) {
            let tests = ExampleConsumerContractTests()
            try await tests.fetchesBook()
            try await tests.missingBook()
            try await tests.booksByAuthor()
            try await tests.addsBook()
            try await tests.deletesBook()
        }
        let file = ContractFile.url(consumer: "ExampleConsumer", provider: "ExampleProvider", directory: directory)
        #expect(try Pact(contentsOf: file).interactions.count == 5)

        // The committed contract (read by the verifier, stub and broker tests) is exactly what the tests write.
        // After changing the example consumer's tests: PACTUM_RECORD_EXAMPLE_CONTRACT=1 swift test --filter
        // ExampleContractVerificationTests, and commit the file.
        let written = try Data(contentsOf: file)
        if ProcessInfo.processInfo.environment["PACTUM_RECORD_EXAMPLE_CONTRACT"] == "1" {
            try written.write(to: ExampleContract.url, options: .atomic)
        }
        #expect(
            written == (try Data(contentsOf: ExampleContract.url)),
            "contracts/ExampleConsumer-ExampleProvider.json differs from what the example consumer's tests write; record it with PACTUM_RECORD_EXAMPLE_CONTRACT=1 swift test --filter ExampleContractVerificationTests"
        )

        let provider = try await ExampleProviderProcess()
        defer { provider.stop() }
        let result = try await PactCLI.verify(
            pactFile: file,
            providerPort: provider.port,
            stateChangeURL: provider.stateChangeURL
        )
        #expect(result.passed, "\(result.output)\n--- provider log ---\n\(provider.log)")
    }
}

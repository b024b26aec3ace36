import Foundation
import PactumCore
import PactumMock
import PactumTestSupport
import Testing

@testable import PactumTesting

/// What a newcomer writes first, from the README and the DocC catalog: each test holds one thing that went wrong in a
/// trial by a new user (issue #13) and would have caught it.
@Suite("The consumer DSL as a newcomer writes it")
struct FirstHourTests {
    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("pactum-first-hour-\(UUID().uuidString)")
    }

    struct Todo: Codable, Sendable {
        var id: Int
        var title: String
        var done: Bool
        var due: Date
        var tags: [String]
    }

    // MARK: Variables as examples

    @Test("every matcher that takes an example takes variables of the natural Swift types")
    func variablesAsExamples() throws {
        let title = "Write the contract"
        let count = 3
        let wide: Int64 = 1 << 40
        let price = 9.99
        let exact = Decimal(string: "12.50")!
        let done = false
        let tags = ["work", "urgent"]
        let labels: [String: String] = ["colour": "red"]
        let note: String? = nil
        let existing: PactValue = .integer(7)
        let body: PactValue = [
            "title": .like(title),
            "count": .integer(count),
            "wide": .integer(wide),
            "price": .decimal(price),
            "exact": .decimal(exact),
            "anyNumber": .number(count),
            "done": .like(done),
            "tags": .eachLike(tags[0], min: 2),
            "allTags": .like(tags),
            "labels": .like(labels),
            "note": .like(note),
            "existing": .like(existing),
            "least": .atLeast(1, like: title),
            "most": .atMost(3, like: count),
            "same": .equal(to: title),
            "filled": .notEmpty(tags),
            "keys": .eachKey(labels, matching: .regex("[a-z]+")),
            "values": .eachValue(labels, matching: .type),
            "contains": .arrayContaining(tags),
            "fromState": .fromProviderState("${title}", example: title),
            "plain": PactValue(title),
        ]
        let compiled = body.compile()
        #expect(compiled.problems.isEmpty)
        let example = try #require(compiled.example.objectValue)
        #expect(example["title"] == .string(title))
        #expect(example["wide"] == .integer(1 << 40))
        #expect(example["price"] == .decimal(9.99))
        #expect(example["exact"] == .decimal(12.5))
        #expect(example["tags"] == .array([.string("work"), .string("work")]))
        #expect(example["allTags"] == .array([.string("work"), .string("urgent")]))
        #expect(example["labels"] == .object(["colour": .string("red")]))
        #expect(example["note"] == .null)
        #expect(example["existing"] == .integer(7))
        #expect(example["plain"] == .string(title))
        #expect(compiled.rules["$.title"] == RuleList([.type], logic: .and))
        #expect(compiled.rules["$.exact"] == RuleList([.decimal], logic: .and))
        #expect(compiled.rules["$.tags"] == RuleList([.type(min: 2, max: nil)], logic: .and))
        #expect(compiled.rules["$.same"] == RuleList([.equality], logic: .and))
    }

    @Test("literals still pick the PactValue forms: nested matchers inside a literal example")
    func literalsStillWork() {
        let compiled = PactValue.like(["id": .integer(1), "tags": .eachLike("a")]).compile()
        #expect(compiled.example == .object(["id": .integer(1), "tags": .array([.string("a")])]))
        #expect(compiled.rules["$.id"] == RuleList([.integer], logic: .and))
        #expect(PactValue.decimal(9.99).compile().example == .decimal(9.99))
    }

    // MARK: Codable examples

    @Test("a body from an Encodable sample, with the encoder's strategies and per-field overrides")
    func codableExamples() throws {
        let sample = Todo(
            id: 1,
            title: "Buy milk",
            done: false,
            due: Date(timeIntervalSince1970: 1_714_557_600),
            tags: ["home"]
        )
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let compiled = PactValue.like(
            encoding: sample,
            encoder: encoder,
            overriding: ["due": .datetime(example: "2024-05-01T10:00:00Z")]
        ).compile()
        #expect(compiled.problems.isEmpty)
        #expect(
            compiled.example
                == .object([
                    "id": .integer(1), "title": .string("Buy milk"), "done": .bool(false),
                    "due": .string("2024-05-01T10:00:00Z"), "tags": .array([.string("home")]),
                ])
        )
        #expect(compiled.rules["$"] == RuleList([.type], logic: .and))
        #expect(compiled.rules["$.due"] == RuleList([.timestamp(format: "yyyy-MM-dd'T'HH:mm:ssXXX")], logic: .and))

        let unknownField = PactValue.like(encoding: sample, overriding: ["dueDate": .like("x")]).compile()
        #expect(unknownField.problems.count == 1)
        #expect(unknownField.problems.first?.contains("encodes no field 'dueDate' to override") == true)
    }

    @Test("a value that cannot be encoded fails the contract test at the line that built it, naming the error")
    func unencodableExample() async throws {
        struct Broken: Encodable {
            func encode(to encoder: any Encoder) throws {
                throw EncodingError.invalidValue(
                    Double.nan,
                    EncodingError.Context(codingPath: [], debugDescription: "NaN is not JSON")
                )
            }
        }
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = ContractConfiguration(consumer: "App", provider: "API", directory: directory)
        let line = #line + 3
        let interaction = PactInteraction("a broken sample")
            .withRequest("GET", "/broken")
            .willRespondWith(body: .like(encoding: Broken()))
        try await withKnownIssue {
            try await withPact(configuration, interactions: [interaction]) { mock in
                _ = try await LoopbackHTTPClient.sendAsync(method: "GET", port: mock.port, target: "/broken")
            }
        } matching: { issue in
            let text = issue.comments.map(\.rawValue).joined()
            return text.contains("'a broken sample' could not be built: response body $: Broken could not be encoded")
                && issue.sourceLocation?.line == line
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }

    // MARK: Examples checked against their own matchers

    @Test(
        "a date-time format omitted is read off an ISO 8601 example",
        arguments: [
            ("2024-05-01T10:00:00Z", "yyyy-MM-dd'T'HH:mm:ssXXX"),
            ("2024-05-01T10:00:00.123Z", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"),
            ("2024-05-01T10:00:00.5+02:00", "yyyy-MM-dd'T'HH:mm:ss.SXXX"),
            ("2024-05-01T10:00:00-0500", "yyyy-MM-dd'T'HH:mm:ssXX"),
            ("2024-05-01T10:00:00+01", "yyyy-MM-dd'T'HH:mm:ssX"),
            ("2024-05-01T10:00:00", "yyyy-MM-dd'T'HH:mm:ss"),
            ("2024-05-01T10:00", "yyyy-MM-dd'T'HH:mm"),
            ("2024-05-01 10:00:00", "yyyy-MM-dd HH:mm:ss"),
        ]
    )
    func inferredDateTimeFormats(example: String, format: String) throws {
        #expect(ISO8601Pattern.dateTime(of: example) == format)
        let compiled = PactValue.datetime(example: example).compile()
        #expect(compiled.rules["$"] == RuleList([.timestamp(format: format)], logic: .and))
        // The inferred pattern accepts its own example.
        #expect(try JavaDateTimeFormat(format).matches(example))
    }

    @Test("dates and times infer their formats too; what is not ISO 8601 keeps the default")
    func inferredDateAndTimeFormats() {
        #expect(ISO8601Pattern.date(of: "2024-05-01") == "yyyy-MM-dd")
        #expect(ISO8601Pattern.time(of: "10:00") == "HH:mm")
        #expect(ISO8601Pattern.time(of: "10:00:00.250Z") == "HH:mm:ss.SSSXXX")
        #expect(ISO8601Pattern.dateTime(of: "1 May 2024") == nil)
        #expect(ISO8601Pattern.date(of: "2024-5-1") == nil)
        #expect(
            PactValue.date(example: "01/05/2024").compile().rules["$"]
                == RuleList([.date(format: "yyyy-MM-dd")], logic: .and)
        )
    }

    static let refusedExamples: [(String, PactValue, String)] = [
        (
            "datetime with an explicit format the example does not fit",
            .datetime(format: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", example: "2024-05-01T10:00:00Z"), "$.value"
        ),
        ("date that is not a date", .date(example: "01/05/2024"), "$.value"),
        ("regex the example does not match", .regex("[A-Z]{2}-\\d{4}", example: "bk-42"), "$.value"),
        ("eachLike with fewer copies than its minimum", .eachLike("a", min: 2, count: 1), "$.value"),
        ("includes a substring the example lacks", .includes("milk", example: "Buy bread"), "$.value"),
        ("semver that is not a version", .semver("1.2"), "$.value"),
        ("uuid example that is not a UUID", .uuid("not-a-uuid"), "$.value"),
        ("hexadecimal example with other letters", .hexadecimal("xyz"), "$.value"),
        ("a matcher inside an eachLike item", .eachLike(["sku": .regex("\\d+", example: "A1")]), "$.value[0].sku"),
    ]

    @Test("an example its own matcher refuses fails the test at the line that built it, and nothing is written")
    func refusedExamples() async throws {
        for (name, value, path) in Self.refusedExamples {
            let directory = Self.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let configuration = ContractConfiguration(consumer: "App", provider: "API", directory: directory)
            let line = #line + 3
            let interaction = PactInteraction(name)
                .withRequest("GET", "/value")
                .willRespondWith(body: ["value": value])
            try await withKnownIssue {
                try await withPact(configuration, interactions: [interaction]) { mock in
                    _ = try await LoopbackHTTPClient.sendAsync(method: "GET", port: mock.port, target: "/value")
                }
            } matching: { issue in
                let text = issue.comments.map(\.rawValue).joined()
                let named =
                    text.hasPrefix(
                        "The example in '\(name)' does not satisfy its own matcher at response body \(path): "
                    ) && text.contains("A provider returning exactly this example would fail verification")
                // Reported at the line of willRespondWith, not inside Pactum or at withPact.
                return named && issue.sourceLocation?.line == line
            }
            #expect(!FileManager.default.fileExists(atPath: directory.path), "\(name): nothing is written")
        }
    }

    @Test("request examples are checked too: a path regex the path does not match")
    func refusedRequestExample() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = ContractConfiguration(consumer: "App", provider: "API", directory: directory)
        let interaction = PactInteraction("a todo")
            .withRequest("GET", .regex("/todos/\\d+", example: "/todos/abc"))
            .willRespondWith(status: 200)
        let seen = RecordedTexts()
        try await withKnownIssue {
            try await withPact(configuration, interactions: [interaction]) { mock in
                _ = try await LoopbackHTTPClient.sendAsync(method: "GET", port: mock.port, target: "/todos/abc")
            }
        } matching: { issue in
            seen.append(issue.comments.map(\.rawValue).joined())
            return true
        }
        // The example check names the path; the mock (which applies the same rule) also refuses the request.
        #expect(
            seen.texts.contains {
                $0.hasPrefix("The example in 'a todo' does not satisfy its own matcher at request path: ")
            }
        )
        #expect(seen.texts.contains { $0.contains("Unexpected request GET /todos/abc") })
    }

    // MARK: Reports

    @Test("when the body throws, the mock's report is recorded beside the error, and the error is rethrown")
    func reportWhenBodyThrows() async throws {
        struct ServerError: Error { var status: Int }
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = ContractConfiguration(consumer: "App", provider: "API", directory: directory)
        let interaction = PactInteraction("a request for todos")
            .withRequest("GET", "/todos", headers: ["Accept": "application/json"])
            .willRespondWith(body: .eachLike(["id": .integer(1)]))
        var thrown: (any Error)?
        await withKnownIssue {
            do {
                try await withPact(configuration, interactions: [interaction]) { mock in
                    let response = try await LoopbackHTTPClient.sendAsync(
                        method: "GET",
                        port: mock.port,
                        target: "/todos",
                        headers: [("Accept", "text/html")]
                    )
                    if response.status >= 500 { throw ServerError(status: response.status) }
                }
            } catch {
                thrown = error
            }
        } matching: { issue in
            issue.comments.map(\.rawValue).joined() == """
                The App → API contract was not met (1 problem); nothing was written:
                • GET /todos did not match 'a request for todos':
                    - request header Accept: Expected header 'Accept' to have the value 'application/json' but received 'text/html'
                        expected: application/json
                        actual:   text/html
                """
        }
        #expect((thrown as? ServerError)?.status == 500)
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }

    // MARK: Messages

    @Test(
        "the message API is callable as the docs show, with Data contents and decode",
        .pact(consumer: "App", provider: "Events", directory: FirstHourTests.messagesDirectory)
    )
    func messagesAsDocumented() async throws {
        defer { try? FileManager.default.removeItem(at: Self.messagesDirectory) }
        struct TodoAdded: Decodable { var id: Int }
        let event = PactMessage("a todo was added")
            .withContent(["id": .integer(7), "title": .like("Buy milk")])
            .withMetadata(["topic": "todos"])
        var handled: [Int] = []
        try await withPactMessages([event]) { message in
            let contents: Data = message.contents
            #expect(try JSONSerialization.jsonObject(with: contents) is [String: Any])
            handled.append(try message.decode(TodoAdded.self).id)
            #expect(message.text?.contains("Buy milk") == true)
            #expect(message.metadata["topic"] == "todos")
        }
        #expect(handled == [7])
        let request = PactSynchronousMessage("add a todo")
            .withRequest(["title": .like("Buy milk")])
            .willRespondWith(["id": .integer(7)])
        try await withPactSynchronousMessages([request]) { request, responses in
            #expect(request.json?["title"] == "Buy milk")
            let ids = try responses.map { try $0.decode(TodoAdded.self).id }
            #expect(ids == [7])
        }
        let pact = try Pact(
            contentsOf: ContractFile.url(consumer: "App", provider: "Events", directory: Self.messagesDirectory)
        )
        #expect(pact.interactions.map(\.description).sorted() == ["a todo was added", "add a todo"])
    }

    static let messagesDirectory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "pactum-first-hour-messages-\(UUID().uuidString)"
    )

    @Test("a message whose example breaks its own matcher fails at withContent and is not written")
    func refusedMessageExample() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = ContractConfiguration(consumer: "App", provider: "Events", directory: directory)
        let line = #line + 2
        let event = PactMessage("a todo was due")
            .withContent(["due": .date(format: "dd.MM.yyyy", example: "2024-05-01")])
        var handled = 0
        try await withKnownIssue {
            try await withPactMessages([event], configuration: configuration) { _ in handled += 1 }
        } matching: { issue in
            issue.comments.map(\.rawValue).joined().hasPrefix(
                "The example in 'a todo was due' does not satisfy its own matcher at message body $.due: "
            ) && issue.sourceLocation?.line == line
        }
        #expect(handled == 1)
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }

    // MARK: The contracts folder and the official verifier

    /// Every matcher of the DSL in one interaction, written the way a user writes it first.
    static var catalogue: PactInteraction {
        let title = "Buy milk"
        let sample = Todo(id: 1, title: title, done: false, due: Date(timeIntervalSince1970: 0), tags: ["home"])
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return PactInteraction("the matcher catalogue")
            .given("todos exist", ["count": 2])
            .withRequest(
                "POST",
                .regex("/todos/\\d+/notes", example: "/todos/1/notes"),
                query: ["page": .integer(2), "sort": .regex("asc|desc", example: "asc")],
                headers: ["Accept": "application/json", "X-Request-Id": .uuid("e2490de5-5bd3-43d5-b7c4-526e33f71304")],
                body: ["text": .like(title), "at": .datetime(example: "2024-05-01T10:00:00Z")]
            )
            .willRespondWith(
                status: 201,
                headers: ["Location": .regex(".*/todos/\\d+", example: "http://localhost/todos/1")],
                body: [
                    "title": .like(title),
                    "id": .integer(42),
                    "generatedId": .integer(generate: 1...100),
                    "price": .decimal(9.99),
                    "exact": .decimal(Decimal(string: "12.5")!),
                    "total": .number(3),
                    "done": .boolean(false),
                    "name": .string("Ada"),
                    "code": .regex("[A-Z]{2}-\\d{4}", example: "BK-0042"),
                    "generatedCode": .regex("[A-Z]{2}-\\d{4}"),
                    "phrase": .includes("milk", example: "Buy milk"),
                    "kind": .equal(to: "todo"),
                    "nothing": .null,
                    "day": .date(example: "2024-05-01"),
                    "today": .date(),
                    "at": .time(example: "10:00"),
                    "created": .datetime(example: "2024-05-01T10:00:00Z"),
                    "updated": .datetime(example: "2024-05-01T10:00:00.123+02:00"),
                    "stamp": .datetime(),
                    "ref": .uuid(),
                    "fixedRef": .uuid("e2490de5-5bd3-43d5-b7c4-526e33f71304"),
                    "version": .semver("1.2.3"),
                    "notes": .notEmpty(["a"]),
                    "hash": .hexadecimal(),
                    "labels": .eachKey(["home": "red"], matching: .regex("[a-z]+")),
                    "scores": .eachValue(["a": 1], matching: .integer),
                    "tags": .arrayContaining(["home", "work"]),
                    "items": .eachLike(["sku": .regex("\\d+", example: "12"), "qty": .integer(1)], min: 2),
                    "least": .atLeast(1, like: title),
                    "most": .atMost(2, like: 1),
                    "sample": .like(encoding: sample, encoder: encoder),
                    "self": .mockServerURL("http://localhost/todos/1", regex: ".*(/todos/\\d+)$"),
                ]
            )
    }

    @Test(
        "a contract written by a passing consumer test verifies against a stub returning its examples (official verifier, on exactly the folder the tests left)"
    )
    func writtenContractVerifies() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = ContractConfiguration(consumer: "TodoApp", provider: "TodoAPI", directory: directory)
        let interaction = Self.catalogue
        guard case .http(let request, _) = interaction.interaction.kind else {
            Issue.record("the catalogue is an HTTP interaction")
            return
        }
        try await withPact(configuration, interactions: [interaction]) { mock in
            let response = try await LoopbackHTTPClient.sendAsync(
                method: "POST",
                port: mock.port,
                target: "/todos/1/notes?page=2&sort=asc",
                headers: (request.headers ?? [:]).flatMap { name, values in values.map { (name, $0) } },
                body: Array(request.body.bytes)
            )
            #expect(response.status == 201)
        }
        // A second pair in the same folder, written in parallel with a message contract.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<4 {
                group.addTask {
                    try await withPactMessages(
                        [PactMessage("event \(index)").withContent(["n": .integer(index)])],
                        configuration: ContractConfiguration(
                            consumer: "TodoApp",
                            provider: "Events",
                            directory: directory
                        )
                    ) { _ in }
                }
            }
            try await group.waitForAll()
        }
        // Nothing but contracts is left in the folder: the official tools read every file there.
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == ["TodoApp-Events.json", "TodoApp-TodoAPI.json"])

        let file = ContractFile.url(consumer: "TodoApp", provider: "TodoAPI", directory: directory)
        let pact = try Pact(contentsOf: file)
        try await withStubServer(pacts: [pact]) { stub in
            let verification = try await PactCLI.verify(
                pactFile: URL(fileURLWithPath: directory.path, isDirectory: true),
                providerPort: stub.port,
                stateChangeURL: nil,
                providerName: "TodoAPI"
            )
            #expect(verification.passed, "\(verification.command)\n\(verification.output)")
            #expect(verification.output.contains("the matcher catalogue"))
        }
    }

    @Test("a lock file left by an earlier version is removed, so the folder holds only contracts")
    func staleLockFileRemoved() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stale = ContractFile.url(consumer: "C", provider: "P", directory: directory).path + ".lock"
        #expect(FileManager.default.createFile(atPath: stale, contents: Data()))
        try ContractFile.merge(
            [PactInteraction("a").withRequest("GET", "/a").willRespondWith(status: 200).interaction],
            consumer: "C",
            provider: "P",
            directory: directory
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["C-P.json"])
    }
}

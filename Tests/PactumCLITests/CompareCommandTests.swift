import Foundation
import PactumCore
import PactumTestSupport
import Testing

/// `pactum compare`: the example consumer's contract against the example provider's OpenAPI document, its exit codes,
/// its text and JSON output, and the document of a swift-openapi-generator project found on its own.
@Suite("pactum compare")
struct CompareCommandTests {
    static let root = SharedData.repositoryRoot
    static let document = root.appendingPathComponent("Fixtures/BookshelfService/Sources/BookshelfAPI/openapi.yaml")
        .path
    static let contract = root.appendingPathComponent("contracts/ExampleConsumer-ExampleProvider.json").path

    /// Runs `pactum compare arguments…` in `directory`.
    static func compare(
        _ arguments: [String],
        in directory: URL = root
    ) async throws
        -> BrokerClientCommandTests.Outcome
    {
        let pactum = try StubCommandTests.pactum().path
        let command = ([pactum, "compare"] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return try await BrokerClientCommandTests.run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "cd '\(directory.path)' && exec \(command)"]
        )
    }

    static func temporaryFile(_ text: String, name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("a compatible contract exits 0 and the text names each warning's interaction and places")
    func compatibleText() async throws {
        let outcome = try await Self.compare(["--openapi", Self.document, Self.contract])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("0 errors, 1 warning (compatible)"))
        #expect(outcome.stdout.contains("warning request.accept.unknown in \"a request to delete book 42\""))
        #expect(outcome.stdout.contains("pact: [root].interactions[4].request.headers.accept"))
        #expect(outcome.stdout.contains("spec: [root].paths./books/{id}.delete"))
    }

    @Test("--output json prints the comparator's result list")
    func json() async throws {
        let outcome = try await Self.compare(["--openapi", Self.document, "--output", "json", Self.contract])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let results = try JSONParser.parse(outcome.stdout)
        #expect(results.arrayValue?.count == 1)
        #expect(results.arrayValue?.first?["code"] == "request.accept.unknown")
        #expect(results.arrayValue?.first?["mockDetails"]?["interactionState"] == "[none]")
    }

    @Test("an incompatible contract exits 1")
    func incompatible() async throws {
        let document = try String(contentsOfFile: Self.document, encoding: .utf8)
            .replacingOccurrences(of: "\"404\":", with: "\"410\":")
        let file = try Self.temporaryFile(document, name: "openapi.yaml")
        let outcome = try await Self.compare(["--openapi", file.path, Self.contract])
        #expect(outcome.status == 1)
        #expect(
            outcome.stdout.contains("error response.status.unknown in \"a request for a book that does not exist\"")
        )
        #expect(outcome.stdout.contains("(not compatible)"))
    }

    @Test("a document that cannot be read exits 3 naming the file and the line")
    func unreadable() async throws {
        let file = try Self.temporaryFile("openapi: 3.0.0\npaths:\n  /a: [\n", name: "broken.yaml")
        let outcome = try await Self.compare(["--openapi", file.path, Self.contract])
        #expect(outcome.status == 3)
        #expect(outcome.stderr.contains("\(file.path): line "))
        let missing = try await Self.compare(["--openapi", Self.document, "/nonexistent/pact.json"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("/nonexistent/pact.json: no such file or folder"))
    }

    @Test("in a swift-openapi-generator project the document is found, and several or none are errors")
    func generatorProject() async throws {
        let project = Self.root.appendingPathComponent("Fixtures/BookshelfService")
        let found = try await Self.compare([Self.contract], in: project)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains("0 errors, 1 warning"))

        let empty = try Self.temporaryFile("", name: "Package.swift").deletingLastPathComponent()
        let none = try await Self.compare([Self.contract], in: empty)
        #expect(none.status == 3)
        #expect(none.stderr.contains("no Sources/<target>/openapi.yaml"))

        for target in ["A", "B"] {
            let folder = empty.appendingPathComponent("Sources/\(target)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("openapi: 3.0.0\n".utf8).write(to: folder.appendingPathComponent("openapi.yaml"))
        }
        let several = try await Self.compare([Self.contract], in: empty)
        #expect(several.status == 3)
        #expect(several.stderr.contains("Sources/A/openapi.yaml, Sources/B/openapi.yaml"))
    }
}

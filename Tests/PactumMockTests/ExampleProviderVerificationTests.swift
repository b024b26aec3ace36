import Foundation
import PactumTestSupport
import Testing

/// The example provider (`Fixtures/ExampleProvider`) verified by the official `pact verifier`, with its
/// provider-state endpoint, against a hand-written V3 pact: the template for verifying the contract the
/// example consumer's tests write.
@Suite("Example provider verified by the official pact verifier")
struct ExampleProviderVerificationTests {
    /// Four interactions the provider honours, each with a provider state; one request path comes from the
    /// value the state endpoint answered (a `ProviderState` generator).
    static let honouredPact = #"""
        {
          "consumer": {"name": "ExampleConsumer"},
          "provider": {"name": "ExampleProvider"},
          "interactions": [
            {
              "description": "a request for book 42",
              "providerStates": [{"name": "a book with id 42 exists", "params": {"id": 42}}],
              "request": {"method": "GET", "path": "/books/42", "headers": {"Accept": "application/json"}},
              "response": {
                "status": 200,
                "headers": {"Content-Type": "application/json"},
                "body": {
                  "id": 42, "title": "The Left Hand of Darkness", "author": "Ursula K. Le Guin",
                  "isbn": "978-0-441-47812-5", "published": "1969-03-01", "tags": ["science fiction"], "price": 9.99
                },
                "matchingRules": {
                  "header": {"Content-Type": {"matchers": [{"match": "regex", "regex": "application/json.*"}]}},
                  "body": {
                    "$.id": {"matchers": [{"match": "integer"}]},
                    "$.title": {"matchers": [{"match": "type"}]},
                    "$.author": {"matchers": [{"match": "type"}]},
                    "$.isbn": {"matchers": [{"match": "regex", "regex": "^97[89]-\\d+-\\d+-\\d+-\\d$"}]},
                    "$.published": {"matchers": [{"match": "date", "date": "yyyy-MM-dd"}]},
                    "$.tags": {"matchers": [{"match": "type", "min": 1}]},
                    "$.price": {"matchers": [{"match": "decimal"}]}
                  }
                }
              }
            },
            {
              "description": "a request for a book that does not exist",
              "providerStates": [{"name": "no books exist"}],
              "request": {"method": "GET", "path": "/books/7"},
              "response": {
                "status": 404,
                "body": {"error": "No book with id 7"},
                "matchingRules": {"body": {"$.error": {"matchers": [{"match": "type"}]}}}
              }
            },
            {
              "description": "a request for the books by an author",
              "providerStates": [{"name": "books by Ursula K. Le Guin exist"}],
              "request": {"method": "GET", "path": "/books", "query": {"author": ["Ursula K. Le Guin"]}},
              "response": {
                "status": 200,
                "body": [{
                  "id": 1, "title": "A Wizard of Earthsea", "author": "Ursula K. Le Guin",
                  "isbn": "978-0-547-77374-2", "published": "1968-09-01", "tags": ["fantasy"], "price": 8.5
                }],
                "matchingRules": {
                  "body": {
                    "$": {"matchers": [{"match": "type", "min": 1}]},
                    "$[*].id": {"matchers": [{"match": "integer"}]},
                    "$[*].title": {"matchers": [{"match": "type"}]},
                    "$[*].author": {"matchers": [{"match": "equality"}]},
                    "$[*].isbn": {"matchers": [{"match": "type"}]},
                    "$[*].published": {"matchers": [{"match": "date", "date": "yyyy-MM-dd"}]},
                    "$[*].tags": {"matchers": [{"match": "type"}]},
                    "$[*].price": {"matchers": [{"match": "number"}]}
                  }
                }
              }
            },
            {
              "description": "a request to add a book",
              "providerStates": [{"name": "no books exist"}],
              "request": {
                "method": "POST",
                "path": "/books",
                "headers": {"Content-Type": "application/json"},
                "body": {
                  "title": "The Lathe of Heaven", "author": "Ursula K. Le Guin", "isbn": "978-1-4165-5696-4",
                  "published": "1971-01-01", "tags": ["science fiction"], "price": 11.5
                }
              },
              "response": {
                "status": 201,
                "headers": {"Location": "/books/1"},
                "body": {
                  "id": 1, "title": "The Lathe of Heaven", "author": "Ursula K. Le Guin",
                  "isbn": "978-1-4165-5696-4", "published": "1971-01-01", "tags": ["science fiction"], "price": 11.5
                },
                "matchingRules": {
                  "header": {"Location": {"matchers": [{"match": "regex", "regex": "^/books/\\d+$"}]}},
                  "body": {"$.id": {"matchers": [{"match": "integer"}]}}
                }
              }
            },
            {
              "description": "a request to delete a book the provider state created",
              "providerStates": [{"name": "a book exists", "params": {"title": "Always Coming Home"}}],
              "request": {
                "method": "DELETE",
                "path": "/books/1000",
                "generators": {"path": {"type": "ProviderState", "expression": "/books/${id}", "dataType": "STRING"}}
              },
              "response": {"status": 204}
            }
          ],
          "metadata": {"pactSpecification": {"version": "3.0.0"}}
        }
        """#

    /// One interaction the provider does not honour: it answers 404 (no provider state), not 200.
    static let brokenPact = #"""
        {
          "consumer": {"name": "ExampleConsumer"},
          "provider": {"name": "ExampleProvider"},
          "interactions": [
            {
              "description": "a request for a book nobody shelved",
              "request": {"method": "GET", "path": "/books/99"},
              "response": {"status": 200, "body": {"id": 99, "title": "Missing"}}
            }
          ],
          "metadata": {"pactSpecification": {"version": "3.0.0"}}
        }
        """#

    static func write(_ pact: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pactum-example-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("ExampleConsumer-ExampleProvider.json")
        try Data(pact.utf8).write(to: file)
        return file
    }

    @Test("the official verifier passes the provider against a pact it honours, using provider states")
    func verifierPassesHonouredPact() async throws {
        let pactFile = try Self.write(Self.honouredPact)
        defer { try? FileManager.default.removeItem(at: pactFile.deletingLastPathComponent()) }
        let provider = try await ExampleProviderProcess()
        defer { provider.stop() }

        let result = try await PactCLI.verify(
            pactFile: pactFile,
            providerPort: provider.port,
            stateChangeURL: provider.stateChangeURL
        )

        #expect(result.passed, "\(result.command)\n\(result.output)\nprovider log:\n\(provider.log)")
        #expect(result.output.contains("a request for book 42"), "\(result.output)")
        // Every state reached the provider's state endpoint, and the generated path used the state's answer.
        let log = provider.log
        #expect(log.contains("POST /_pact/provider-states"), "\(log)")
        #expect(log.contains("-> 204") && !log.contains("/books/1000"), "\(log)")
    }

    @Test("the official verifier fails the provider against a pact it does not honour")
    func verifierFailsBrokenPact() async throws {
        let pactFile = try Self.write(Self.brokenPact)
        defer { try? FileManager.default.removeItem(at: pactFile.deletingLastPathComponent()) }
        let provider = try await ExampleProviderProcess()
        defer { provider.stop() }

        let result = try await PactCLI.verify(
            pactFile: pactFile,
            providerPort: provider.port,
            stateChangeURL: provider.stateChangeURL
        )

        #expect(result.exitCode != 0, "\(result.output)")
        #expect(result.output.contains("a request for a book nobody shelved"), "\(result.output)")
        #expect(result.output.contains("expected 200 but was 404"), "\(result.output)")
    }

    @Test("the provider refuses an unknown provider state with a message naming the states it knows")
    func unknownProviderState() async throws {
        let provider = try await ExampleProviderProcess()
        defer { provider.stop() }

        let answer = try LoopbackHTTPClient.send(
            method: "POST",
            port: provider.port,
            target: "/_pact/provider-states",
            headers: [("Content-Type", "application/json")],
            body: Array(#"{"state": "a dragon exists", "params": {}, "action": "setup"}"#.utf8)
        )

        #expect(answer.status == 400)
        let text = String(decoding: answer.body, as: UTF8.self)
        #expect(text.contains("Unknown provider state 'a dragon exists'"), "\(text)")
        #expect(text.contains("a book with id {id} exists"), "\(text)")
    }
}

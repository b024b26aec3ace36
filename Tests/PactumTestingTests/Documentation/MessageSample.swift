import Foundation
import PactumTesting
import Testing

extension DocumentationSamples {  // doc: hidden
    @Suite(.pact(consumer: "TodoApp", provider: "TodoEvents"))
    struct TodoEventContractTests {
        @Test("handles todo completed events")
        func handlesCompleted() async throws {
            let completed = PactMessage("a todo completed event")
                .given("todo 1 exists")
                .withContent(["id": .integer(1), "completedAt": .datetime(example: "2024-05-01T10:00:00Z")])
                .withMetadata(["topic": "todos", "key": .regex("todo-\\d+", example: "todo-1")])
            try await withPactMessages([completed]) { message in
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = .iso8601
                let event = try message.decode(TodoCompleted.self, decoder: decoder)
                try TodoEvents.handle(event)
            }
        }

        @Test("asks for a todo over a request/reply topic")
        func requestReply() async throws {
            let lookup = PactSynchronousMessage("a todo lookup")
                .withRequest(["id": .integer(1)], metadata: ["topic": "todo-lookups"])
                .willRespondWith(["id": .integer(1), "title": .like("Buy milk")])
            try await withPactSynchronousMessages([lookup]) { request, responses in
                #expect(request.json?["id"] == 1)
                #expect(responses.first?.json?["title"] == "Buy milk")
            }
        }
    }
}  // doc: hidden

import Foundation
import PactumTesting
import Testing

extension DocumentationSamples {  // doc: hidden
    @Suite(.pact(consumer: "TodoApp", provider: "TodoAPI"))
    struct TodoContractTests {
        @Test("fetches a todo")
        func fetchesTodo() async throws {
            let title = "Buy milk"
            let interaction = PactInteraction("a request for todo 1")
                .given("todo 1 exists", ["id": 1])
                .withRequest("GET", "/todos/1", headers: ["Accept": "application/json"])
                .willRespondWith(body: [
                    "id": .integer(1),
                    "title": .like(title),
                    "done": .boolean(false),
                    "due": .datetime(example: "2024-05-01T10:00:00Z"),
                    "tags": .eachLike("home"),
                ])
            try await withPact(interactions: [interaction]) { mock in
                let todo = try await TodoClient(baseURL: mock.url).todo(id: 1)
                #expect(todo.title == title)
            }
        }

        @Test("reports a missing todo")
        func missingTodo() async throws {
            let interaction = PactInteraction("a request for a todo that does not exist")
                .given("no todos exist")
                .withRequest("GET", "/todos/7", headers: ["Accept": "application/json"])
                .willRespondWith(status: 404)
            try await withPact(interactions: [interaction]) { mock in
                await #expect(throws: TodoNotFound(id: 7)) {
                    try await TodoClient(baseURL: mock.url).todo(id: 7)
                }
            }
        }
    }
}  // doc: hidden

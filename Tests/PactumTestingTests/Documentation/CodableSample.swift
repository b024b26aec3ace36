import Foundation
import PactumTesting
import Testing

extension DocumentationSamples {  // doc: hidden
    @Suite(.pact(consumer: "TodoApp", provider: "TodoAPI"))
    struct TodoListContractTests {
        @Test("lists the todos with a tag")
        func todosWithTag() async throws {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            let interaction = PactInteraction("a request for the todos tagged home")
                .given("todos tagged home exist")
                .withRequest("GET", "/todos", query: ["tag": "home"], headers: ["Accept": "application/json"])
                .willRespondWith(
                    body: .eachLike(
                        .like(encoding: Todo.sample, encoder: encoder, overriding: ["id": .integer(1)])
                    )
                )
            try await withPact(interactions: [interaction]) { mock in
                let todos = try await TodoClient(baseURL: mock.url).todos(tag: "home")
                #expect(todos == [Todo.sample])
            }
        }

        @Test("adds a todo")
        func addsTodo() async throws {
            let interaction = PactInteraction("a request to add a todo")
                .withRequest(
                    "POST",
                    "/todos",
                    headers: ["Accept": "application/json"],
                    body: ["title": .like("Buy milk")]
                )
                .willRespondWith(
                    status: 201,
                    headers: ["Location": .regex(".*/todos/\\d+", example: "http://localhost/todos/1")],
                    body: [
                        "id": .integer(1),
                        "title": .like("Buy milk"),
                        "done": .boolean(false),
                        "due": .datetime(example: "2024-05-01T10:00:00Z"),
                        "tags": .atLeast(0, like: "home"),
                    ]
                )
            try await withPact(interactions: [interaction]) { mock in
                let todo = try await TodoClient(baseURL: mock.url).add(title: "Buy milk")
                #expect(todo.id == 1)
            }
        }
    }
}  // doc: hidden

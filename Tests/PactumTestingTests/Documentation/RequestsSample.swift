import Foundation
import PactumTesting
import Testing

#if canImport(FoundationNetworking)  // doc: hidden
import FoundationNetworking  // doc: hidden
#endif  // doc: hidden

extension DocumentationSamples {  // doc: hidden
    @Suite(.pact(consumer: "TodoApp", provider: "TodoAPI"))
    struct RequestContractTests {
        @Test("searches todos by path, query and headers")
        func search() async throws {
            let interaction = PactInteraction("a search for open todos of a list")
                .given("list 3 has open todos")
                .withRequest(
                    "GET",
                    .regex("/lists/\\d+/todos", example: "/lists/3/todos"),
                    query: ["done": "false", "tag": ["home", "work"], "page": .integer(1)],
                    headers: [
                        "Accept": "application/json", "X-Request-Id": .uuid("0f3c2d8e-4b1a-4c55-9a7e-1d2b3c4d5e6f"),
                    ]
                )
                .willRespondWith(
                    headers: ["Cache-Control": .regex("max-age=\\d+", example: "max-age=60")],
                    body: .eachLike(["id": .integer(1), "title": .like("Buy milk")], min: 0, count: 1)
                )
            try await withPact(interactions: [interaction]) { mock in
                var request = URLRequest(
                    url: URL(string: "\(mock.url)/lists/3/todos?done=false&tag=home&tag=work&page=1")!
                )
                request.setValue("application/json", forHTTPHeaderField: "Accept")
                request.setValue("0f3c2d8e-4b1a-4c55-9a7e-1d2b3c4d5e6f", forHTTPHeaderField: "X-Request-Id")
                let (_, response) = try await URLSession.shared.data(for: request)
                #expect((response as? HTTPURLResponse)?.statusCode == 200)
            }
        }

        @Test("sends JSON, form and text bodies")
        func bodies() async throws {
            let json = PactInteraction("a new todo as JSON")
                .withRequest("POST", "/todos", body: ["title": .like("Buy milk"), "tags": .eachLike("home")])
                .willRespondWith(status: 201)
            let form = PactInteraction("a new todo from an HTML form")
                .withRequest("POST", "/forms/todos", form: ["title": .like("Buy milk"), "tag": ["home", "work"]])
                .willRespondWith(status: 201, headers: ["Location": "/todos/1"])
            let text = PactInteraction("a todo note as text")
                .withRequest("PUT", "/todos/1/note", text: "Semi-skimmed", contentType: "text/plain")
                .willRespondWith(status: 204)
            try await withPact(interactions: [json, form, text]) { mock in
                func send(_ method: String, _ path: String, _ body: String, _ type: String) async throws -> Int {
                    var request = URLRequest(url: URL(string: "\(mock.url)\(path)")!)
                    request.httpMethod = method
                    request.setValue(type, forHTTPHeaderField: "Content-Type")
                    request.httpBody = Data(body.utf8)
                    let (_, response) = try await URLSession.shared.data(for: request)
                    return (response as? HTTPURLResponse)?.statusCode ?? 0
                }
                let created = try await send("POST", "/todos", #"{"title":"Tea","tags":["a"]}"#, "application/json")
                let posted = try await send(
                    "POST",
                    "/forms/todos",
                    "title=Tea&tag=home&tag=work",
                    "application/x-www-form-urlencoded"
                )
                let noted = try await send("PUT", "/todos/1/note", "Semi-skimmed", "text/plain")
                #expect(created == 201)
                #expect(posted == 201)
                #expect(noted == 204)
            }
        }
    }
}  // doc: hidden

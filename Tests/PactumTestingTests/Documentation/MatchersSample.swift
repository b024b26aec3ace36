import Foundation
import PactumTesting
import Testing

extension DocumentationSamples {  // doc: hidden
    @Suite(.pact(consumer: "TodoApp", provider: "TodoAPI"))
    struct MatcherContractTests {
        @Test("a todo with every kind of field")
        func everyMatcher() async throws {
            let owner = "ada"
            let limit: Int64 = 100
            let price = Decimal(string: "9.99")!
            let body: PactValue = [
                "id": .integer(1),
                "limit": .integer(limit),
                "price": .decimal(price),
                "ratio": .number(0.5),
                "done": .boolean(false),
                "owner": .like(owner),
                "title": .string("Buy milk"),
                "code": .regex("[A-Z]{2}-\\d{4}", example: "TD-0042"),
                "summary": .includes("milk", example: "Buy milk"),
                "kind": .equal(to: "todo"),
                "parent": .null,
                "day": .date(example: "2024-05-01"),
                "remindAt": .time(example: "09:30"),
                "due": .datetime(example: "2024-05-01T10:00:00Z"),
                "created": .datetime(format: "dd.MM.yyyy HH:mm", example: "01.05.2024 10:00"),
                "ref": .uuid(),
                "apiVersion": .semver("1.4.0"),
                "notes": .notEmpty(["call first"]),
                "checksum": .hexadecimal("3f2a"),
                "tags": .eachLike("home"),
                "assignees": .atLeast(1, like: ["name": .like("Ada")]),
                "history": .atMost(10, like: "created"),
                "labels": .eachKey(["home": "red"], matching: .regex("[a-z]+")),
                "scores": .eachValue(["ada": 3], matching: .integer),
                "links": .arrayContaining([["rel": "self"], ["rel": .like("next")]]),
                "self": .mockServerURL("http://localhost/todos/1", regex: ".*(/todos/\\d+)$"),
            ]
            let interaction = PactInteraction("a request for todo 1 with every field")
                .withRequest("GET", "/todos/1/full")
                .willRespondWith(body: body)
            try await withPact(interactions: [interaction]) { mock in
                let todo = try await TodoClient(baseURL: mock.url).object(at: "todos/1/full")
                #expect(todo["owner"] as? String == owner)
            }
        }
    }
}  // doc: hidden

import Foundation
import PactumCore
import PactumTesting
import Testing

@Suite("PactValue: matchers inside JSON-like literals")
struct PactValueTests {
    @Test("literals, like, eachLike and regex compile to the example, rules at their paths and generators")
    func compiles() throws {
        let interaction = PactInteraction("a book")
            .willRespondWith(
                body: [
                    "id": .integer(42),
                    "title": .like("Dune"),
                    "isbn": .regex("\\d{3}-\\d{10}", example: "978-0441013593"),
                    "tags": .eachLike("sci-fi", min: 2),
                    "authors": .eachLike(["name": .like("Frank Herbert")]),
                    "format": "paperback",
                    "ref": .uuid(),
                ]
            )
            .interaction
        guard case .http(_, let response) = interaction.kind else {
            Issue.record("not HTTP")
            return
        }
        guard case .json(let body) = response.body.content else {
            Issue.record("not JSON")
            return
        }
        #expect(body["id"] == 42)
        #expect(body["tags"] == ["sci-fi", "sci-fi"])
        #expect(body["authors"] == [["name": "Frank Herbert"]])
        #expect(body["format"] == "paperback")
        let rules = response.matchingRules["body"]
        #expect(rules["$.id"] == RuleList([.integer]))
        #expect(rules["$.title"] == RuleList([.type]))
        #expect(rules["$.isbn"] == RuleList([.regex("\\d{3}-\\d{10}")]))
        #expect(rules["$.tags"] == RuleList([.type(min: 2)]))
        #expect(rules["$.authors"] == RuleList([.type(min: 1)]))
        #expect(rules["$.authors[*].name"] == RuleList([.type]))
        #expect(rules["$.format"] == nil)
        #expect(response.generators["body"]["$.ref"] == .uuid())
        #expect(response.headers?["Content-Type"] == ["application/json"])
    }

    @Test("path, query and header matchers land in their categories")
    func requestParts() {
        let interaction = PactInteraction("search")
            .withRequest(
                "get",
                .regex("/books/\\d+", example: "/books/42"),
                query: ["author": .like("Herbert"), "sort": ["title", "year"]],
                headers: ["X-Request-Id": .regex("[a-f0-9]{8}", example: "deadbeef")]
            )
            .interaction
        guard case .http(let request, _) = interaction.kind else {
            Issue.record("not HTTP")
            return
        }
        #expect(request.method == "GET")
        #expect(request.path == "/books/42")
        #expect(request.query == ["author": ["Herbert"], "sort": ["title", "year"]])
        #expect(request.headers == ["X-Request-Id": ["deadbeef"]])
        #expect(request.matchingRules["path"][""] == RuleList([.regex("/books/\\d+")]))
        #expect(request.matchingRules["query"]["author"] == RuleList([.type]))
        #expect(request.matchingRules["header"]["X-Request-Id"] == RuleList([.regex("[a-f0-9]{8}")]))
    }

    @Test("a regex without an example gets a generated example that matches it")
    func regexExample() throws {
        let interaction = PactInteraction("x").willRespondWith(body: ["code": .regex("[A-Z]{3}-\\d{4}")]).interaction
        guard case .http(_, let response) = interaction.kind, case .json(let body) = response.body.content else {
            Issue.record("not a JSON response")
            return
        }
        let code = try #require(body["code"]?.stringValue)
        #expect(code.range(of: "^[A-Z]{3}-\\d{4}$", options: .regularExpression) != nil)
    }
}
